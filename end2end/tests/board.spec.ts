import { test, expect, Page } from '@playwright/test';
import { addCard, cell, contextAs, createStarterMap, hydrated, mouseDrag, saved } from './helpers';

async function cardTexts(page: Page, stage: string, lane: string) {
  return cell(page, stage, lane).getByRole('article').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
}

async function stageOrder(page: Page) {
  return page.getByRole('columnheader').locator('.stage-title').allTextContents();
}

test('build a map on the board and find it all after a reload', async ({ page }) => {
  await createStarterMap(page, 'Clinic journey');
  await expect(page.getByRole('columnheader', { name: /Awareness/ })).toBeVisible();
  await expect(page.getByRole('rowheader', { name: /Pain points/ })).toBeVisible();

  await addCard(page, 'Awareness', 'Steps', 'Sees an Instagram post');
  await addCard(page, 'Awareness', 'Steps', 'Asks a friend');
  await addCard(page, 'Consideration', 'Touchpoints', 'Website price list');
  await addCard(page, 'Decision', 'Pain points', 'No online booking');

  // Drag with the mouse to another cell.
  const card = page.getByRole('article', { name: 'Website price list' });
  const target = cell(page, 'Decision', 'Touchpoints');
  await mouseDrag(page, card, target);
  await expect(target.getByRole('article', { name: 'Website price list' })).toBeVisible();
  await expect(cell(page, 'Consideration', 'Touchpoints').getByRole('article')).toHaveCount(0);
  await saved(page);

  // Move with the keyboard: pick up, one step right, drop.
  const friend = page.getByRole('article', { name: 'Asks a friend' });
  await friend.focus();
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowRight');
  await expect(cell(page, 'Consideration', 'Steps').getByRole('article', { name: 'Asks a friend' })).toBeVisible();
  await page.keyboard.press('Space');
  await expect(page.locator('[aria-live="assertive"]')).toContainText('Dropped');
  await saved(page);

  // Reorder a stage by dragging its header after the next one.
  const h1 = page.getByRole('columnheader', { name: /^Awareness/ });
  const h2 = page.getByRole('columnheader', { name: /^Consideration/ });
  const a = (await h1.boundingBox())!;
  const b = (await h2.boundingBox())!;
  await page.mouse.move(a.x + 30, a.y + 12);
  await page.mouse.down();
  await page.mouse.move(a.x + 50, a.y + 12, { steps: 3 });
  await page.mouse.move(b.x + b.width - 10, b.y + 12, { steps: 10 });
  await page.mouse.up();
  await expect.poll(() => stageOrder(page)).toEqual(
    ['Consideration', 'Awareness', 'Decision', 'Service', 'Post-purchase', 'Loyalty', 'Advocacy']);
  await saved(page);

  await page.reload();
  await hydrated(page);
  expect(await stageOrder(page)).toEqual(
    ['Consideration', 'Awareness', 'Decision', 'Service', 'Post-purchase', 'Loyalty', 'Advocacy']);
  expect(await cardTexts(page, 'Awareness', 'Steps')).toEqual(['Sees an Instagram post']);
  expect(await cardTexts(page, 'Consideration', 'Steps')).toEqual(['Asks a friend']);
  expect(await cardTexts(page, 'Decision', 'Touchpoints')).toEqual(['Website price list']);
  expect(await cardTexts(page, 'Decision', 'Pain points')).toEqual(['No online booking']);
});

test('undo and redo, edit inline, and refuse an over-long card', async ({ page }) => {
  await createStarterMap(page, 'Massage studio');
  await addCard(page, 'Awareness', 'Thoughts', 'My back hurts');

  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByRole('article', { name: 'My back hurts' })).toHaveCount(0);
  await saved(page);
  await page.getByRole('button', { name: 'Redo' }).click();
  await expect(page.getByRole('article', { name: 'My back hurts' })).toBeVisible();
  await saved(page);

  // Edit inline: Enter saves, Escape cancels.
  const card = page.getByRole('article', { name: 'My back hurts' });
  await card.focus();
  await page.keyboard.press('Enter');
  const box = page.getByRole('textbox', { name: 'Card text' });
  await box.fill('My neck and back hurt');
  await box.press('Enter');
  await expect(page.getByRole('article', { name: 'My neck and back hurt' })).toBeVisible();
  await saved(page);

  // Keyboard shortcut undo.
  await page.getByRole('article', { name: 'My neck and back hurt' }).focus();
  await page.keyboard.press('Control+z');
  await expect(page.getByRole('article', { name: 'My back hurts' })).toBeVisible();
  await page.keyboard.press('Control+Shift+z');
  await expect(page.getByRole('article', { name: 'My neck and back hurt' })).toBeVisible();
  await saved(page);

  // "?" lists the shortcuts; Escape closes the list, so does its button.
  await page.getByRole('article', { name: 'My neck and back hurt' }).focus();
  await page.keyboard.press('Shift+?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toContainText('Search the board');
  await expect(help).toContainText('Move a picked-up card');
  await page.keyboard.press('Escape');
  await expect(help).toHaveCount(0);
  await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
  await help.getByRole('button', { name: 'Close' }).click();
  await expect(help).toHaveCount(0);

  // Over the limit: refused with a message, nothing else changes.
  const edited = page.getByRole('article', { name: 'My neck and back hurt' });
  await edited.focus();
  await page.keyboard.press('Enter');
  await page.getByRole('textbox', { name: 'Card text' }).fill('x'.repeat(2001));
  await page.getByRole('textbox', { name: 'Card text' }).press('Enter');
  await expect(page.getByRole('alert')).toContainText('limited to 2000 characters');
  await expect(page.getByRole('article', { name: 'My neck and back hurt' })).toBeVisible();
  await page.reload();
  await hydrated(page);
  await expect(page.getByRole('article', { name: 'My neck and back hurt' })).toBeVisible();
  await expect(page.getByRole('article')).toHaveCount(1);
});

