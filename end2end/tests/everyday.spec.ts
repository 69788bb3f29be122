import { test, expect } from '@playwright/test';
import { addCard, cell, createStarterMap, hydrated, mouseDrag, openAs, saved } from './helpers';

// The board's everyday conveniences: zoom and fit, the arrow keys through the grid, and
// "Undo" after a delete.

test('zoom out, in and fit to screen; the level is kept for the next visit', async ({ page }) => {
  await createStarterMap(page, `Zoom ${Date.now().toString(36)}`);
  const grid = page.getByRole('grid');
  const level = page.getByRole('button', { name: /^Zoom level/ });
  await expect(level).toHaveText('100 %');
  const wide = (await grid.boundingBox())!.width;

  await page.getByRole('button', { name: 'Zoom out' }).click();
  await page.getByRole('button', { name: 'Zoom out' }).click();
  await expect(level).toHaveText('75 %');
  await expect.poll(async () => (await grid.boundingBox())!.width).toBeLessThan(wide * 0.8);
  // A card is still where the pointer finds it: adding one works at 75 %.
  await addCard(page, 'Awareness', 'Steps', 'Sees a post');
  await page.getByRole('button', { name: 'Zoom in' }).click();
  await expect(level).toHaveText('90 %');

  // Ctrl + wheel zooms in too.
  await grid.hover();
  await page.keyboard.down('Control');
  await page.mouse.wheel(0, -300);
  await page.keyboard.up('Control');
  await expect.poll(async () => parseInt((await level.textContent()) ?? '0', 10)).toBeGreaterThan(90);

  // Fit to screen on a narrow window: the whole grid fits its width.
  await page.setViewportSize({ width: 800, height: 700 });
  await page.getByRole('button', { name: 'Fit to screen' }).click();
  await expect.poll(async () => parseInt((await level.textContent()) ?? '0', 10)).toBeLessThan(90);
  const scroller = page.locator('[data-board-scroll]');
  const fits = await scroller.evaluate((s) => s.scrollWidth <= s.clientWidth + 1);
  expect(fits).toBe(true);
  const fitted = await level.textContent();

  // The level is this browser's for this map: kept after a reload.
  await page.reload();
  await hydrated(page);
  await expect(level).toHaveText(fitted!);
  // Ctrl+0 sets it back to 100 % (the page's own zoom is untouched).
  await grid.getByRole('article', { name: 'Sees a post' }).focus();
  await page.keyboard.press('Control+0');
  await expect(level).toHaveText('100 %');
});

test('the arrow keys move the focus through the grid, cell by cell', async ({ page }) => {
  await createStarterMap(page, `Arrows ${Date.now().toString(36)}`);
  await addCard(page, 'Awareness', 'Steps', 'Sees a post');
  await addCard(page, 'Awareness', 'Steps', 'Asks a friend');
  await addCard(page, 'Consideration', 'Steps', 'Reads reviews');
  const post = page.getByRole('article', { name: 'Sees a post' });
  await post.focus();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('article', { name: 'Asks a friend' })).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('article', { name: 'Reads reviews' })).toBeFocused();
  // Down from the last card: the empty cell below takes the focus.
  await page.keyboard.press('ArrowDown');
  const below = page.locator(':focus');
  await expect(below).toHaveAttribute('role', 'gridcell');
  await expect(below).toHaveAttribute('aria-label', /^Consideration — /);
  await page.keyboard.press('ArrowUp');
  await expect(page.getByRole('article', { name: 'Reads reviews' })).toBeFocused();
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByRole('article', { name: 'Sees a post' })).toBeFocused();
  // A picked-up card still moves with the arrows (the focus goes with it).
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Space');
  await expect(cell(page, 'Consideration', 'Steps').getByRole('article', { name: 'Sees a post' })).toBeVisible();
  await saved(page);
});

