import { test, expect } from '@playwright/test';
import { spawn, ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { addCard, cell, createStarterMap, freePort, healthy, hydrated, saved, setUpOwner } from './helpers';

// Never lose a keystroke offline: an edit made while the server is down is kept in the
// browser, survives the tab being closed, and arrives when the map is opened again once the
// server is back. This test runs its own server on a database on disk, so it can stop it.

const bin = process.env.JORNADA_BIN || path.resolve(__dirname, '../../target/debug/jornada');

let dir: string;
let port: number;
let child: ChildProcess | undefined;

async function start() {
  child = spawn(bin, ['--bind', `127.0.0.1:${port}`, '--db', `surrealkv://${dir}/db`, '--log', 'warn'], {
    cwd: path.resolve(__dirname, '../..'),
    env: process.env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  await healthy(`http://127.0.0.1:${port}`, child);
}

async function stop() {
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child!.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
  child = undefined;
}

test.beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jornada-offline-'));
  port = await freePort();
  await start();
});

test.afterAll(async () => {
  await stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('an edit made while the server is down survives a closed tab and arrives later', async ({ browser }) => {
  test.setTimeout(120_000);
  const baseURL = `http://127.0.0.1:${port}`;
  const context = await browser.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  let page = await context.newPage();
  await setUpOwner(page);
  await createStarterMap(page, 'Offline');
  await addCard(page, 'Awareness', 'Steps', 'Sees a post');
  const mapUrl = page.url();

  await stop();
  await expect(page.getByRole('status').filter({ hasText: 'Reconnecting' })).toBeVisible();
  // Two edits with the server down: a new card and a changed one.
  const c = cell(page, 'Consideration', 'Steps');
  await c.hover();
  await c.getByRole('button', { name: 'Add card' }).click();
  const box = c.getByRole('textbox', { name: 'Card text' });
  await box.fill('Written offline');
  await box.press('Enter');
  await box.press('Escape');
  await expect(c.getByRole('article', { name: 'Written offline' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: '1 edit waits to be saved' })).toBeVisible();
  await page.getByRole('article', { name: 'Sees a post' }).focus();
  await page.keyboard.press('Delete');
  await expect(page.getByRole('status').filter({ hasText: '2 edits wait to be saved' })).toBeVisible();
  // The tab closes with the edits unsent.
  await page.close();

  await start();
  page = await context.newPage();
  await page.goto(mapUrl);
  await hydrated(page);
  await expect(cell(page, 'Consideration', 'Steps').getByRole('article', { name: 'Written offline' })).toBeVisible();
  await expect(page.getByRole('article', { name: 'Sees a post' })).toHaveCount(0);
  await saved(page);
  // Saved on the server, not only shown from this browser's storage.
  expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('jornada.pending.')))).toEqual([]);
  const other = await browser.newContext({ baseURL, storageState: await context.storageState() });
  const fresh = await other.newPage();
  await fresh.addInitScript(() => localStorage.clear());
  await fresh.goto(mapUrl);
  await hydrated(fresh);
  await expect(fresh.getByRole('article', { name: 'Written offline' })).toBeVisible();
  await expect(fresh.getByRole('article', { name: 'Sees a post' })).toHaveCount(0);
  await other.close();
  await context.close();
});
