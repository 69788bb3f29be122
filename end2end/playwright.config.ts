import { defineConfig, devices } from '@playwright/test';
import * as path from 'path';

// The Makefile builds the server, picks a free port and passes both in. Run alone:
//   JORNADA_BIN=/path/to/jornada JORNADA_E2E_PORT=3999 npx playwright test
const port = Number(process.env.JORNADA_E2E_PORT || 3999);
const bin = process.env.JORNADA_BIN || path.resolve(__dirname, '../target/debug/jornada');
const root = path.resolve(__dirname, '..');
// The first-run set-up asks for a code from the server's log; the servers the tests start
// inherit this one from the environment, and global-setup.ts sends it.
process.env.JORNADA_SETUP_CODE ||= `e2e-${Math.random().toString(16).slice(2, 10)}`;

export default defineConfig({
  testDir: './tests',
  // Sets the server up (owner account) and signs in the people the tests use.
  globalSetup: './global-setup.ts',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    // Signed in as the owner unless a test opens a context of its own.
    storageState: path.join(__dirname, '.auth', 'olga.json'),
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-quic',
        '--no-first-run',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'], viewport: { width: 1400, height: 900 } } }],
  webServer: {
    command: `${bin} --bind 127.0.0.1:${port} --db mem:// --log warn`,
    cwd: root,
    url: `http://127.0.0.1:${port}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    // Shown with the test output; `make e2e` fails the run if the server panicked.
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
