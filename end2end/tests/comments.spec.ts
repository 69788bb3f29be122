import { test, expect } from '@playwright/test';
import { addCard, createStarterMap, hydrated, openAs } from './helpers';

// Comments (#16), driven by the names a screen reader hears: the owner comments on a card
// and mentions Bia, who sees the thread count and the unread mention live and replies; the
// thread is resolved; a guest of a comment share link comments under a name but cannot edit.

test('comment, mention, reply live, resolve; a guest comments through a link but cannot edit', async ({ page, browser, baseURL }) => {
  const title = `Talk ${Date.now().toString(36)}`;
  await createStarterMap(page, title);
  await addCard(page, 'Decision', 'Pain points', 'Booking by phone only');
  const url = page.url();
  const bia = await openAs(browser, url, 'Bia');

  // The owner comments on the card and mentions Bia through the suggestions.
  const card = page.getByRole('article', { name: 'Booking by phone only' });
  await card.hover();
  await card.getByRole('button', { name: 'Comment' }).click();
  const panel = page.getByRole('dialog', { name: /Card: Booking by phone only/ });
  const box = panel.getByRole('textbox', { name: 'Comment' });
  await box.fill('Can we offer **online booking**? @Bi');
  await expect(panel.getByRole('option', { name: 'Bia' })).toBeVisible();
  await box.press('Enter');
  await expect(box).toHaveValue('Can we offer **online booking**? @Bia ');
  await box.pressSequentially('what do you think?');
  await panel.getByRole('button', { name: 'Post' }).click();
  await expect(panel.getByRole('listitem').filter({ hasText: 'online booking' }).first()).toBeVisible();
  await expect(panel.locator('strong', { hasText: 'online booking' })).toBeVisible();

  // Bia sees the count on the card and the unread mention, live.
  const count = bia.getByRole('article', { name: 'Booking by phone only' }).getByRole('button', { name: '1 comment' });
  await expect(count).toBeVisible();
  await expect(bia.getByRole('button', { name: 'Mentions, 1 unread' })).toBeVisible();
  await count.click();
  const hers = bia.getByRole('dialog', { name: /Card: Booking by phone only/ });
  await expect(hers.getByText('what do you think?')).toBeVisible();
  await hers.getByRole('button', { name: 'Reply' }).click();
  await hers.getByRole('textbox', { name: 'Reply' }).fill('Yes, this week');
  await hers.getByRole('button', { name: 'Reply' }).click();
  await expect(panel.getByText('Yes, this week')).toBeVisible();

  // The owner resolves it; Bia's board follows and the card no longer counts it.
  await panel.getByRole('button', { name: 'Resolve' }).click();
  await expect(hers.getByRole('button', { name: 'Reopen' })).toBeVisible();
  await expect(count).toBeHidden();
  // Bia's inbox lists the mention; it opens the map at the thread and counts it read.
  await hers.getByRole('button', { name: 'Close' }).click();
  await expect(hers).toBeHidden();
  await bia.getByRole('button', { name: /^Mentions/ }).click();
  const mention = bia.getByRole('list', { name: 'Mentions and replies' }).getByRole('link', { name: /mentioned you on/ });
  await expect(mention).toBeVisible();
  await mention.click();
  await expect(bia.getByRole('dialog', { name: /Card: Booking by phone only/ })).toBeVisible();
  await expect(bia.getByRole('button', { name: 'Mentions' })).toBeVisible();

  // A guest of a comment link gives a name, comments, and cannot edit the board.
  const map = url.split('/maps/')[1].split(/[?#]/)[0];
  const made = await page.request.post('/api/shares/create', {
    form: { map, role: 'commenter', days: '3' },
    headers: { Origin: baseURL! },
  });
  expect(made.ok()).toBeTruthy();
  const link = String(await made.json());
  // A browser of its own, signed in as nobody (the config's context signs in the owner).
  const guestContext = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const guest = await guestContext.newPage();
  await guest.goto(`${baseURL}${link}`);
  await hydrated(guest);
  await expect(guest.getByRole('status').filter({ hasText: 'you can comment on it' })).toBeVisible();
  const theirs = guest.getByRole('article', { name: 'Booking by phone only' });
  // Hovered again until its actions show: a hover in the instant the board's socket
  // brings the map can land before the card's listeners see it (once in CI, 2026-12-07).
  await expect(async () => {
    await guest.mouse.move(0, 0);
    await theirs.hover();
    await theirs.getByRole('button', { name: 'Comment' }).click({ timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
  await expect(theirs.getByRole('button', { name: 'Edit card' })).toHaveCount(0);
  const gp = guest.getByRole('dialog', { name: /Card: Booking by phone only/ });
  await gp.getByRole('textbox', { name: 'Your name' }).fill('Rita (client)');
  await gp.getByRole('textbox', { name: 'Your name' }).blur();
  await gp.getByRole('textbox', { name: 'Comment' }).fill('As a client I would love that');
  await gp.getByRole('button', { name: 'Post' }).click();
  await expect(panel.getByText('As a client I would love that')).toBeVisible();
  await expect(panel.getByText('Rita (client)')).toBeVisible();
  await guestContext.close();
  await bia.context().close();
});
