// The client secret in the hosted page's address (`/hpp/{id}#cs=…`). The page removes it from the address bar and
// keeps it in the tab's sessionStorage, so a reload opens the same checkout; it does both when its view mounts, after
// Klarna's button is served (src/entry/hosted.rs), storage first. Until then the address bar still has it: a reload
// or Klarna's journey at that moment finds it there. shopper-details.spec.js covers a reload after the view.
import { test, expect } from '@playwright/test';
import { BASE } from './playwright.config.js';
import { newSession, marks, holdFramesAfter, onboardMerchant } from './pages/fixtures.js';

/** Holds the frames the module asks for from its start on: the view mounts after one (src/flow/view.rs). */
const holdTheView = (page) => holdFramesAfter(page, 'khc:wasm-ready');

const kept = (page, id) => page.evaluate((i) => sessionStorage.getItem(`khc:fragment:${i}`), id);

test('until the view mounts the secret stays in the address bar, so a reload then opens the same checkout', async ({ page, request }) => {
  await holdTheView(page);
  const s = await newSession(request, { instruction: 'PRESELECT_KLARNA' });
  await page.goto(s.hosted_url);
  await expect.poll(async () => (await marks(page))['khc:served'], 'the page serves the early button').toBeDefined();
  expect(page.url(), 'not removed before the view').toContain(`cs=${s.client_secret}`);
  expect(await kept(page, s.id), 'nor kept yet').toBeNull();
  // A reload now: the frames are held again after the page serves its button, which it can only with the secret.
  const configs = [];
  page.on('response', (r) => r.url().includes(`/v1/sessions/${s.id}/config`) && configs.push(r.status()));
  await page.reload();
  await expect.poll(async () => (await marks(page))['khc:served'], 'served again after the reload').toBeDefined();
  expect(configs, 'the config answered with the secret').toEqual([200]);
  await page.evaluate(() => window.__releaseFrames());
  await expect(page.locator('.khc-choice .khc-pay').getByTestId('klarna-payment-button')).toBeEnabled();
  await expect.poll(() => page.url(), 'removed when the view mounted').toBe(`${BASE}/hpp/${s.id}`);
  expect(await kept(page, s.id)).toContain(`cs=${s.client_secret}`);
});

test("a click before the view mounts, on another merchant's session, pays through Klarna's journey", async ({ page, request }) => {
  // Klarna's (emulated) journey proves the page's client secret to the sandbox on a session that is not the demo
  // merchant's (www/sandbox/sdk/journey.js): before the view mounts it is in the address bar, not yet in the tab.
  await holdTheView(page);
  const { key } = await onboardMerchant(request, BASE, `early-${Date.now()}`);
  const r = await request.post('/v1/sessions', {
    headers: { Authorization: `Bearer ${key}` },
    data: { amount: 11800, currency: 'EUR', country: 'DE', locale: 'de-DE', merchant_reference: 'early-1',
      return_url: `${BASE}/demo/return`, customer: { email: 'customer+de+stepup@klarna.com' },
      // The sandbox's Klarna presents itself with PRESELECT_KLARNA on this token: Klarna first, the early button.
      klarna_network_session_token: 'krn:sandbox:eu1:session-token:PRESELECT_KLARNA:0123abcd' },
  });
  expect(r.status(), await r.text()).toBe(201);
  const s = await r.json();
  await page.goto(s.hosted_url);
  await expect.poll(async () => (await marks(page))['khc:served'], 'the page serves the early button').toBeDefined();
  await page.locator('.khc-early').getByTestId('klarna-payment-button').click();
  await page.getByTestId('klarna-journey-confirm').click();
  await page.evaluate(() => window.__releaseFrames());
  await expect(page.getByTestId('confirmation')).toBeVisible({ timeout: 20_000 });
  const view = await (await request.get(`/v1/sessions/${s.id}`, { headers: { Authorization: `Bearer ${key}` } })).json();
  expect(view.state).toBe('authorized');
});