test('a deleted card comes back with the toast\'s Undo', async ({ page }) => {
  await createStarterMap(page, `Toast ${Date.now().toString(36)}`);
  await addCard(page, 'Awareness', 'Steps', 'Sees a post');
  await page.getByRole('article', { name: 'Sees a post' }).focus();
  await page.keyboard.press('Delete');
  await expect(page.getByRole('article', { name: 'Sees a post' })).toHaveCount(0);
  const toast = page.locator('.toast');
  await expect(toast).toContainText('Card “Sees a post” deleted');
  await toast.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByRole('article', { name: 'Sees a post' })).toBeVisible();
  await expect(toast).toHaveCount(0);
  await saved(page);
  await page.reload();
  await expect(page.getByRole('article', { name: 'Sees a post' })).toBeVisible();
});

test('several cards: selected, recoloured, moved as one undo, copied and pasted into another map', async ({ page }) => {
  await createStarterMap(page, `Select ${Date.now().toString(36)}`);
  await addCard(page, 'Awareness', 'Steps', 'Sees a post');
  await addCard(page, 'Awareness', 'Steps', 'Asks a friend');
  await addCard(page, 'Consideration', 'Steps', 'Reads reviews');
  const post = page.getByRole('article', { name: 'Sees a post' });
  const reviews = page.getByRole('article', { name: 'Reads reviews' });
  await post.click({ modifiers: ['Shift'], position: { x: 8, y: 8 } });
  await reviews.click({ modifiers: ['Shift'], position: { x: 8, y: 8 } });
  const bar = page.getByRole('toolbar', { name: 'Selected cards' });
  await expect(bar).toContainText('2 cards selected');

  // Dragging one selected card moves both.
  const target = cell(page, 'Decision', 'Touchpoints');
  await mouseDrag(page, post, target);
  await expect(target.getByRole('article')).toHaveCount(2);
  await saved(page);
  // One undo puts both back.
  await page.getByRole('button', { name: 'Undo', exact: true }).click();
  await expect(cell(page, 'Awareness', 'Steps').getByRole('article', { name: 'Sees a post' })).toBeVisible();
  await expect(cell(page, 'Consideration', 'Steps').getByRole('article', { name: 'Reads reviews' })).toBeVisible();
  await expect(target.getByRole('article')).toHaveCount(0);

  // Recoloured together.
  await bar.getByRole('button', { name: 'Red' }).click();
  await expect(post).toHaveClass(/colour-red/);
  await expect(reviews).toHaveClass(/colour-red/);
  await expect(page.getByRole('article', { name: 'Asks a friend' })).not.toHaveClass(/colour-red/);
  await saved(page);

  // Copied, then pasted into a cell of another map.
  await post.focus();
  await page.keyboard.press('Control+c');
  await page.keyboard.press('Escape');
  await expect(bar).toHaveCount(0);
  await createStarterMap(page, `Paste ${Date.now().toString(36)}`);
  await cell(page, 'Service', 'Thoughts').focus();
  await page.keyboard.press('Control+v');
  const pasted = cell(page, 'Service', 'Thoughts').getByRole('article');
  await expect(pasted).toHaveCount(2);
  await expect(pasted.first()).toHaveAttribute('aria-label', 'Sees a post');
  await expect(pasted.first()).toHaveClass(/colour-red/);
  await saved(page);
  await page.reload();
  await expect(cell(page, 'Service', 'Thoughts').getByRole('article')).toHaveCount(2);
});

