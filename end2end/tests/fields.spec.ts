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

  // The channel × stage matrix lists touchpoints by channel.
  await page.getByRole('group', { name: 'View' }).getByRole('button', { name: 'Channels' }).click();
  const matrix = page.getByRole('table');
  await expect(matrix.getByRole('rowheader', { name: 'Phone' })).toBeVisible();
  await expect(matrix.getByRole('row', { name: /Phone/ })).toContainText('Books the first visit');
  await expect(matrix.getByRole('columnheader', { name: 'Decision' })).toBeVisible();
  // The priorities view puts the opportunity among the quick wins.
  await page.getByRole('button', { name: 'Priorities' }).click();
  await expect(page.getByRole('region', { name: 'Quick wins' })).toContainText('Online booking');
  await page.getByRole('button', { name: 'Board', exact: true }).click();

  // Durations draw the timeline.
  await page.getByRole('columnheader', { name: /^Awareness/ }).getByRole('textbox', { name: 'Expected duration' }).fill('2 weeks');
  await page.getByRole('columnheader', { name: /^Awareness/ }).getByRole('textbox', { name: 'Expected duration' }).press('Tab');
  await page.getByRole('columnheader', { name: /^Service/ }).getByRole('textbox', { name: 'Expected duration' }).fill('1 hour');
  await page.getByRole('columnheader', { name: /^Service/ }).getByRole('textbox', { name: 'Expected duration' }).press('Tab');
  await expect(page.getByRole('figure', { name: 'Time in each stage' })).toContainText('About 2 wk in all');

  // Undo takes back the last changes one at a time.
  for (let i = 0; i < 3; i++) await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByRole('article', { name: 'First procedure' })).not.toContainText('Moment of truth');
  for (let i = 0; i < 3; i++) await page.getByRole('button', { name: 'Redo' }).click();
  await saved(page);

  await page.reload();
  await hydrated(page);
  await expect(cell(page, 'Decision', 'Pain points')).toContainText('Severity: High');
  await expect(cell(page, 'Decision', 'Touchpoints')).toContainText('Phone');
  await expect(cell(page, 'Service', 'Opportunities')).toContainText('Impact High · Effort Low');
  await expect(cell(page, 'Service', 'Steps')).toContainText('Moment of truth');

  // A lane's kind changes after creation: the severity is hidden while the pain point
  // lane holds ideas, and back (for everyone, after a reload too) when it holds pain points again.
  const kind = page.getByRole('combobox', { name: 'Kind of the lane Pain points' });
  await expect(kind).toHaveValue('pain_points');
  await kind.selectOption('ideas');
  await expect(cell(page, 'Decision', 'Pain points')).not.toContainText('Severity: High');
  await saved(page);
  await page.reload();
  await hydrated(page);
  await expect(kind).toHaveValue('ideas');
  await expect(cell(page, 'Decision', 'Pain points')).not.toContainText('Severity: High');
  await kind.selectOption('pain_points');
  await expect(cell(page, 'Decision', 'Pain points')).toContainText('Severity: High');
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(kind).toHaveValue('ideas');
  await page.getByRole('button', { name: 'Redo' }).click();
  await expect(kind).toHaveValue('pain_points');
  await saved(page);
});
