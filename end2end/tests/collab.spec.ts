import { test, expect, Browser, Page } from '@playwright/test';
import { spawn, ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { addCard, cell, contextAs, createStarterMap, hydrated, openAs, saved, setUpOwner } from './helpers';


/** A port no one listens on, from 20000–31999. */
async function freePortBelowEphemeral(): Promise<number> {
  for (let i = 0; i < 50; i++) {
    const p = 20000 + Math.floor(Math.random() * 12000);
    const free = await new Promise<boolean>((done) => {
      const s = net.createServer();
      s.once('error', () => done(false));
      s.listen(p, '127.0.0.1', () => s.close(() => done(true)));
    });
    if (free) return p;
  }
  throw new Error('no free port below the ephemeral range');
}

/** The board as text: every cell's cards in order, for comparing browsers. */
async function snapshot(page: Page) {
  return page.locator('[role=gridcell]').evaluateAll((cells) =>
    cells.map((c) => `${c.getAttribute('aria-label')}: ${[...c.querySelectorAll('article')].map((a) => a.getAttribute('aria-label')).join(' | ')}`),
  );
}

test('three people edit one map at once and converge to what a reload shows', async ({ page, browser }) => {
  await createStarterMap(page, 'Workshop');
  const url = page.url();
  const bia = await openAs(browser, url, 'Bia');
  const caio = await openAs(browser, url, 'Caio');

  // Everyone sees everyone.
  for (const p of [page, bia, caio]) {
    await expect(p.getByRole('list', { name: 'People here' }).getByRole('listitem')).toHaveCount(3);
  }
  await expect(page.getByRole('list', { name: 'People here' })).toContainText('Bia');

  // Edits at the same time from three browsers.
  await Promise.all([
    addCard(page, 'Awareness', 'Steps', 'Sees an ad'),
    addCard(bia, 'Consideration', 'Thoughts', 'Is it worth the price?'),
    addCard(caio, 'Decision', 'Pain points', 'Booking by phone only'),
  ]);
  for (const p of [page, bia, caio]) {
    await expect(p.getByRole('article')).toHaveCount(3);
  }

  // One edits a card while another recolours it: both changes survive.
  const card = bia.getByRole('article', { name: 'Sees an ad' });
  await card.hover();
  await card.getByRole('button', { name: 'Colour' }).click();
  await bia.getByRole('radio', { name: 'Green' }).click();
  const mine = page.getByRole('article', { name: 'Sees an ad' });
  await mine.focus();
  await page.keyboard.press('Enter');
  // Bia sees who is editing.
  await expect(bia.getByText('is editing')).toBeVisible();
  await page.getByRole('textbox', { name: 'Card text' }).fill('Sees an Instagram ad');
  await page.getByRole('textbox', { name: 'Card text' }).press('Enter');
  for (const p of [page, bia, caio]) {
    const c = p.getByRole('article', { name: 'Sees an Instagram ad' });
    await expect(c).toBeVisible();
    await expect(c).toHaveClass(/colour-green/);
  }

  // A card one person deletes disappears for everyone.
  await caio.getByRole('article', { name: 'Booking by phone only' }).focus();
  await caio.keyboard.press('Delete');
  await saved(caio);
  await expect(page.getByRole('article', { name: 'Booking by phone only' })).toHaveCount(0);

  for (const p of [page, bia, caio]) await saved(p);
  const a = await snapshot(page);
  expect(await snapshot(bia)).toEqual(a);
  expect(await snapshot(caio)).toEqual(a);
  await caio.reload();
  await hydrated(caio);
  expect(await snapshot(caio)).toEqual(a);

  // Undo inverts only your own op: Bia's undo takes back her colour, not the text.
  await bia.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByRole('article', { name: 'Sees an Instagram ad' })).not.toHaveClass(/colour-green/);
  await expect(page.getByRole('article', { name: 'Sees an Instagram ad' })).toBeVisible();
});

