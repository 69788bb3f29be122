import { test, expect } from '@playwright/test';
import { addCard, cell, createClinicMap, createStarterMap, hydrated, saved } from './helpers';

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

test('a metric keeps dated readings, draws its trend and names the touchpoint it measures', async ({ page }) => {
  await createClinicMap(page, 'Clinic metrics');

  const metric = page.getByRole('article', { name: /^Satisfaction after the procedure/ });
  const open = async () => {
    await metric.hover();
    await metric.getByRole('button', { name: 'Card details' }).click();
    return page.getByRole('group', { name: 'Card details' });
  };
  let editor = await open();
  const history = editor.getByRole('group', { name: 'Metric history' });
  await expect(history).toContainText('No readings yet');
  await history.getByLabel('Reading date').fill('2026-10-01');
  await history.getByRole('textbox', { name: 'Reading value' }).fill('4,1');
  await history.getByRole('button', { name: 'Add reading' }).click();
  // A value that is not a number is refused with a reason, and nothing is recorded.
  await history.getByLabel('Reading date').fill('2026-11-01');
  await history.getByRole('textbox', { name: 'Reading value' }).fill('four');
  await history.getByRole('button', { name: 'Add reading' }).click();
  await expect(history.getByRole('alert')).toHaveText('Enter the value as a number, e.g. 4.5.');
  await history.getByRole('textbox', { name: 'Reading value' }).fill('4.6');
  await history.getByRole('textbox', { name: 'Reading value' }).press('Enter');
  await expect(history.getByRole('alert')).toHaveCount(0);
  await expect(history.getByRole('listitem')).toHaveCount(2);
  await editor.getByRole('combobox', { name: 'Touchpoint measured' }).selectOption({ label: 'The procedure · The procedure room' });
  await editor.getByRole('button', { name: 'Close' }).click();

  const trend = metric.getByRole('img', { name: 'Trend: 2 readings from 1 Oct 2026 to 1 Nov 2026, getting better' });
  await expect(trend).toBeVisible();
  await expect(metric).toContainText('4.6 /5');
  await expect(metric).toContainText('Measures: The procedure room');
  await saved(page);

  // Forgetting the newest reading takes the value back to the one before; undo restores it.
  editor = await open();
  await editor.getByRole('button', { name: 'Remove the reading of 1 Nov 2026' }).click();
  await expect(editor.getByRole('group', { name: 'Metric history' }).getByRole('listitem')).toHaveCount(1);
  await editor.getByRole('button', { name: 'Close' }).click();
  await expect(metric).toContainText('4.1 /5');
  await expect(trend).toHaveCount(0);
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(trend).toBeVisible();
  await saved(page);

  // Kept for everyone, and shown in each language's numbers and dates.
  await page.reload();
  await hydrated(page);
  await expect(trend).toBeVisible();
  await page.getByRole('combobox', { name: 'Language' }).selectOption('pt-BR');
  // (The template's texts stay in the language the map was made in.)
  await expect(metric).toContainText('4,6 /5');
  await expect(metric.getByRole('img', { name: 'Tendência: 2 medições de 1 de out. de 2026 a 1 de nov. de 2026, melhorando' })).toBeVisible();
  await expect(metric).toContainText('Mede: The procedure room');
});

test('a step card says how each persona feels there, and the curve follows the steps', async ({ page }) => {
  await createClinicMap(page, 'Clinic feelings');

  const step = page.getByRole('article', { name: /^Compares prices and reviews/ });
  const dots = page.locator('.emotion-curves path.step-dots');
  await expect(dots).toHaveCount(0);
  await step.hover();
  await step.getByRole('button', { name: 'Card details' }).click();
  const editor = page.getByRole('group', { name: 'Card details' });
  const feelings = editor.getByRole('group', { name: 'Feelings at this step' });
  await feelings.getByRole('combobox', { name: 'How Marina, new client feels at this step' }).selectOption({ label: '-2 Very unhappy' });
  await feelings.getByRole('combobox', { name: 'How Olga, regular client feels at this step' }).selectOption({ label: '+1 Happy' });
  await editor.getByRole('button', { name: 'Close' }).click();
  await expect(step).toContainText('Marina, new client: -2 Very unhappy');
  await expect(step).toContainText('Olga, regular client: +1 Happy');
  // Both curves now pass through the step: a dot each where it is; the stage's own
  // point says it is set aside.
  await expect(dots).toHaveCount(2);
  await expect(page.getByRole('slider', { name: 'Marina, new client — Consideration' }))
    .toHaveAttribute('title', /the curve follows this stage's steps$/);
  await saved(page);

  // Not said any more: back to the stage's own point; undo brings it back.
  await step.hover();
  await step.getByRole('button', { name: 'Card details' }).click();
  await feelings.getByRole('combobox', { name: 'How Olga, regular client feels at this step' }).selectOption({ label: 'not set' });
  await editor.getByRole('button', { name: 'Close' }).click();
  await expect(step).not.toContainText('Olga, regular client');
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(step).toContainText('Olga, regular client: +1 Happy');
  await saved(page);
  await page.reload();
  await hydrated(page);
  await expect(step).toContainText('Marina, new client: -2 Very unhappy');
  await expect(dots).toHaveCount(2);
});