test('the dashboard lists, deletes to the Trash with confirmation, and restores', async ({ page }) => {
  const title = `To be deleted ${Date.now().toString(36)}`;
  await createStarterMap(page, title);
  await addCard(page, 'Awareness', 'Steps', 'One card');
  await page.getByRole('link', { name: 'Maps' }).click();
  const row = page.getByRole('listitem').filter({ hasText: title });
  await expect(row).toContainText('1 card');
  await row.getByRole('button', { name: 'Delete' }).click();
  await row.getByRole('button', { name: 'Delete map' }).click();
  await expect(page.getByRole('listitem').filter({ hasText: title })).toHaveCount(0);
  // In the Trash for 30 days, with who deleted it; restored, it is back with its card.
  await page.getByRole('link', { name: 'Trash' }).click();
  const trashed = page.getByRole('list', { name: 'Trash' }).getByRole('listitem').filter({ hasText: title });
  await expect(trashed).toContainText('Deleted by Olga Owner');
  await hydrated(page);
  await trashed.getByRole('button', { name: 'Restore' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'is back on the dashboard' })).toBeVisible();
  await page.goto('/');
  await expect(page.getByRole('listitem').filter({ hasText: title })).toContainText('1 card');
});

test('touch drags a card, and lanes reorder from the keyboard', async ({ browser }) => {
  const context = await contextAs(browser, 'Olga Owner', { hasTouch: true, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await createStarterMap(page, 'Touch');
  await addCard(page, 'Awareness', 'Steps', 'Walks past the studio');

  // A touch drag is a sequence of pointer events with pointerType "touch": the finger
  // rests on the card until it lifts (a finger that moves at once scrolls; phone.spec.ts).
  const card = page.getByRole('article', { name: 'Walks past the studio' });
  const from = (await card.boundingBox())!;
  const to = (await cell(page, 'Decision', 'Thoughts').boundingBox())!;
  const point = (x: number, y: number) => ({ pointerType: 'touch', isPrimary: true, pointerId: 7, button: 0, buttons: 1, clientX: x, clientY: y, bubbles: true });
  await card.dispatchEvent('pointerdown', point(from.x + 20, from.y + 10));
  await expect(card).toHaveClass(/dragging/);
  for (let i = 1; i <= 10; i++) {
    const x = from.x + 20 + ((to.x + 40 - from.x - 20) * i) / 10;
    const y = from.y + 10 + ((to.y + 20 - from.y - 10) * i) / 10;
    await card.dispatchEvent('pointermove', point(x, y));
  }
  await card.dispatchEvent('pointerup', point(to.x + 40, to.y + 20));
  await expect(cell(page, 'Decision', 'Thoughts').getByRole('article', { name: 'Walks past the studio' })).toBeVisible();
  await saved(page);

  // Alt+ArrowDown on a lane header moves the lane down one place.
  const lanes = () => page.getByRole('rowheader').locator('.lane-title').allTextContents();
  expect((await lanes()).slice(0, 2)).toEqual(['Steps', 'Touchpoints']);
  await page.getByRole('rowheader', { name: /^Steps/ }).getByRole('button', { name: 'Rename Steps' }).focus();
  await page.keyboard.press('Alt+ArrowDown');
  await expect.poll(lanes).toEqual(['Touchpoints', 'Steps', 'Thoughts', 'Emotions', 'Pain points', 'Opportunities']);
  await saved(page);
  await page.reload();
  await hydrated(page);
  expect((await lanes()).slice(0, 2)).toEqual(['Touchpoints', 'Steps']);
  await context.close();
});

test('stage and map descriptions are edited in place, kept after a reload, and exported', async ({ page }) => {
  await createStarterMap(page, 'Described journey');
  const stage = page.getByRole('columnheader', { name: /^Awareness/ });
  const description = stage.getByRole('textbox', { name: 'Stage description' });
  await description.fill('Clients find us on Instagram\nand through friends');
  await description.blur();
  await saved(page);
  const map = page.getByRole('textbox', { name: 'Map description' });
  await map.fill('First visit of a new client, from the first search to the follow-up');
  await map.blur();
  await saved(page);
  await page.reload();
  await hydrated(page);
  await expect(stage.getByRole('textbox', { name: 'Stage description' })).toHaveValue('Clients find us on Instagram\nand through friends');
  await expect(page.getByRole('textbox', { name: 'Map description' })).toHaveValue(/^First visit of a new client/);
  // The Markdown report carries both.
  await page.getByRole('button', { name: 'Export' }).click();
  const href = await page.getByRole('list', { name: 'Export' }).getByRole('link', { name: 'Markdown', exact: true }).getAttribute('href');
  const text = await (await page.request.get(href!)).text();
  expect(text).toContain('First visit of a new client');
  expect(text).toContain('Clients find us on Instagram');
});
