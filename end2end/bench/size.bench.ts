// Code sent: the bytes of the JS glue, the wasm and the stylesheet a board visit loads, as
// the server sends them with brotli and with gzip, and raw. Read from the page's own
// <link> tags, so it is what a browser fetches before the board is interactive.
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

test('code sent before the board is interactive', async ({ request, baseURL }) => {
  const mapId = await bigBoard(request, 20);
  const html = await (await request.get(`/maps/${mapId}`)).text();
  const js = /<link rel="modulepreload" href="([^"]+\.js)"/.exec(html)?.[1];
  const wasm = /<link rel="preload" href="([^"]+\.wasm)"/.exec(html)?.[1];
  const css = /<link rel="stylesheet" href="([^"]+\.css)"/.exec(html)?.[1];
  expect(js && wasm && css, 'the page names its JS, wasm and stylesheet').toBeTruthy();
  const report: Record<string, number | string> = {};
  for (const [name, path] of [['js', js!], ['wasm', wasm!], ['css', css!]]) {
    for (const enc of ['br', 'gzip', 'identity']) {
      const got = await sent(baseURL!, path, enc);
      report[`${name}_${enc === 'identity' ? 'raw' : enc}_kb`] = Math.round(got.bytes / 102.4) / 10;
      if (enc !== 'identity') report[`${name}_${enc}_served_as`] = got.encoding;
    }
  }
  const total = (enc: string) => Math.round(((report[`js_${enc}_kb`] as number) + (report[`wasm_${enc}_kb`] as number)) * 10) / 10;
  report.code_br_kb = total('br');
  report.code_gzip_kb = total('gzip');
  console.log(`BENCH code ${JSON.stringify(report)}`);
});