test('a box drawn from the board\'s empty space selects the cards it meets', async ({ page }) => {
  await createStarterMap(page, `Box ${Date.now().toString(36)}`);
  await addCard(page, 'Awareness', 'Steps', 'Sees a post');
  await addCard(page, 'Consideration', 'Steps', 'Reads reviews');
  await addCard(page, 'Awareness', 'Pain points', 'Too expensive');
  const start = (await cell(page, 'Awareness', 'Thoughts').boundingBox())!;
  const end = (await cell(page, 'Consideration', 'Steps').getByRole('article').boundingBox())!;
  // From the empty Thoughts cell up and right over the two Steps cards.
  await page.mouse.move(start.x + start.width - 10, start.y + start.height - 10);
  await page.mouse.down();
  await page.mouse.move(start.x + start.width / 2, start.y, { steps: 3 });
  await page.mouse.move(end.x + 10, end.y + 5, { steps: 6 });
  await page.mouse.up();
  const bar = page.getByRole('toolbar', { name: 'Selected cards' });
  await expect(bar).toContainText('2 cards selected');
  await expect(page.getByRole('article', { name: 'Sees a post' })).toHaveClass(/selected/);
  await expect(page.getByRole('article', { name: 'Reads reviews' })).toHaveClass(/selected/);
  await expect(page.getByRole('article', { name: 'Too expensive' })).not.toHaveClass(/selected/);
  // Deleted together, and back with one undo.
  await bar.getByRole('button', { name: 'Delete selected' }).click();
  await expect(page.getByRole('article')).toHaveCount(1);
  await page.getByRole('button', { name: 'Undo', exact: true }).click();
  await expect(page.getByRole('article')).toHaveCount(3);
  await saved(page);

  // Ctrl/⌘ + A on the board selects every card; while searching, the found ones.
  await page.getByRole('article', { name: 'Sees a post' }).focus();
  await page.keyboard.press('Escape');
  await page.keyboard.press('ControlOrMeta+a');
  await expect(bar).toContainText('3 cards selected');
  await page.keyboard.press('Escape');
  await expect(bar).toHaveCount(0);
  await page.keyboard.press('ControlOrMeta+f');
  // (A textbox, as the accessibility contract names it: not type=search, whose role is
  // searchbox.)
  await page.getByRole('textbox', { name: 'Search' }).fill('post');
  await expect(page.getByRole('search').getByRole('status')).toHaveText('1 of 1');
  await page.getByRole('article', { name: 'Sees a post' }).focus();
  await page.keyboard.press('ControlOrMeta+a');
  await expect(bar).toContainText('1 card selected');
});

