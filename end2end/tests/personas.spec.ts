import { test, expect, Page } from '@playwright/test';
import { createStarterMap, hydrated, saved } from './helpers';

async function createPersona(page: Page, p: { name: string; segment: string; quote: string; says: string; feels: string }) {
  await page.goto('/');
  await hydrated(page);
  await page.getByRole('navigation').getByRole('link', { name: 'Personas' }).click();
  await hydrated(page);
  // The segment is chosen from the workspace's list: add it there first.
  const segments = page.getByRole('region', { name: 'Client segments' });
  await segments.getByRole('form', { name: 'Add segment' }).getByLabel('Segment name').fill(p.segment);
  await segments.getByRole('button', { name: 'Add segment' }).click();
  await expect(segments.getByRole('listitem').filter({ hasText: p.segment })).toBeVisible();
  await page.getByRole('link', { name: 'New persona' }).click();
  // The persona page's code comes in a chunk of its own: the library stays until it is there.
  await expect(page.getByRole('form', { name: 'New persona' })).toBeVisible();
  await page.getByLabel('Name').fill(p.name);
  await page.getByLabel('Segment', { exact: true }).selectOption(p.segment);
  await page.getByLabel('Gender').fill(p.name === 'Ana' ? 'woman' : 'man');
  await page.getByLabel('Quote').fill(p.quote);
  await page.getByLabel('Goals').fill('Relax after work');
  await page.getByLabel('Needs').fill('Easy booking');
  await page.getByLabel('Fears').fill('Pain');
  await page.getByLabel('Says').fill(p.says);
  await page.getByLabel('Thinks').fill('Is this worth it?');
  await page.getByLabel('Does').fill('Reads reviews');
  await page.getByLabel('Feels').fill(p.feels);
  await page.getByRole('checkbox', { name: 'Social networks' }).check();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page).toHaveURL(/\/personas\/[0-9a-f]+$/);
  await expect(page.getByRole('heading', { name: p.name })).toBeVisible();
}

