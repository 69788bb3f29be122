import { test, expect, Page } from '@playwright/test';
import { addCard, cell, createStarterMap, hydrated, openAs, saved } from './helpers';

// Workshop mode (#17), four browsers: a facilitator starts a workshop, three guests join by
// its link with a name only; a guest adds a card and may change only their own; the
// facilitator locks the board, runs a dot vote (three votes each), reveals it — the same
// ranking on every board — and ends the workshop, which closes the guests' boards.
test('three guests join a workshop, vote, and are let go when it ends', async ({ page, browser }) => {
  await createStarterMap(page, `Workshop ${Date.now().toString(36)}`);
  await addCard(page, 'Decision', 'Pain points', 'Booking by phone only');

  await page.getByRole('button', { name: 'Start workshop' }).click();
  const dialog = page.getByRole('dialog', { name: 'Join the workshop' });
  await expect(dialog.getByRole('img', { name: 'Join QR code' })).toBeVisible();
  await expect(dialog.getByRole('img', { name: 'Join QR code' }).locator('svg')).toBeVisible();
  const link = await dialog.getByRole('textbox', { name: 'Join link' }).inputValue();
  expect(link).toMatch(/\/w\/jwj_[0-9a-f]{64}$/);

  // Guests: no account, a browser each.
  const join = async (name: string) => {
    const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const p = await context.newPage();
    await p.goto(link);
    await hydrated(p);
    await p.getByRole('textbox', { name: 'Your name' }).fill(name);
    await p.getByRole('button', { name: 'Join' }).click();
    await expect(p).toHaveURL(/\/s\/jgu_/);
    await hydrated(p);
    await expect(p.getByRole('region', { name: 'Workshop' })).toBeVisible();
    await expect(page.getByRole('list', { name: 'People here' })).toContainText(name);
    return { context, p };
  };
  const { context: guestContext, p: guest } = await join('Gil Guest');
  const { context: hanaContext, p: hana } = await join('Hana Guest');
  const { context: ivoContext, p: ivo } = await join('Ivo Guest');

  // The guest adds a card; it reaches the facilitator.
  await addCard(guest, 'Awareness', 'Pain points', 'Could not find the price list');
  await expect(page.getByRole('article', { name: 'Could not find the price list' })).toBeVisible();
  // Their own card they can edit; the facilitator's not, and no lane can be added.
  const own = guest.getByRole('article', { name: 'Could not find the price list' });
  await own.hover();
  await expect(own.getByRole('button', { name: 'Edit card' })).toBeVisible();
  const other = guest.getByRole('article', { name: 'Booking by phone only' });
  await other.hover();
  await expect(other.getByRole('button', { name: 'Edit card' })).toHaveCount(0);
  await expect(guest.getByRole('button', { name: 'Add lane' })).toBeHidden();

  // The facilitator sees the guest in the join dialog, then closes it.
  await dialog.getByRole('button', { name: 'Close' }).click();
  await page.getByRole('button', { name: 'Join the workshop' }).click();
  await expect(dialog.getByRole('button', { name: 'Remove Gil Guest' })).toBeVisible();
  // A new join link: the old one admits nobody more, everyone who joined stays.
  await dialog.getByRole('button', { name: 'New join link' }).click();
  await expect(dialog.getByRole('textbox', { name: 'Join link' })).not.toHaveValue(link);
  const stranger = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const late = await stranger.newPage();
  await late.goto(link);
  await expect(late.getByText('This workshop has ended, or the link is wrong.')).toBeVisible();
  await stranger.close();
  await dialog.getByRole('button', { name: 'Close' }).click();

  // Locked: the guest reads only.
  await page.getByRole('button', { name: 'Lock board' }).click();
  await expect(guest.getByText('The facilitator has locked the board')).toBeVisible();
  await cell(guest, 'Awareness', 'Pain points').hover();
  await expect(cell(guest, 'Awareness', 'Pain points').getByRole('button', { name: 'Add card' })).toBeHidden();
  await page.getByRole('button', { name: 'Unlock board' }).click();
  await expect(guest.getByText('The facilitator has locked the board')).toBeHidden();

  // A dot vote: three votes each, hidden until revealed.
  await page.getByRole('button', { name: 'Start vote' }).click();
  const vote = (p: Page, text: string) => p.getByRole('button', { name: `Vote for ${text}` });
  const [booking, price] = ['Booking by phone only', 'Could not find the price list'];
  const cast = async (p: Page, texts: string[]) => {
    for (const [i, text] of texts.entries()) {
      await vote(p, text).click();
      const left = 3 - 1 - i;
      await expect(p.getByText(left === 1 ? '1 vote left' : `${left} votes left`)).toBeVisible();
    }
  };
  await cast(guest, [booking, booking, price]);
  // The budget is three: a fourth vote is refused, and says why.
  await vote(guest, price).click();
  await expect(guest.getByText('All your votes are used')).toBeVisible();
  await cast(hana, [price, price, booking]);
  await cast(ivo, [price, booking]);
  await cast(page, [price]);
  // Hidden: each board shows only its own votes on a card.
  await expect(vote(page, booking)).toHaveText(/0$/);
  await expect(vote(hana, price)).toHaveText(/2$/);
  await page.getByRole('button', { name: 'Reveal votes' }).click();
  // price: 1 + 2 + 1 + 1 = 5; booking: 2 + 1 + 1 = 4.
  for (const p of [page, guest, hana, ivo]) {
    const results = p.getByRole('region', { name: 'Vote results' });
    await expect(results.getByRole('listitem').nth(0)).toContainText(price);
    await expect(results.getByRole('listitem').nth(0)).toContainText('5 votes');
    await expect(results.getByRole('listitem').nth(1)).toContainText(booking);
    await expect(results.getByRole('listitem').nth(1)).toContainText('4 votes');
    await expect(vote(p, booking)).toHaveText(/4$/);
    await expect(vote(p, price)).toHaveText(/5$/);
  }
  await saved(page);

  // The count is saved on the card: it is in the Markdown export too.
  const md = await page.request.get(page.url().replace(/\/maps\/([^/?#]+).*/, '/api/maps/$1/export/md'));
  expect(md.ok()).toBe(true);
  expect(await md.text()).toContain('5 votes');

  // Ended: the guest's board closes and their link stops working.
  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: 'End workshop' }).click();
  for (const p of [guest, hana, ivo]) await expect(p.getByText('The workshop has ended')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Start workshop' })).toBeVisible();
  // The facilitator gets the summary: who took part, what was added, what was voted.
  const summary = page.getByRole('region', { name: 'Workshop summary' });
  for (const name of ['Gil Guest', 'Hana Guest', 'Ivo Guest']) await expect(summary).toContainText(name);
  await expect(summary).toContainText(price);
  await expect(summary).toContainText(`${price} — 5 votes`);
  const base = page.url().replace(/\/maps\/([^/?#]+).*/, '/api/maps/$1/workshop/');
  const summaryMd = await page.request.get(base + 'summary.md');
  expect(summaryMd.ok()).toBe(true);
  expect(await summaryMd.text()).toContain('- Gil Guest');
  const summaryPdf = await page.request.get(base + 'summary.pdf');
  expect(summaryPdf.ok()).toBe(true);
  expect((await summaryPdf.body()).subarray(0, 4).toString()).toBe('%PDF');
  await guest.reload();
  await expect(guest.getByRole('grid')).toHaveCount(0);
  await guest.goto(link);
  await expect(guest.getByText('This workshop has ended, or the link is wrong.')).toBeVisible();
  await guestContext.close();
  await hanaContext.close();
  await ivoContext.close();
});

// The agenda, "Follow me" and "Present" (#17): the facilitator moves the room through the
// steps (a step's minutes start the timer), leads, and presents stage by stage; a member
// following sees the same stage, can leave and follow again.
test('the room follows the agenda and the facilitator presenting', async ({ page, browser }) => {
  await createStarterMap(page, `Agenda ${Date.now().toString(36)}`);
  await page.getByRole('button', { name: 'Start workshop' }).click();
  await page.getByRole('dialog', { name: 'Join the workshop' }).getByRole('button', { name: 'Close' }).click();
  const agenda = page.getByRole('region', { name: 'Agenda' });
  await agenda.getByRole('textbox', { name: 'Step' }).fill('Brainstorm pain points');
  await agenda.getByRole('spinbutton', { name: 'Minutes' }).fill('8');
  await agenda.getByRole('button', { name: 'Add step' }).click();
  await expect(agenda.getByRole('listitem')).toHaveCount(1);
  await agenda.getByRole('textbox', { name: 'Step' }).fill('Vote');
  await agenda.getByRole('button', { name: 'Add step' }).click();
  await expect(agenda.getByRole('listitem')).toHaveCount(2);

  const bia = await openAs(browser, page.url(), 'Bia');
  await agenda.getByRole('button', { name: 'Next step' }).click();
  const theirs = bia.getByRole('region', { name: 'Agenda' });
  await expect(theirs.getByText('Now: Brainstorm pain points')).toBeVisible();
  await expect(bia.getByRole('region', { name: 'Timer' }).locator('.timer-clock')).toHaveText(/^[78]:\d\d$/);
  // The same remaining time on both boards (±1 s: the server's clock, not each device's);
  // paused, the very same.
  const clock = (p: Page) => p.getByRole('region', { name: 'Timer' }).locator('.timer-clock');
  const secs = (t: string | null) => (t ?? '').split(':').map(Number).reduce((m, s) => m * 60 + s, 0);
  const [mineAt, theirsAt] = await Promise.all([clock(page).textContent(), clock(bia).textContent()]);
  expect(Math.abs(secs(mineAt) - secs(theirsAt))).toBeLessThanOrEqual(1);
  await page.getByRole('button', { name: 'Pause timer' }).click();
  await expect(page.getByRole('button', { name: 'Start timer' })).toBeVisible();
  await expect(clock(bia)).toHaveText((await clock(page).textContent())!);

  // Follow me, then present: Bia's board shows the stage the facilitator shows.
  await page.getByRole('button', { name: 'Follow me' }).click();
  await expect(page.getByRole('button', { name: 'Follow me' })).toHaveAttribute('aria-pressed', 'true');
  await expect(bia.getByText('Following Olga Owner')).toBeVisible();
  await page.getByRole('button', { name: 'Present' }).click();
  const mine = page.getByRole('dialog', { name: 'Present' });
  await expect(mine.getByRole('heading', { name: 'Awareness' })).toBeVisible();
  const shown = bia.getByRole('dialog', { name: 'Present' });
  await expect(shown.getByRole('heading', { name: 'Awareness' })).toBeVisible();
  await mine.getByRole('button', { name: 'Next stage' }).click();
  await expect(shown.getByRole('heading', { name: 'Consideration' })).toBeVisible();
  await expect(shown.getByText('Stage 2 of')).toBeVisible();

  // Bia leaves, the facilitator moves on, Bia follows again and catches up.
  await shown.getByRole('button', { name: 'Exit presentation' }).click();
  await expect(shown).toHaveCount(0);
  await page.keyboard.press('ArrowRight');
  await expect(mine.getByRole('heading', { name: 'Decision' })).toBeVisible();
  await expect(shown).toHaveCount(0);
  await bia.getByRole('button', { name: 'Follow Olga Owner' }).click();
  await expect(shown.getByRole('heading', { name: 'Decision' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(mine).toHaveCount(0);
  await expect(shown).toHaveCount(0);
  await bia.context().close();
});
