import { test, expect, Page } from '@playwright/test';
import { addCard, cell, createStarterMap, hydrated, openAs, saved } from './helpers';

// Workshop mode (#17): a facilitator starts a workshop, a guest joins by its link with a
// name only, adds a card and may change only their own; the facilitator locks the board,
// runs a dot vote, reveals it and ends the workshop, which closes the guest's board.
test('a guest joins a workshop, votes, and is let go when it ends', async ({ page, browser }) => {
  await createStarterMap(page, `Workshop ${Date.now().toString(36)}`);
  await addCard(page, 'Decision', 'Pain points', 'Booking by phone only');

  await page.getByRole('button', { name: 'Start workshop' }).click();
  const dialog = page.getByRole('dialog', { name: 'Join the workshop' });
  await expect(dialog.getByRole('img', { name: 'Join QR code' })).toBeVisible();
  await expect(dialog.getByRole('img', { name: 'Join QR code' }).locator('svg')).toBeVisible();
  const link = await dialog.getByRole('textbox', { name: 'Join link' }).inputValue();
  expect(link).toMatch(/\/w\/jwj_[0-9a-f]{64}$/);

  // A guest: no account, a browser of their own.
  const guestContext = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const guest = await guestContext.newPage();
  await guest.goto(link);
  await hydrated(guest);
  await guest.getByRole('textbox', { name: 'Your name' }).fill('Gil Guest');
  await guest.getByRole('button', { name: 'Join' }).click();
  await expect(guest).toHaveURL(/\/s\/jgu_/);
  await hydrated(guest);
  await expect(guest.getByRole('region', { name: 'Workshop' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'People here' })).toContainText('Gil Guest');

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
  await vote(guest, 'Booking by phone only').click();
  await expect(guest.getByText('2 votes left')).toBeVisible();
  await vote(guest, 'Booking by phone only').click();
  await expect(guest.getByText('1 vote left')).toBeVisible();
  await vote(page, 'Could not find the price list').click();
  await expect(page.getByText('2 votes left')).toBeVisible();
  // Hidden: the facilitator's board shows only their own vote on the card.
  await expect(vote(page, 'Booking by phone only')).toHaveText(/0$/);
  await page.getByRole('button', { name: 'Reveal votes' }).click();
  for (const p of [page, guest]) {
    const results = p.getByRole('region', { name: 'Vote results' });
    await expect(results.getByRole('listitem').first()).toContainText('Booking by phone only');
    await expect(results.getByRole('listitem').first()).toContainText('2 votes');
    await expect(vote(p, 'Booking by phone only')).toHaveText(/2$/);
  }
  await saved(page);

  // The count is saved on the card: it is in the Markdown export too.
  const md = await page.request.get(page.url().replace(/\/maps\/([^/?#]+).*/, '/api/maps/$1/export/md'));
  expect(md.ok()).toBe(true);
  expect(await md.text()).toContain('2 votes');

  // Ended: the guest's board closes and their link stops working.
  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: 'End workshop' }).click();
  await expect(guest.getByText('The workshop has ended')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Start workshop' })).toBeVisible();
  // The facilitator gets the summary: who took part, what was added, what was voted.
  const summary = page.getByRole('region', { name: 'Workshop summary' });
  await expect(summary).toContainText('Gil Guest');
  await expect(summary).toContainText('Could not find the price list');
  await expect(summary).toContainText('Booking by phone only — 2 votes');
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
