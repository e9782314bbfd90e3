// A tab left open on a session that ended elsewhere (outside tester): another tab got Klarna's decline, or the
// merchant canceled the session. Pressing Klarna's button there must show that end (the decline, or "This payment
// session is closed." with `session_closed`), never `payment_failed` and "please try again".
import { test, expect } from '@playwright/test';
import { BASE } from './playwright.config.js';
import { newSession, serve, merchantPage, eventTypes } from './pages/fixtures.js';
import { DEMO_KEY } from './pages/demo.js';

async function mount(page, session) {
  const body = `<div id="pay"></div><script src="/checkout.js"></script>
<script>window.handle = KlarnaHostedCheckout.create({ target: '#pay', session: ${JSON.stringify(session.hosted_url)} });</script>`;
  await serve(page, `${BASE}/e2e/stale.html`, merchantPage(body));
  await page.goto('/e2e/stale.html');
  const frame = page.frameLocator('#pay iframe');
  await frame.getByTestId('klarna-radio').check();
  await expect(frame.getByTestId('klarna-payment-button')).toBeVisible();
  return frame;
}

const errorCodes = (page) => page.evaluate(() => window.__events.filter((e) => e.type === 'error').map((e) => e.code));

test('a second tab of a session the first tab got declined shows the decline, not "try again"', async ({ page, context, request }) => {
  const s = await newSession(request, { persona: 'denied' });
  const one = await mount(page, s);
  const other = await context.newPage();
  const two = await mount(other, s);
  await one.getByTestId('klarna-payment-button').click();
  await expect.poll(() => eventTypes(page)).toContain('declined');
  await two.getByTestId('klarna-payment-button').click();
  await expect.poll(() => eventTypes(other)).toContain('declined');
  await expect(two.getByTestId('notice')).toHaveAttribute('data-kind', 'declined');
  await expect(two.getByTestId('klarna-payment-button')).toHaveCount(0);
  expect(await errorCodes(other)).not.toContain('payment_failed');
});

test('a session the merchant canceled while the page was open: Klarna\'s button shows it closed (session_closed)', async ({ page, request }) => {
  const s = await newSession(request);
  const frame = await mount(page, s);
  const cancel = await request.post(`/v1/sessions/${s.id}/cancel`, { headers: { Authorization: `Bearer ${DEMO_KEY}` } });
  expect(cancel.status(), await cancel.text()).toBe(200);
  await frame.getByTestId('klarna-payment-button').click();
  await expect(frame.getByTestId('closed')).toBeVisible();
  await expect(frame.getByTestId('closed')).toContainText('Diese Zahlungssitzung ist beendet.');
  await expect.poll(() => errorCodes(page)).toContain('session_closed');
  expect(await errorCodes(page)).not.toContain('payment_failed');
  await expect(frame.getByTestId('notice')).toHaveCount(0);
});
