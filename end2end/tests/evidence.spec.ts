import { test, expect } from '@playwright/test';
import { createClinicMap, hydrated } from './helpers';

// Customer feedback as evidence: a clinic imports its booking system's export (Portuguese
// headers, semicolons, dd/mm/yyyy, decimal commas, a service name that is not a stage
// title, one bad row), maps the columns, imports, and sees the feedback curve, the stage
// evidence and the Insights ranking; then marks the map reviewed. Driven by the names a
// screen reader hears.

function clinicExport(): string {
  const rows = ['Data;Serviço;Nota;Comentário;Cliente;ID'];
  let id = 1;
  const add = (date: string, service: string, score: string, comment: string, client: string) =>
    rows.push(`${date};${service};${score};${comment};${client};r${id++}`);
  for (let i = 0; i < 12; i++) {
    add(`${String(1 + i).padStart(2, '0')}/10/2026`, 'The procedure', i % 3 === 0 ? '2' : '3', i % 2 ? 'Long waiting before the procedure' : 'waiting again, call me +55 11 98765-4321', `c${i}`);
  }
  for (let i = 0; i < 10; i++) {
    add(`${String(1 + i).padStart(2, '0')}/11/2026`, 'Agendamento online', i % 2 ? '5' : '4,5', 'Easy to book', `c${20 + i}`);
  }
  for (let i = 0; i < 8; i++) {
    add(`${String(10 + i)}/11/2026`, 'After-care', '4', 'Nice follow-up call', `c${40 + i}`);
  }
  rows.push('32/13/2026;The procedure;3;bad date row;c99;r999');
  return rows.join('\n') + '\n';
}

test('import a clinic export through the mapping, see the evidence and the bottlenecks, mark reviewed', async ({ page }) => {
  const title = `Evidence clinic ${Date.now().toString(36)}`;
  await createClinicMap(page, title);

  await page.getByRole('button', { name: 'Import feedback' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import feedback' });
  await dialog.getByLabel('Feedback file').setInputFiles({
    name: 'agenda-clinica.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(clinicExport(), 'utf-8'),
  });
  // The columns are recognised from the Portuguese headers.
  await expect(dialog.getByRole('combobox', { name: 'Date', exact: true })).toHaveValue('Data');
  await expect(dialog.getByRole('combobox', { name: 'Score', exact: true })).toHaveValue('Nota');
  await expect(dialog.getByRole('combobox', { name: 'Comment', exact: true })).toHaveValue('Comentário');
  await expect(dialog.getByRole('combobox', { name: 'Stage', exact: true })).toHaveValue('Serviço');
  // The booking system's service name is mapped to a stage once.
  await dialog.getByRole('combobox', { name: 'Stage for “Agendamento online”' }).selectOption('Decision');
  // One row cannot be imported: listed with its line and reason; skipped on request.
  await expect(dialog.getByText(/Line 32:/)).toBeVisible();
  const confirm = dialog.getByRole('button', { name: /^Import \d+ answers/ });
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel('Skip these rows and import the rest').check();
  await expect(confirm).toHaveAccessibleName('Import 30 answers');
  await confirm.click();
  await expect(dialog.getByRole('status').filter({ hasText: /Imported 30 answers/ })).toBeVisible();
  await dialog.getByRole('button', { name: 'Close' }).click();

  // The emotion lane's legend has the customer feedback curve; the stage header its evidence.
  await expect(page.getByRole('button', { name: 'Customer feedback' })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('columnheader').filter({ hasText: 'The procedure' })).toContainText('12 answers');

  // Insights: the procedure ranks first; a stage with too few answers says so.
  await page.getByRole('button', { name: 'Insights' }).click();
  const list = page.getByRole('list', { name: 'Bottlenecks' });
  await expect(list.getByRole('listitem').first()).toContainText('The procedure');
  await expect(list.getByRole('listitem').filter({ hasText: 'Awareness' })).toContainText('Not enough data');

  // The answers survive a reload, and a comment's phone number was masked.
  await page.reload();
  await hydrated(page);
  await expect(page.getByRole('columnheader').filter({ hasText: 'The procedure' })).toContainText('12 answers');

  // A living map: mark it reviewed.
  await page.getByRole('button', { name: 'Mark reviewed' }).click();
  await page.getByRole('textbox', { name: 'Review note' }).fill('Monthly review with the team');
  await page.getByRole('button', { name: 'Save review' }).click();
  await expect(page.getByRole('status').filter({ hasText: /Reviewed/ })).toBeVisible();
});
