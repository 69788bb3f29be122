import { test, expect } from '@playwright/test';
import { addCard, cell, createStarterMap, hydrated, saved } from './helpers';

test('cards carry the fields of their lane kind', async ({ page }) => {
  await createStarterMap(page, 'Clinic fields');
  await addCard(page, 'Decision', 'Pain points', 'Only phone booking');
  await addCard(page, 'Decision', 'Touchpoints', 'Books the first visit');
  await addCard(page, 'Service', 'Opportunities', 'Online booking');
  await addCard(page, 'Service', 'Steps', 'First procedure');

  const open = async (name: string) => {
    const card = page.getByRole('article', { name });
    await card.hover();
    await card.getByRole('button', { name: 'Card details' }).click();
    return page.getByRole('group', { name: 'Card details' });
  };

  let editor = await open('Only phone booking');
  await editor.getByRole('radio', { name: 'High' }).check();
  await editor.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByRole('article', { name: 'Only phone booking' })).toContainText('Severity: High');

  editor = await open('Books the first visit');
  await editor.getByRole('combobox', { name: 'Channel' }).selectOption('phone');
  await editor.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByRole('article', { name: 'Books the first visit' })).toContainText('Phone');

  editor = await open('Online booking');
  await editor.getByRole('combobox', { name: 'Impact' }).selectOption('3');
  await editor.getByRole('combobox', { name: 'Effort' }).selectOption('1');
  await editor.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByRole('article', { name: 'Online booking' })).toContainText('Impact High · Effort Low');

  editor = await open('First procedure');
  await editor.getByRole('checkbox', { name: 'Moment of truth' }).check();
  await editor.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByRole('article', { name: 'First procedure' })).toContainText('Moment of truth');

  // Undo takes back the last field change only.
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByRole('article', { name: 'First procedure' })).not.toContainText('Moment of truth');
  await page.getByRole('button', { name: 'Redo' }).click();
  await saved(page);

  await page.reload();
  await hydrated(page);
  await expect(cell(page, 'Decision', 'Pain points')).toContainText('Severity: High');
  await expect(cell(page, 'Decision', 'Touchpoints')).toContainText('Phone');
  await expect(cell(page, 'Service', 'Opportunities')).toContainText('Impact High · Effort Low');
  await expect(cell(page, 'Service', 'Steps')).toContainText('Moment of truth');
});
