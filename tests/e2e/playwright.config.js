// Playwright end-to-end configuration: starts checkout-server (sandbox mode, a fresh SQLite directory, or
// the PostgreSQL database E2E_DATABASE_URL names) and drives Debian's Chromium; never downloads a browser.
import { defineConfig } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const port = Number(process.env.E2E_PORT || 8799);
export const BASE = `http://127.0.0.1:${port}`;
const dataDir = process.env.E2E_DATA_DIR || mkdtempSync(join(tmpdir(), 'khc-e2e-'));
const serverBin = process.env.CHECKOUT_SERVER_BIN || join(root, 'target/debug/checkout-server');

export default defineConfig({
  testDir: '.',
  testMatch: /.*\.spec\.js/,
  timeout: 45_000,
  expect: { timeout: 10_000 },
  workers: 1,
  retries: 0,
  reporter: [['list']],
  outputDir: join(root, 'test-results'),
  webServer: {
    command: serverBin,
    url: `${BASE}/`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      CHECKOUT_ADDR: `127.0.0.1:${port}`,
      CHECKOUT_PUBLIC_URL: BASE,
      CHECKOUT_DATA_DIR: dataDir,
      ...(process.env.E2E_DATABASE_URL ? { CHECKOUT_DATABASE_URL: process.env.E2E_DATABASE_URL } : {}),
      // Metrics have their own listener; the suites don't need it (and parallel runs would share its port).
      CHECKOUT_METRICS_ADDR: 'off',
      CHECKOUT_WWW_DIR: join(root, 'www'),
      KLARNA_MODE: 'sandbox',
      // A short SDK time limit keeps the timeout specs fast; no rate limit for suites of many checkouts.
      KLARNA_SDK_TIMEOUT_MS: '1500',
      CHECKOUT_RATE_LIMIT: '0',
      RUST_LOG: 'warn',
    },
  },
  use: {
    baseURL: BASE,
    browserName: 'chromium',
    headless: true,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
});
