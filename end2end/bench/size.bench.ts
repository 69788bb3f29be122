// Code sent: the bytes of the JS glue (and the modules it imports), the wasm and the
// stylesheet a board visit loads, as the server sends them with brotli and with gzip, and
// raw. Read from the page's own <link> tags, so it is what a browser fetches before the
// board is interactive; and, apart, every wasm chunk code splitting made (pages and panels
// fetched when first opened), so the whole app's code is known too.
import { test, expect } from '@playwright/test';
import * as http from 'http';
import { bigBoard } from './lib';

/// The body's length as sent (not decompressed) for one Accept-Encoding.
function sent(base: string, path: string, encoding: string): Promise<{ bytes: number; encoding: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(new URL(path, base), { headers: { 'Accept-Encoding': encoding } }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () => resolve({ bytes, encoding: String(res.headers['content-encoding'] || 'identity') }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

/// The files a JS module imports statically (`import … from "./x.js"`), beside it in /pkg.
function imports(source: string, dir: string): string[] {
  return [...source.matchAll(/from\s*["']\.\/([^"']+\.js)["']/g)].map((m) => `${dir}/${m[1]}`);
}

test('code sent before the board is interactive', async ({ request, baseURL }) => {
  const mapId = await bigBoard(request, 20);
  const html = await (await request.get(`/maps/${mapId}`)).text();
  const js = /<link rel="modulepreload" href="([^"]+\.js)"/.exec(html)?.[1];
  const wasm = /<link rel="preload" href="([^"]+\.wasm)"/.exec(html)?.[1];
  const css = /<link rel="stylesheet" href="([^"]+\.css)"/.exec(html)?.[1];
  expect(js && wasm && css, 'the page names its JS, wasm and stylesheet').toBeTruthy();
  const dir = js!.slice(0, js!.lastIndexOf('/'));
  // Before the board is interactive: the glue, the modules it imports (the loader of the
  // split chunks, `__wasm_split.<hash>.js`), the main wasm. Code splitting's chunks come
  // later, when a page or panel that needs them is opened.
  const scripts: string[] = [];
  const sources: string[] = [];
  const queue = [js!];
  while (queue.length) {
    const path = queue.shift()!;
    if (scripts.includes(path)) continue;
    scripts.push(path);
    const source = await (await request.get(path)).text();
    sources.push(source);
    queue.push(...imports(source, dir));
  }
  // Everything the app can ever load: every wasm chunk the loaders name, too.
  const chunks = [...new Set(sources.flatMap((src) => [...src.matchAll(/["']\.\/([^"']+\.wasm)["']/g)].map((m) => `${dir}/${m[1]}`)))];
  const report: Record<string, number | string> = {};
  const size = async (paths: string[], enc: string) => {
    let bytes = 0;
    for (const path of paths) {
      const got = await sent(baseURL!, path, enc);
      if (enc !== 'identity' && got.encoding !== enc) report[`not_${enc}`] = path;
      bytes += got.bytes;
    }
    return Math.round(bytes / 102.4) / 10;
  };
  for (const [name, paths] of [['js', scripts], ['wasm', [wasm!]], ['css', [css!]], ['chunks', chunks]] as const) {
    for (const enc of ['br', 'gzip', 'identity']) {
      report[`${name}_${enc === 'identity' ? 'raw' : enc}_kb`] = await size([...paths], enc);
    }
  }
  report.js_files = scripts.length;
  report.chunk_files = chunks.length;
  const sum = (...keys: string[]) => Math.round(keys.reduce((a, k) => a + (report[k] as number), 0) * 10) / 10;
  report.code_br_kb = sum('js_br_kb', 'wasm_br_kb');
  report.code_gzip_kb = sum('js_gzip_kb', 'wasm_gzip_kb');
  report.all_code_br_kb = sum('js_br_kb', 'wasm_br_kb', 'chunks_br_kb');
  report.all_code_gzip_kb = sum('js_gzip_kb', 'wasm_gzip_kb', 'chunks_gzip_kb');
  console.log(`BENCH code ${JSON.stringify(report)}`);
});
