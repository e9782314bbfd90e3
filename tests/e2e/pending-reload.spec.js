// A page opened (or reloaded) while the session's first click is still being paid: the server's config says
// `authorization_pending` (an authorization is asked of Klarna and its answer not recorded). Neither the boot
// script nor the module offers Klarna's button then; the page says it is waiting for Klarna, reads the config
// again, and goes on once the answer is recorded. server/tests/disconnect.rs proves the server's side with a
// held authorization; here the config answers are marked pending by the test while the server is asked to pay.
import { test, expect } from '@playwright/test';
import { newSession, marks, authorizations } from './pages/fixtures.js';

/** Marks the session's config answers `authorization_pending` while `pending()` says so; counts them. */
async function pendingConfig(page, id, pending) {
  const seen = { marked: 0, all: 0 };
  await page.route((url) => url.pathname === `/v1/sessions/${id}/config`, async (route) => {
    const response = await route.fetch();
    const cfg = await response.json();
    seen.all += 1;
    if (pending()) {
      seen.marked += 1;
      cfg.authorization_pending = true;
    }
    await route.fulfill({ response, json: cfg });
  });
  return seen;
}

/** The page's "Waiting for Klarna…", in its language: the live region, shown (not 1 px) above the skeleton. */
async function expectWaiting(page) {
  const live = page.getByTestId('live');
  await expect(page.locator('.khc[data-wait="1"]')).toHaveCount(1);
  await expect.poll(async () => (await live.boundingBox())?.height ?? 0).toBeGreaterThan(10);
  const lang = (await page.locator('.khc').getAttribute('lang')).split('-')[0];
  // English is compiled into the module; every other language is a table the page loads.
  const text = lang === 'en' ? 'Waiting for Klarna…' : (await (await page.request.get(`/i18n/${lang}.json`)).json()).authorizing;
  await expect(live).toHaveText(text);
}

/** Records whether a Klarna payment button was ever in the document. */
const watchButtons = (page) => page.addInitScript(() => {
  new MutationObserver(() => {
    if (document.querySelector('[data-testid="klarna-payment-button"]')) window.__khcButtonSeen = true;
  }).observe(document, { subtree: true, childList: true });
});

test('a page opened while its authorization is pending offers no button, waits, then shows the confirmation', async ({ page, request }) => {
  const s = await newSession(request, { instruction: 'PRESELECT_KLARNA' });
  let pending = true;
  const seen = await pendingConfig(page, s.id, () => pending);
  await watchButtons(page);
  const authorizes = authorizations(page);
  await page.goto(s.hosted_url);
  await expectWaiting(page);
  // It reads the config again, and still offers nothing while the answer is pending.
  await expect.poll(() => seen.marked, { timeout: 10_000 }).toBeGreaterThanOrEqual(3);
  expect(await page.evaluate(() => window.__khcButtonSeen)).toBeUndefined();
  expect((await marks(page))['khc:early-button'], 'the boot script mounted no button').toBeUndefined();
  // The first click's authorization is recorded (here: asked of the server directly).
  const cs = new URLSearchParams(new URL(s.hosted_url).hash.slice(1)).get('cs');
  const paid = await request.post(`/v1/sessions/${s.id}/klarna/authorize`, { headers: { Authorization: `Bearer ${cs}` }, data: {} });
  expect(paid.status(), await paid.text()).toBe(200);
  pending = false;
  await expect(page.getByTestId('confirmation')).toBeVisible({ timeout: 10_000 });
  expect(await page.evaluate(() => window.__khcButtonSeen)).toBeUndefined();
  expect(authorizes, 'the page asked for no authorization of its own').toEqual([]);
});

test('when the pending call ends without a payment, the methods show and one click pays once', async ({ page, request }) => {
  const s = await newSession(request, { instruction: 'PRESELECT_KLARNA' });
  let answers = 0;
  const seen = await pendingConfig(page, s.id, () => ++answers <= 2);
  await watchButtons(page);
  const authorizes = authorizations(page);
  await page.goto(s.hosted_url);
  await expectWaiting(page);
  const button = page.locator('.khc-choice .khc-pay').getByTestId('klarna-payment-button');
  await expect(button).toBeEnabled({ timeout: 10_000 });
  expect(seen.all).toBe(3);
  expect(await page.evaluate(() => window.__khcButtonSeen), 'the watch sees the button').toBe(true);
  expect((await page.getByTestId('live').boundingBox()).height, 'the live region is hidden again').toBeLessThanOrEqual(1);
  await button.click();
  await expect(page.getByTestId('confirmation')).toBeVisible({ timeout: 20_000 });
  expect(authorizes).toHaveLength(1);
});
