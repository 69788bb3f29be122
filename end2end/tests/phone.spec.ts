import { test, expect, devices } from '@playwright/test';
import { addCard, cell, contextAs, createStarterMap, hydrated, saved } from './helpers';

// On a 360 px phone: a finger swiping over cards scrolls the board; a finger resting on a
// card lifts it, and then it drags to another cell.

test('on a phone, swiping over cards scrolls the board and a held card drags', async ({ browser, page }) => {
  await createStarterMap(page, `Phone ${Date.now().toString(36)}`);
  await addCard(page, 'Awareness', 'Steps', 'Sees a post');
  await addCard(page, 'Awareness', 'Touchpoints', 'Instagram');
  const url = page.url();

  const { defaultBrowserType, ...phone } = devices['Pixel 5'];
  const context = await contextAs(browser, 'Olga Owner', { ...phone, viewport: { width: 360, height: 740 } });
  const p = await context.newPage();
  await p.goto(url);
  await hydrated(p);
  const cdp = await context.newCDPSession(p);
  const touch = (type: string, x: number, y: number) =>
    cdp.send('Input.dispatchTouchEvent', {
      type,
      touchPoints: type === 'touchEnd' ? [] : [{ x, y, id: 1 }],
    } as any);
  const scroller = p.locator('[data-board-scroll]');
  const card = p.getByRole('article', { name: 'Sees a post' });
  await card.scrollIntoViewIfNeeded();
  expect(await scroller.evaluate((s) => s.scrollLeft)).toBe(0);

  // A swipe to the left that starts on a card scrolls the board; the card stays.
  let box = (await card.boundingBox())!;
  let [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
  await touch('touchStart', x, y);
  for (let i = 1; i <= 10; i++) await touch('touchMove', x - i * 15, y);
  await touch('touchEnd', x - 150, y);
  await expect.poll(() => scroller.evaluate((s) => s.scrollLeft)).toBeGreaterThan(50);
  await expect(cell(p, 'Awareness', 'Steps').getByRole('article', { name: 'Sees a post' })).toHaveCount(1);

  // Resting on a card lifts it; moving then drags it down to the touchpoints' cell. (The
  // swipe may still fling the board for a moment: the card is measured once it rests.)
  const still = async () => {
    const before = await scroller.evaluate((s) => s.scrollLeft);
    await p.waitForTimeout(150);
    return before === (await scroller.evaluate((s) => s.scrollLeft));
  };
  await expect.poll(still).toBe(true);
  await scroller.evaluate((s) => (s.scrollLeft = 0));
  await card.scrollIntoViewIfNeeded();
  await expect.poll(still).toBe(true);
  box = (await card.boundingBox())!;
  [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
  const to = (await cell(p, 'Awareness', 'Touchpoints').boundingBox())!;
  await touch('touchStart', x, y);
  // Lifted after 350 ms: the card shows it before the finger moves.
  await expect(card).toHaveClass(/dragging/);
  // (To the top of the cell: its bottom may be below the phone's screen.)
  for (let i = 1; i <= 10; i++) await touch('touchMove', x, y + ((to.y + 20 - y) * i) / 10);
  await touch('touchEnd', x, to.y + 20);
  await expect(cell(p, 'Awareness', 'Touchpoints').getByRole('article', { name: 'Sees a post' })).toBeVisible();
  await saved(p);
  await context.close();
});
