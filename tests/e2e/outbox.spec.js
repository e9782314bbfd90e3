// Issue 5: the durable outbox. A result the server has not acknowledged stays in the browser's storage and is
// delivered, with the same Idempotency-Key, when the page comes back (a reload, or a closed tab reopened).
import { test, expect } from '@playwright/test';
import { DemoPage } from './pages/demo.js';

test('a result that could not be delivered is sent when the page is opened again, with the same key', async ({ browser, request }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const created = await request.post('/demo/sessions', { data: { persona: 'stepup', country: 'DE', instruction: 'PRESELECT_KLARNA' } });
  const s = await created.json();
  const keys = [];
  // The network refuses every result post while the first tab is open.
  await page.route('**/v1/sessions/*/result', (route) => {
    keys.push(route.request().headers()['idempotency-key']);
    return route.abort('internetdisconnected');
  });
  await page.goto(s.hosted_url);
  await page.getByTestId('klarna-payment-button').click();
  await page.getByTestId('klarna-journey-confirm').click();
  await expect.poll(() => keys.length).toBeGreaterThan(1); // retried with backoff …
  expect(new Set(keys).size).toBe(1); // … always with one key
  const stored = await page.evaluate((id) => localStorage.getItem(`khc:outbox:${id}`), s.id);
  expect(JSON.parse(stored)[0].key).toBe(keys[0]);
  await page.close(); // the tab is closed before the result got through
  // Reopened within the session's life: the outbox delivers the same result with the same key.
  const again = await context.newPage();
  const delivered = [];
  again.on('request', (r) => { if (r.url().endsWith('/result')) delivered.push(r.headers()['idempotency-key']); });
  await again.goto(s.hosted_url);
  await expect(again.getByTestId('confirmation')).toBeVisible();
  expect(delivered).toContain(keys[0]);
  expect(await again.evaluate((id) => localStorage.getItem(`khc:outbox:${id}`), s.id)).toBeNull();
  const demo = new DemoPage(again);
  expect((await demo.session(s.id)).state).toBe('authorized');
  await context.close();
});
