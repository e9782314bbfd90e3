// The fault-injection suite (issue 5): its own server with CHECKOUT_FAULTS, so the other suites stay clean.
import { defineConfig } from '@playwright/test';
import base from '../e2e/playwright.config.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const port = Number(process.env.FAULTS_PORT || 8798);
export const FAULT_BASE = `http://127.0.0.1:${port}`;

export default defineConfig({
  ...base,
  testDir: '.',
  timeout: 20 * 60_000,
  webServer: {
    ...base.webServer,
    url: `${FAULT_BASE}/`,
    env: {
      ...base.webServer.env,
      CHECKOUT_ADDR: `127.0.0.1:${port}`,
      CHECKOUT_PUBLIC_URL: FAULT_BASE,
      CHECKOUT_DATA_DIR: mkdtempSync(join(tmpdir(), 'khc-faults-')),
      // This suite runs on SQLite (the e2e suite runs on PostgreSQL when E2E_DATABASE_URL is set).
      CHECKOUT_DATABASE_URL: '',
      CHECKOUT_FAULTS: process.env.FAULTS || 'rate=0.3,kinds=5xx+delay+drop,delay_ms=2500,paths=hosted+merchant',
      // Klarna fails a share of captures and refunds (before doing them, or after, losing the answer), and
      // takes 300 ms on each call as Klarna does: a reload mid-payment then hangs up while Klarna works.
      KLARNA_SANDBOX_FAULTS: process.env.KLARNA_FAULTS || 'rate=0.2,kinds=5xx+lost,latency_ms=300',
      // Pending operations and notifications are retried quickly, so the suite waits seconds, not minutes.
      CHECKOUT_JOB_RETRY_BASE_MS: '200',
      CHECKOUT_JOB_RETRY_MAX_MS: '2000',
      CHECKOUT_JOB_POLL_MS: '100',
      CHECKOUT_ALLOW_FAULTS: 'yes-this-is-a-test',
      // npm test runs this suite beside others: no shared metrics port.
      CHECKOUT_METRICS_ADDR: 'off',
      CHECKOUT_CLIENT_TIMEOUT_MS: '2000',
      KLARNA_SDK_TIMEOUT_MS: '3000',
      CHECKOUT_RATE_LIMIT: '0',
      // Pending operations under Klarna faults are expected: their warnings would flood the output.
      RUST_LOG: 'warn,checkout_server::lifecycle::settle=error,job=error',
    },
  },
  use: { ...base.use, baseURL: FAULT_BASE },
});