test('personas with an empathy map, linked to a map, with emotion curves', async ({ page }) => {
  await createPersona(page, { name: 'Ana', segment: 'Walk-in', quote: 'I want to feel safe', says: 'Does it hurt?', feels: 'Anxious' });
  // It persisted with its empathy map.
  await page.reload();
  await hydrated(page);
  await expect(page.getByLabel('Says')).toHaveValue('Does it hurt?');
  await expect(page.getByLabel('Gender')).toHaveValue('woman');
  await expect(page.getByRole('checkbox', { name: 'Social networks' })).toBeChecked();
  await createPersona(page, { name: 'Bruno', segment: 'Member', quote: 'Same time next month', says: 'Book me again', feels: 'Relaxed' });

  await page.getByRole('link', { name: 'Personas' }).first().click();
  await expect(page.getByRole('listitem').filter({ hasText: 'Ana' })).toContainText('I want to feel safe');
  await expect(page.getByRole('listitem').filter({ hasText: 'Ana' })).toContainText('Walk-in · woman');

  await createStarterMap(page, 'Clinic with personas');
  await page.getByRole('button', { name: 'Personas' }).click();
  const linker = page.getByRole('group', { name: 'Personas on this map' });
  await linker.getByRole('checkbox', { name: 'Ana' }).check();
  await linker.getByRole('checkbox', { name: 'Bruno' }).check();
  await page.getByRole('button', { name: 'Personas' }).click();

  // Set emotions: click on a track, and with the keyboard.
  const ana1 = page.getByRole('slider', { name: 'Ana — Awareness' });
  await ana1.focus();
  await page.keyboard.press('ArrowDown'); // first press sets neutral (0), then down
  await page.keyboard.press('ArrowDown');
  await expect(ana1).toHaveAttribute('aria-valuenow', '-1');
  await expect(ana1).toHaveAttribute('aria-valuetext', 'Unhappy');
  // A short note on the point: Enter opens it, Enter saves.
  await page.keyboard.press('Enter');
  await page.getByRole('textbox', { name: 'Note' }).fill('Prices are hidden');
  await page.getByRole('textbox', { name: 'Note' }).press('Enter');
  await expect(ana1).toHaveAccessibleDescription('Prices are hidden');
  await page.getByRole('slider', { name: 'Ana — Consideration' }).focus();
  await page.keyboard.press('End');
  await expect(page.getByRole('slider', { name: 'Ana — Consideration' })).toHaveAttribute('aria-valuetext', 'Very happy');
  const bruno = page.getByRole('slider', { name: 'Bruno — Awareness' });
  const box = (await bruno.boundingBox())!;
  // Click high on Bruno's track: happy.
  await page.mouse.click(box.x + box.width / 2, box.y - 30);
  await expect(bruno).toHaveAttribute('aria-valuenow', /^(1|2)$/);
  await page.getByRole('slider', { name: 'Bruno — Consideration' }).focus();
  await page.keyboard.press('Home');
  await saved(page);

  // Two curves, one per persona.
  await expect(page.locator('svg.emotion-curves path')).toHaveCount(2);
  // Filter to one persona.
  await page.getByRole('button', { name: 'Show Bruno' }).click();
  await expect(page.locator('svg.emotion-curves path')).toHaveCount(1);
  await expect(page.getByRole('slider', { name: /^Bruno/ })).toHaveCount(0);
  await page.getByRole('button', { name: 'Show Bruno' }).click();

  // Undo the last emotion edit.
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByRole('slider', { name: 'Bruno — Consideration' })).toHaveAttribute('aria-valuetext', 'not set');
  await saved(page);

  await page.reload();
  await hydrated(page);
  await expect(page.getByRole('slider', { name: 'Ana — Awareness' })).toHaveAttribute('aria-valuenow', '-1');
  await expect(page.getByRole('slider', { name: 'Ana — Awareness' })).toHaveAccessibleDescription('Prices are hidden');
  await expect(page.getByRole('slider', { name: 'Ana — Consideration' })).toHaveAttribute('aria-valuenow', '2');
  await expect(page.locator('svg.emotion-curves path')).toHaveCount(2);

  // A persona still linked to a map cannot be deleted.
  await page.goto('/personas');
  await page.getByRole('link', { name: /Ana/ }).click();
  await hydrated(page);
  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: 'Delete persona' }).click();
  await expect(page.getByRole('alert')).toContainText('unlink it');
});

test('a persona without a name is refused with a message', async ({ page }) => {
  await page.goto('/personas/new');
  await hydrated(page);
  await page.getByLabel('Quote').fill('No name here');
  const answer = page.waitForResponse((r) => r.url().includes('/personas/save'));
  await page.getByRole('button', { name: 'Save' }).click();
  // A refusal, not a server fault.
  expect((await answer).status()).toBe(422);
  await expect(page.getByRole('alert')).toContainText('needs a name');
});

test('a persona photo: the wrong type is refused, a PNG is shown', async ({ page }) => {
  await page.goto('/personas/new');
  await hydrated(page);
  await page.getByLabel('Name').fill('Carla');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page).toHaveURL(/\/personas\/[0-9a-f]+$/);
  await hydrated(page);
  const photo = page.getByLabel('Photo');
  await photo.setInputFiles({ name: 'notes.txt', mimeType: 'image/png', buffer: Buffer.from('not an image at all') });
  await expect(page.getByRole('alert')).toContainText('Only PNG, JPEG or WebP');
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
  await photo.setInputFiles({ name: 'carla.png', mimeType: 'image/png', buffer: png });
  const img = page.locator('img.avatar');
  await expect(img).toBeVisible();
  const res = await page.request.get(await img.getAttribute('src') as string);
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toBe('image/png');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.reload();
  await expect(page.locator('img.avatar')).toBeVisible();
});
