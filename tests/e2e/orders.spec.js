// Issue 13: the payment after the authorization, from the merchant's back office (the demo store's orders page):
// pay, capture part, capture the rest, refund part, void, cancel an open session (the hosted page shows it closed),
// and the notifications the shop's own endpoint received, each with its signature checked. What the page shows is
// checked against the merchant API and against the sandbox's record of what reached Klarna.
import { test, expect } from '@playwright/test';
import { newSession } from './pages/fixtures.js';
import { OrdersPage, merchantView, paidOrder } from './pages/orders.js';
import { watchPage } from './pages/store.js';
import { expectPageClean } from './pages/a11y.js';

/** What the sandbox's Klarna holds for a transaction: `{captured, refunded, released, captures, …}`. */
async function atKlarna(request, view) {
  const r = await request.get(`/sandbox/klarna/transactions/${encodeURIComponent(view.payment.payment_transaction_id)}`, {
    headers: { Authorization: 'Bearer sk_test_demo' },
  });
  expect(r.status(), await r.text()).toBe(200);
  return r.json();
}

test('pay, capture part, capture the rest, refund part: the page, the API and Klarna agree; notifications verified', async ({ page, request }) => {
  const log = await watchPage(page);
  const s = await paidOrder(page, request); // 118.00 EUR
  const orders = await new OrdersPage(page).open();
  const order = orders.order(s.id);
  await expect(order.state).toHaveText('authorized');
  await expect(order.button('cancel')).toBeDisabled();

  await order.send('capture', '50.00');
  await expect(order.captured).toHaveText('€50.00');
  await expect(order.state).toHaveText('partially captured');
  await expect(orders.status).toContainText('succeeded');

  await order.send('capture'); // the suggested amount: what is left, 68.00
  await expect(order.captured).toHaveText('€118.00');
  await expect(order.state).toHaveText('captured');
  await expect(order.button('capture')).toBeDisabled();
  await expect(order.button('void')).toBeDisabled();

  await order.send('refund', '20.00');
  await expect(order.refunded).toHaveText('€20.00');
  await expect(order.state).toHaveText('partially refunded');
  await expect(order.operations).toHaveCount(3);

  // A refund over what was captured and not refunded: refused, named, nothing changes.
  await order.send('refund', '500.00');
  await expect(orders.status).toHaveAttribute('data-kind', 'error');
  await expect(orders.status).toContainText('amount');
  await expect(order.refunded).toHaveText('€20.00');
  await expect(order.button('refund')).toBeEnabled(); // the merchant can correct the amount and try again

  const view = await merchantView(request, s.id);
  expect(view.payment).toMatchObject({ captured_amount: 11800, refunded_amount: 2000, state: 'partially_refunded' });
  expect(view.payment.captures.map((c) => c.amount)).toEqual([5000, 6800]);
  const klarna = await atKlarna(request, view);
  expect(klarna).toMatchObject({ captured: 11800, refunded: 2000, released: 0 });

  // The shop's endpoint received each change, and believed it because the signature matched.
  const rows = orders.notifications(s.id);
  for (const type of ['session.authorized', 'payment.captured', 'payment.refunded']) {
    await expect(rows.filter({ hasText: type }).first()).toBeVisible({ timeout: 15_000 });
  }
  await expect(rows.locator('td[data-verified="false"]')).toHaveCount(0);
  await expect(rows.locator('td[data-verified="true"]').first()).toHaveText('Verified');
  expect(await rows.filter({ hasText: 'payment.captured' }).count()).toBe(2);
  // The refused over-refund is the only failed request (the browser logs its 409).
  expect(log.errors.filter((e) => !e.includes('status of 409'))).toEqual([]);
  expect(await page.evaluate(() => window.__cspViolations)).toEqual([]);
});

test('void: capture part, release the rest', async ({ page, request }) => {
  const s = await paidOrder(page, request);
  const orders = await new OrdersPage(page).open();
  const order = orders.order(s.id);
  await order.send('capture', '18.00');
  await expect(order.captured).toHaveText('€18.00');
  await order.button('void').click();
  await expect(order.released).toHaveText('€100.00');
  await expect(order.state).toHaveText('captured');
  await expect(order.button('capture')).toBeDisabled();
  const view = await merchantView(request, s.id);
  expect(view.payment).toMatchObject({ captured_amount: 1800, released_amount: 10000 });
  await expect(orders.notifications(s.id).filter({ hasText: 'payment.voided' })).toHaveCount(1, { timeout: 15_000 });
});

test('cancel an open session: the order is canceled and the hosted page shows it closed', async ({ page, context, request }) => {
  const s = await newSession(request, { instruction: 'PRESELECT_KLARNA' });
  const shopper = await context.newPage();
  await shopper.goto(s.hosted_url);
  await expect(shopper.getByTestId('klarna-payment-button')).toBeVisible();

  const orders = await new OrdersPage(page).open();
  const order = orders.order(s.id);
  await expect(order.state).toHaveText('open');
  await expect(order.button('capture')).toBeDisabled();
  await order.button('cancel').click();
  await expect(order.state).toHaveText('canceled');
  await expect(order.button('cancel')).toBeDisabled();
  expect((await merchantView(request, s.id)).state).toBe('canceled');

  await shopper.reload();
  await expect(shopper.getByTestId('closed')).toBeVisible();
  await expect(shopper.getByTestId('klarna-payment-button')).toHaveCount(0);
  await expect(orders.notifications(s.id).filter({ hasText: 'session.canceled' })).toHaveCount(1, { timeout: 15_000 });
});

test.describe('accessibility', () => {
  test.use({ bypassCSP: true }); // axe is injected as a script
  test('the orders page with orders and notifications is axe-clean (WCAG 2.2 AA)', async ({ page, request }) => {
    const s = await paidOrder(page, request);
    const orders = await new OrdersPage(page).open();
    await orders.order(s.id).send('capture', '10.00');
    await expect(orders.order(s.id).captured).toHaveText('€10.00');
    await expect(orders.notifications(s.id).first()).toBeVisible({ timeout: 15_000 });
    await expectPageClean(page, '/store/orders.html');
  });
});