test('a filter dims the other cards, shows as a removable chip and lives in the address', async ({ page }) => {
  await createStarterMap(page, `Filter ${Date.now().toString(36)}`);
  await addCard(page, 'Awareness', 'Steps', 'Sees a post');
  await addCard(page, 'Awareness', 'Pain points', 'Too expensive');
  await page.getByRole('button', { name: 'Filter', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Filter the board' });
  await dialog.getByLabel('Lane kind').selectOption({ label: 'Pain points' });
  const chips = page.getByRole('list', { name: 'Active filters' });
  await expect(chips.getByRole('listitem')).toHaveText(['Lane kind: Pain points×']);
  await expect(page).toHaveURL(/[?&]kind=pain_points/);
  const opacity = (name: string) =>
    page.getByRole('article', { name }).evaluate((el) => Number(getComputedStyle(el).opacity));
  await expect.poll(() => opacity('Sees a post')).toBeLessThan(0.5);
  expect(await opacity('Too expensive')).toBe(1);

  // The address, opened afresh, shows the board filtered the same way.
  const url = page.url();
  await page.goto(url);
  await hydrated(page);
  await expect(chips.getByRole('listitem')).toHaveCount(1);
  await expect.poll(() => opacity('Sees a post')).toBeLessThan(0.5);
  // Removing the chip brings every card back and clears the address.
  await chips.getByRole('button', { name: 'Remove the filter Lane kind: Pain points' }).click();
  await expect(chips.getByRole('listitem')).toHaveCount(0);
  await expect.poll(() => opacity('Sees a post')).toBe(1);
  await expect(page).not.toHaveURL(/kind=/);
});

test('tag a card with the Tags field, then filter the board by the tag', async ({ page }) => {
  await createStarterMap(page, `Tags ${Date.now().toString(36)}`);
  await addCard(page, 'Awareness', 'Steps', 'Sees a post');
  await addCard(page, 'Awareness', 'Pain points', 'Long wait at reception');
  const card = page.getByRole('article', { name: 'Long wait at reception' });
  await card.hover();
  await card.getByRole('button', { name: 'Card details' }).click();
  const tags = page.getByRole('group', { name: 'Card details' }).getByRole('combobox', { name: 'Tags' });
  await tags.fill('reception');
  await tags.press('Enter');
  await page.getByRole('group', { name: 'Card details' }).getByRole('button', { name: 'Close' }).click();
  await expect(card).toContainText('#reception');
  await saved(page);

  await page.getByRole('button', { name: 'Filter', exact: true }).click();
  await page.getByRole('dialog', { name: 'Filter the board' }).getByRole('combobox', { name: 'Tags' }).selectOption('reception');
  await expect(page.getByRole('list', { name: 'Active filters' }).getByRole('listitem')).toHaveText(['Tags: #reception×']);
  await expect(page).toHaveURL(/[?&]tag=reception/);
  const opacity = (name: string) =>
    page.getByRole('article', { name }).evaluate((el) => Number(getComputedStyle(el).opacity));
  await expect.poll(() => opacity('Sees a post')).toBeLessThan(0.5);
  expect(await opacity('Long wait at reception')).toBe(1);
});

test('the dashboard finds maps by title and content, narrows them to a tag and sorts them', async ({ page }) => {
  const run = Date.now().toString(36);
  await createStarterMap(page, `Zebra clinic ${run}`);
  await addCard(page, 'Awareness', 'Steps', `Recepção lotada ${run}`);
  const card = page.getByRole('article', { name: `Recepção lotada ${run}` });
  await card.hover();
  await card.getByRole('button', { name: 'Card details' }).click();
  const tags = page.getByRole('group', { name: 'Card details' }).getByRole('combobox', { name: 'Tags' });
  await tags.fill(`queue-${run}`);
  await tags.press('Enter');
  await saved(page);
  await createStarterMap(page, `Aardvark studio ${run}`);

  await page.goto('/');
  await hydrated(page);
  const search = page.getByRole('textbox', { name: 'Search maps' });
  const rows = page.getByRole('list').filter({ has: page.getByRole('link', { name: new RegExp(run) }) }).getByRole('link', { name: new RegExp(run) });
  // The title, without case or accents; then the content, found by the server.
  await search.fill(`ZEBRA ${run}`);
  await expect(rows).toHaveText([new RegExp(`^Zebra clinic ${run}`)]);
  await search.fill(`recepcao lotada ${run}`);
  await expect(rows).toHaveText([new RegExp(`^Zebra clinic ${run}`)]);
  await search.fill(run);
  await expect(rows).toHaveCount(2);
  // Last change first, then by title.
  await expect(rows.first()).toHaveText(new RegExp(`^Aardvark studio ${run}`));
  await page.getByRole('combobox', { name: 'Sort by' }).selectOption({ label: 'Title' });
  await expect(rows.first()).toHaveText(new RegExp(`^Aardvark studio ${run}`));
  await expect(rows.last()).toHaveText(new RegExp(`^Zebra clinic ${run}`));
  // A tag narrows them.
  await page.getByRole('combobox', { name: 'Tag' }).selectOption(`queue-${run}`);
  await expect(rows).toHaveText([new RegExp(`^Zebra clinic ${run}`)]);
  await search.fill('no such words anywhere');
  await expect(page.getByText('No map matches.')).toBeVisible();
});

test('filter the board by who added the cards, one of them in another browser', async ({ page, browser }) => {
  await createStarterMap(page, `Authors ${Date.now().toString(36)}`);
  await addCard(page, 'Awareness', 'Steps', 'Olga adds this');
  const bia = await openAs(browser, page.url(), 'Bia');
  await addCard(bia, 'Awareness', 'Pain points', 'Bia adds this');
  await expect(page.getByRole('article', { name: 'Bia adds this' })).toBeVisible();
  await page.getByRole('button', { name: 'Filter', exact: true }).click();
  const author = page.getByRole('dialog', { name: 'Filter the board' }).getByRole('combobox', { name: 'Author' });
  await expect(author.getByRole('option')).toHaveText(['Any', 'Bia', 'Olga Owner']);
  await author.selectOption('Bia');
  await expect(page.getByRole('list', { name: 'Active filters' }).getByRole('listitem')).toHaveText(['Author: Bia×']);
  await expect(page).toHaveURL(/[?&]author=Bia/);
  const opacity = (name: string) =>
    page.getByRole('article', { name }).evaluate((el) => Number(getComputedStyle(el).opacity));
  await expect.poll(() => opacity('Olga adds this')).toBeLessThan(0.5);
  expect(await opacity('Bia adds this')).toBe(1);
  await bia.context().close();
});
