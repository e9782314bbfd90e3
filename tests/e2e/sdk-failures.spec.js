// Issue 5: failures of Klarna's SDK and of the network. Each ends in a clear state for the shopper,
// an `error` event with a stable code for the merchant, and a retry path.
import { test, expect } from '@playwright/test';
import { BASE } from './playwright.config.js';
import { newSession, serve, merchantPage } from './pages/fixtures.js';

const SDK = '**/sandbox/klarna.js*';

async function mount(page, request) {
  const s = await newSession(request);
  const body = `<div id="pay"></div><script src="/checkout.js"></script>
<script>window.handle = KlarnaHostedCheckout.create({ session: ${JSON.stringify(s.hosted_url)}, target: '#pay' });</script>`;
  await serve(page, `${BASE}/e2e/sdk.html`, merchantPage(body));
  await page.goto('/e2e/sdk.html');
  return page.frameLocator('#pay iframe');
}

const errorEvents = (page) => page.evaluate(() => window.__events.filter((e) => e.type === 'error'));

async function expectFailure(page, frame, code) {
  const error = frame.getByTestId('error');
  await expect(error).toBeVisible({ timeout: 20_000 });
  await expect(error).toHaveAttribute('data-code', code);
  await expect(error).toHaveAttribute('role', 'alert');
  await expect(error.getByRole('button')).toBeVisible();
  await expect.poll(async () => (await errorEvents(page)).map((e) => e.code)).toContain(code);
}

test('the SDK answers 404: retried 3 times, then a clear error; "Try again" recovers', async ({ page, request }) => {
  const attempts = [];
  await page.route(SDK, (route) => {
    // Module imports only: the page's reachability probe (a no-cors fetch) is not an attempt.
    if (route.request().resourceType() === 'script') attempts.push(new URL(route.request().url()).search);
    return route.fulfill({ status: 404, body: 'not found' });
  });
  const frame = await mount(page, request);
  await expectFailure(page, frame, 'sdk_load_failed');
  // The first attempt and three retries, each at its own URL. The first URL may be asked twice: the page's
  // modulepreload of it (issue 15) and, once that failed, the boot script's import of it.
  expect([...new Set(attempts)]).toEqual(['', '?attempt=1', '?attempt=2', '?attempt=3']);
  expect(attempts.length).toBeLessThanOrEqual(5);
  await page.unroute(SDK);
  await frame.getByTestId('error').getByRole('button').click();
  await expect(frame.getByTestId('klarna-option')).toBeVisible();
});

test('an ad-blocker blocks the SDK: sdk_blocked, and the shopper is told what can help', async ({ page, request }) => {
  await page.route(SDK, (route) => route.abort('blockedbyclient'));
  const frame = await mount(page, request);
  await expectFailure(page, frame, 'sdk_blocked');
  // The demo session is de-DE: the hint names the likely cause in the shopper's language.
  await expect(frame.getByTestId('error-body')).toContainText('Browsererweiterung');
});

test('the SDK never answers: sdk_load_timeout after the retries', async ({ page, request }) => {
  test.setTimeout(60_000);
  await page.route(SDK, () => { /* never answers */ });
  const frame = await mount(page, request);
  await expectFailure(page, frame, 'sdk_load_timeout');
});

test('a slow first attempt is retried and Klarna still shows', async ({ page, request }) => {
  let first = true;
  await page.route(SDK, (route) => {
    if (first) {
      first = false;
      return; // the first attempt hangs past the time limit
    }
    return route.continue();
  });
  const frame = await mount(page, request);
  await expect(frame.getByTestId('klarna-option')).toBeVisible({ timeout: 20_000 });
  expect(await errorEvents(page)).toEqual([]);
});

test('KlarnaSDK() throws: sdk_init_failed, and a retry tries again', async ({ page, request }) => {
  await page.addInitScript(() => { globalThis.__KLARNA_SANDBOX_OPTIONS__ = 'fail=init'; });
  const frame = await mount(page, request);
  await expectFailure(page, frame, 'sdk_init_failed');
  const hosted = () => page.frames().find((f) => f.url().includes('/hpp/'));
  const before = await hosted().evaluate(() => globalThis.__klarnaSandbox.callsOf('KlarnaSDK').length);
  await frame.getByTestId('error').getByRole('button').click();
  await expect.poll(() => hosted().evaluate(() => globalThis.__klarnaSandbox.callsOf('KlarnaSDK').length)).toBeGreaterThan(before);
});

test('the presentation call rejects: presentation_failed', async ({ page, request }) => {
  await page.addInitScript(() => { globalThis.__KLARNA_SANDBOX_OPTIONS__ = 'fail=presentation'; });
  const frame = await mount(page, request);
  await expectFailure(page, frame, 'presentation_failed');
});
