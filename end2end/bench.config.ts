import { defineConfig } from '@playwright/test';
import * as path from 'path';
import base from './playwright.config';

// Benchmarks, not tests: `make bench` runs them against a release build and prints figures
// for docs/PERFORMANCE.md. They assert nothing about time (machines here are noisy).
const port = Number(process.env.JORNADA_E2E_PORT || 3998);
const bin = process.env.JORNADA_BIN || path.resolve(__dirname, '../target/release/jornada');
const siteRoot = process.env.JORNADA_SITE_ROOT || path.resolve(__dirname, '../target/site');

export default defineConfig({
  ...base,
  testDir: './bench',
  testMatch: /.*\.bench\.ts/,
  timeout: 600_000,
  // Signed in as the owner (global-setup); writes carry our Origin like a browser's.
  use: { ...base.use, baseURL: `http://127.0.0.1:${port}`, extraHTTPHeaders: { Origin: `http://127.0.0.1:${port}` } },
  webServer: {
    command: `${bin} --bind 127.0.0.1:${port} --db mem:// --log warn --site-root ${siteRoot}`,
    url: `http://127.0.0.1:${port}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