test('a server restart under an open page loses nothing typed meanwhile', async ({ browser }) => {
  const bin = process.env.JORNADA_BIN!;
  // Below the ephemeral range (32768–60999 on Linux): a browser's outgoing connection can
  // never hold it while the server is down, so the restart can always bind it again.
  const port = await freePortBelowEphemeral();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jornada-e2e-'));
  const start = () =>
    spawn(bin, ['--bind', `127.0.0.1:${port}`, '--db', `surrealkv://${dir}/db`, '--log', 'warn'], {
      cwd: path.resolve(__dirname, '../..'),
      stdio: 'inherit',
    });
  const up = async () => {
    for (let i = 0; i < 100; i++) {
      try {
        const r = await fetch(`http://127.0.0.1:${port}/healthz`);
        if (r.ok) return;
      } catch {}
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('server did not start');
  };
  const stop = (p: ChildProcess) =>
    new Promise((r) => {
      if (p.exitCode !== null || p.signalCode !== null) return r(null);
      p.once('exit', r);
      p.kill('SIGTERM');
    });

  let server = start();
  try {
    await up();
    const context = await browser.newContext({ baseURL: `http://127.0.0.1:${port}` });
    const page = await context.newPage();
    await setUpOwner(page);
    await createStarterMap(page, 'Restart');
    await addCard(page, 'Awareness', 'Steps', 'Before the restart');

    await stop(server);
    await expect(page.getByRole('status').filter({ hasText: 'Reconnecting…' })).toBeVisible();
    // Typed while the server is down.
    const c = cell(page, 'Service', 'Thoughts');
    await c.hover();
    await c.getByRole('button', { name: 'Add card' }).click();
    await c.getByRole('textbox', { name: 'Card text' }).fill('Typed while offline');
    await c.getByRole('textbox', { name: 'Card text' }).press('Enter');
    await c.getByRole('textbox', { name: 'Card text' }).press('Escape');

    server = start();
    await up();
    await saved(page);
    await page.reload();
    await hydrated(page);
    await expect(page.getByRole('article', { name: 'Before the restart' })).toBeVisible();
    await expect(cell(page, 'Service', 'Thoughts').getByRole('article', { name: 'Typed while offline' })).toBeVisible();
    await context.close();
  } finally {
    await stop(server);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

// Live cursors (#17): one person's pointer shows on the other's board with their name,
// and "Hide cursors" switches the layer off.
test('a cursor moves on the other board, and can be hidden', async ({ page, browser }) => {
  await createStarterMap(page, `Cursors ${Date.now().toString(36)}`);
  const bia = await openAs(browser, page.url(), 'Bia');
  await expect(page.getByRole('list', { name: 'People here' }).getByRole('listitem')).toHaveCount(2);
  const grid = bia.getByRole('grid');
  const box = (await grid.boundingBox())!;
  await bia.mouse.move(box.x + 300, box.y + 150);
  await bia.mouse.move(box.x + 320, box.y + 160, { steps: 4 });
  const theirs = page.locator('.cursor-layer .cursor').filter({ hasText: 'Bia' });
  await expect(theirs).toBeVisible();
  // Where Bia pointed, in the grid's pixels (the layer eases towards it).
  await expect.poll(async () => theirs.evaluate((el) => getComputedStyle(el).transform)).toContain('320');
  const hide = page.getByRole('button', { name: 'Hide cursors' });
  await hide.click();
  await expect(hide).toHaveAttribute('aria-pressed', 'true');
  await expect(theirs).toBeHidden();
  await hide.click();
  await expect(theirs).toBeVisible();
  await bia.context().close();
});

// The workshop timer (#17): the facilitator starts it, every board shows the same time
// left (read against the server's clock), pausing stops it everywhere.
test('the timer shows the same time on every board', async ({ page, browser }) => {
  await createStarterMap(page, `Timer ${Date.now().toString(36)}`);
  const bia = await openAs(browser, page.url(), 'Bia');
  const mine = page.getByRole('region', { name: 'Timer' });
  await mine.getByRole('spinbutton', { name: 'Minutes' }).fill('3');
  await mine.getByRole('button', { name: 'Start timer' }).click();
  const theirs = bia.getByRole('region', { name: 'Timer' });
  await expect(theirs.locator('.timer-clock')).toHaveText(/^2:5\d$/);
  const seconds = async (p: Page) => {
    const [m, s] = (await p.getByRole('region', { name: 'Timer' }).locator('.timer-clock').innerText()).split(':').map(Number);
    return m * 60 + s;
  };
  const [a, b] = await Promise.all([seconds(page), seconds(bia)]);
  expect(Math.abs(a - b)).toBeLessThanOrEqual(1);
  await mine.getByRole('button', { name: 'Pause timer' }).click();
  await expect(mine.getByRole('button', { name: 'Start timer' })).toBeVisible();
  const paused = await seconds(bia);
  await bia.waitForTimeout(1500);
  expect(await seconds(bia)).toBe(paused);
  await bia.context().close();
});

// "I'm done" and a raised hand (#17) show beside the person on every board.
test("I'm done and a raised hand show beside the person", async ({ page, browser }) => {
  await createStarterMap(page, `Signals ${Date.now().toString(36)}`);
  const bia = await openAs(browser, page.url(), 'Bia');
  const done = bia.getByRole('button', { name: "I'm done" });
  await done.click();
  await expect(done).toHaveAttribute('aria-pressed', 'true');
  const biaHere = page.getByRole('list', { name: 'People here' }).getByRole('listitem').filter({ hasText: 'Bia' });
  await expect(biaHere).toContainText('is done');
  await bia.getByRole('button', { name: 'Raise hand' }).click();
  await expect(biaHere).toContainText('raised a hand');
  await expect(biaHere).not.toContainText('is done');
  await bia.getByRole('button', { name: 'Raise hand' }).click();
  await expect(biaHere).not.toContainText('raised a hand');
  await bia.context().close();
});
