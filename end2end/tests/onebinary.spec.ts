import { test, expect, request } from '@playwright/test';
import { spawn, ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { addCard, createStarterMap, freePort, healthy, setUpOwner } from './helpers';

// The one-binary promise: `jornada` copied alone into an empty directory (no target/site,
// no hash.txt beside it, that directory as its working directory) serves the whole app from
// what it carries. playwright.config.ts's server runs from the build tree; this test starts
// its own copy on another free port.

const bin = process.env.JORNADA_BIN || path.resolve(__dirname, '../../target/debug/jornada');

let dir: string;
let child: ChildProcess;
let baseURL: string;

test.beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jornada-alone-'));
  const copy = path.join(dir, 'jornada');
  fs.copyFileSync(bin, copy);
  fs.chmodSync(copy, 0o755);
  const port = await freePort();
  baseURL = `http://127.0.0.1:${port}`;
  const env = { ...process.env };
  delete env.JORNADA_SITE_ROOT;
  delete env.JORNADA_DB;
  child = spawn(copy, ['--bind', `127.0.0.1:${port}`, '--db', 'mem://', '--log', 'warn'], {
    cwd: dir,
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  await healthy(baseURL, child);
});

test.afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('the binary copied alone into an empty directory serves the board and hydrates', async ({ browser }) => {
  // Nothing but the binary in its directory.
  expect(fs.readdirSync(dir)).toEqual(['jornada']);
  const context = await browser.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await setUpOwner(page);
  await createStarterMap(page, 'Alone');
  // An edit goes over the websocket and is saved: the wasm runs.
  await addCard(page, 'Awareness', 'Steps', 'Served from the binary');
  await page.reload();
  await expect(page.getByRole('article', { name: 'Served from the binary' })).toBeVisible();

  // The page's wasm, JS and CSS come from the binary, with content-hashed names cached for
  // good; compressed for a browser that accepts it.
  const html = await (await page.request.get('/')).text();
  const wasm = html.match(/\/pkg\/jornada\.[\w-]+\.wasm/)?.[0];
  const css = html.match(/\/pkg\/jornada\.[\w-]+\.css/)?.[0];
  expect(wasm).toBeTruthy();
  expect(css).toBeTruthy();
  const api = await request.newContext({ baseURL });
  const w = await api.get(wasm!, { headers: { 'Accept-Encoding': 'gzip, br' } });
  expect(w.status()).toBe(200);
  expect(w.headers()['content-type']).toBe('application/wasm');
  expect(w.headers()['cache-control']).toContain('immutable');
  expect(['br', 'gzip']).toContain(w.headers()['content-encoding']);
  // Other files revalidate by ETag.
  const icon = await api.get('/favicon.svg');
  expect(icon.status()).toBe(200);
  const etag = icon.headers()['etag'];
  expect(etag).toBeTruthy();
  const again = await api.get('/favicon.svg', { headers: { 'If-None-Match': etag } });
  expect(again.status()).toBe(304);
  await api.dispose();
  await context.close();
  // Still nothing written beside it (the database is in memory).
  expect(fs.readdirSync(dir)).toEqual(['jornada']);
});
