import { Browser, BrowserContextOptions, expect, Locator, Page } from '@playwright/test';
import { ChildProcess } from 'child_process';
import * as net from 'net';
import { setupCode, stateOf } from '../global-setup';

/** A browser context signed in as one of the people global-setup made (Olga Owner, Bia,
 * Caio). */
export async function contextAs(browser: Browser, name: string, options: BrowserContextOptions = {}) {
  return browser.newContext({ ...options, storageState: stateOf(name) });
}

/** Another person (an editor of the workspace) opens `url` in a browser of their own. */
export async function openAs(browser: Browser, url: string, name: string): Promise<Page> {
  const context = await contextAs(browser, name);
  const page = await context.newPage();
  await page.goto(url);
  await hydrated(page);
  return page;
}

/** First run of a fresh server: the set-up page creates the owner and signs in. */
export async function setUpOwner(page: Page, name = 'Olga Owner', email = 'owner@example.com', password = 'owner-password-1') {
  await page.goto('/');
  await expect(page).toHaveURL(/\/setup$/);
  await hydrated(page);
  await page.getByLabel('Your name').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByLabel('Workspace name').fill('Clinic');
  await page.getByLabel('Set-up code').fill(setupCode());
  await page.getByRole('button', { name: 'Create owner account' }).click();
  await expect(page.getByRole('heading', { name: 'Your journey maps' })).toBeVisible();
  await hydrated(page);
}

/** Waits until the wasm has hydrated the page (the app marks its root). */
export async function hydrated(page: Page) {
  await expect(page.locator('.app[data-hydrated="true"]')).toBeVisible();
}

/** Creates a map from the starter template and waits for its board. */
export async function createStarterMap(page: Page, title: string) {
  await createMapFrom(page, title, /Customer journey/);
}

/** A map made from the filled cosmetology clinic template (personas, metrics, steps). */
export async function createClinicMap(page: Page, title: string) {
  await createMapFrom(page, title, /Cosmetology clinic/);
}

async function createMapFrom(page: Page, title: string, template: RegExp) {
  await page.goto('/');
  await hydrated(page);
  await page.getByRole('button', { name: 'New map' }).click();
  await page.getByLabel('Title').fill(title);
  await page.getByRole('radio', { name: template }).check();
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(page.getByRole('grid', { name: title })).toBeVisible();
  await hydrated(page);
}

export function cell(page: Page, stage: string, lane: string) {
  return page.getByRole('gridcell', { name: `${stage} — ${lane}`, exact: true });
}

/** Adds a card through the cell's "Add card" button and waits until it is saved. */
export async function addCard(page: Page, stage: string, lane: string, text: string) {
  const c = cell(page, stage, lane);
  await c.hover();
  await c.getByRole('button', { name: 'Add card' }).click();
  const box = c.getByRole('textbox', { name: 'Card text' });
  await box.fill(text);
  await box.press('Enter');
  await box.press('Escape');
  await expect(c.getByRole('article', { name: text })).toBeVisible();
  await saved(page);
}

export async function saved(page: Page) {
  await expect(page.getByRole('status').filter({ hasText: /^Saved$/ })).toBeVisible();
}

/** Drags `card` with the mouse into the top of `target` (past the drag threshold first). */
export async function mouseDrag(page: Page, card: Locator, target: Locator) {
  const from = (await card.boundingBox())!;
  const to = (await target.boundingBox())!;
  await page.mouse.move(from.x + 20, from.y + 10);
  await page.mouse.down();
  await page.mouse.move(from.x + 40, from.y + 30, { steps: 4 });
  await page.mouse.move(to.x + to.width / 2, to.y + 20, { steps: 10 });
  await page.mouse.up();
}

/** A TCP port nobody listens on (for a test that starts a server of its own). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** Waits until a server a test started answers /healthz (failing if it exits first). */
export async function healthy(url: string, child: ChildProcess) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`jornada exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('jornada did not become healthy');
}
