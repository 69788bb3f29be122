import { test, expect } from '@playwright/test';
import { createClinicMap, hydrated, saved } from './helpers';

test('client segments: a workspace list, a persona\'s segment, cards about a segment, the board filtered by one', async ({ page }) => {
  const run = Date.now().toString(36);
  page.on('dialog', (d) => d.accept());
  // The clinic template's personas bring "New client" and "Regular client" to the list.
  await createClinicMap(page, `Segments ${run}`);
  const board = page.url();

  // A step card is about regular clients only.
  const card = page.getByRole('article', { name: /^Compares prices and reviews/ });
  await card.hover();
  await card.getByRole('button', { name: 'Card details' }).click();
  const editor = page.getByRole('group', { name: 'Card details' });
  const scope = editor.getByRole('group', { name: 'Segments this card is about' });
  await expect(scope).toContainText('None ticked: every client.');
  await scope.getByRole('checkbox', { name: 'Regular client' }).check();
  await editor.getByRole('button', { name: 'Close' }).click();
  await expect(card).toContainText('For: Regular client');
  await saved(page);

  // Filtered to new clients: that card dims, the others (about every client) do not, and
  // the regular client's curve is set aside.
  await page.getByRole('button', { name: 'Filter', exact: true }).click();
  await page.getByRole('dialog', { name: 'Filter the board' }).getByRole('combobox', { name: 'Segment' }).selectOption({ label: 'New client' });
  await expect(page.getByRole('list', { name: 'Active filters' }).getByRole('listitem')).toHaveText(['Segment: New client×']);
  await expect(page).toHaveURL(/[?&]segment=g-[0-9a-z]{12}/);
  const opacity = (name: RegExp) =>
    page.getByRole('article', { name }).first().evaluate((el) => Number(getComputedStyle(el).opacity));
  await expect.poll(() => opacity(/^Compares prices and reviews/)).toBeLessThan(0.5);
  expect(await opacity(/^Satisfaction after the procedure/)).toBe(1);
  await expect(page.getByRole('button', { name: 'Show Olga, regular client' })).toHaveAttribute('aria-pressed', 'false');
  await expect(page.getByRole('button', { name: 'Show Marina, new client' })).toHaveAttribute('aria-pressed', 'true');
  // The filtered address opens filtered.
  await page.reload();
  await hydrated(page);
  await expect(page.getByRole('list', { name: 'Active filters' }).getByRole('listitem')).toHaveText(['Segment: New client×']);
  // A persona instead: that persona's curve alone, and the cards about its segment.
  await page.getByRole('button', { name: 'Remove the filter Segment: New client' }).click();
  await expect.poll(() => opacity(/^Compares prices and reviews/)).toBe(1);
  await page.getByRole('button', { name: 'Filter', exact: true }).click();
  await page.getByRole('dialog', { name: 'Filter the board' }).getByRole('combobox', { name: 'Persona' }).selectOption({ label: 'Olga, regular client' });
  await expect(page.getByRole('list', { name: 'Active filters' }).getByRole('listitem')).toHaveText(['Persona: Olga, regular client×']);
  await expect(page).toHaveURL(/[?&]persona=/);
  await expect(page.getByRole('button', { name: 'Show Marina, new client' })).toHaveAttribute('aria-pressed', 'false');
  await expect(page.getByRole('button', { name: 'Show Olga, regular client' })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('svg.emotion-curves path')).toHaveCount(1);
  expect(await opacity(/^Compares prices and reviews/)).toBe(1);

  // The list lives on the persona library page: add, rename, refuse a duplicate.
  await page.goto('/personas');
  await hydrated(page);
  const list = page.getByRole('region', { name: 'Client segments' });
  await expect(list).toContainText('Regular client');
  await list.getByRole('form', { name: 'Add segment' }).getByLabel('Segment name').fill(`VIP ${run}`);
  await list.getByRole('button', { name: 'Add segment' }).click();
  await expect(list.getByRole('listitem').filter({ hasText: `VIP ${run}` })).toBeVisible();
  await list.getByRole('form', { name: 'Add segment' }).getByLabel('Segment name').fill(`vip ${run.toUpperCase()}`);
  await list.getByRole('button', { name: 'Add segment' }).click();
  await expect(list.getByRole('alert')).toHaveText('Another segment already has this name.');
  await list.getByRole('button', { name: `Rename segment VIP ${run}` }).click();
  const rename = list.getByRole('form', { name: `Rename segment VIP ${run}` });
  await rename.getByLabel('Segment name').fill(`Gold ${run}`);
  await rename.getByRole('button', { name: 'Save' }).click();
  await expect(list.getByRole('listitem').filter({ hasText: `Gold ${run}` })).toBeVisible();
  // A segment cards are about cannot go.
  await list.getByRole('button', { name: 'Delete segment Regular client' }).click();
  await expect(list.getByRole('alert')).toContainText('Cards still about this segment: 1.');

  // A new persona chooses its segment from the list.
  await page.goto('/personas/new');
  await hydrated(page);
  await page.getByLabel('Name').fill(`Lia ${run}`);
  await page.getByLabel('Segment', { exact: true }).selectOption(`Gold ${run}`);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page).toHaveURL(/\/personas\/[0-9a-z]+$/);
  await page.goto('/personas');
  await hydrated(page);
  await expect(page.getByRole('link', { name: new RegExp(`Lia ${run}`) })).toContainText(`Gold ${run}`);
  // Deleting the segment leaves the persona without one.
  await page.getByRole('region', { name: 'Client segments' }).getByRole('button', { name: `Delete segment Gold ${run}` }).click();
  await expect(page.getByRole('region', { name: 'Client segments' }).getByRole('listitem').filter({ hasText: `Gold ${run}` })).toHaveCount(0);
  await page.reload();
  await hydrated(page);
  await expect(page.getByRole('link', { name: new RegExp(`Lia ${run}`) })).not.toContainText(`Gold ${run}`);

  // Take the card's segment off again, so the list can lose "Regular client" later.
  await page.goto(board.split('?')[0]);
  await hydrated(page);
  await card.hover();
  await card.getByRole('button', { name: 'Card details' }).click();
  await page.getByRole('group', { name: 'Card details' }).getByRole('checkbox', { name: 'Regular client' }).uncheck();
  await expect(card).not.toContainText('For: Regular client');
  await saved(page);
});
