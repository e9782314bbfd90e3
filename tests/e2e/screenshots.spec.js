// Refreshes the README's screenshots (headless Chromium): `UPDATE_SCREENSHOTS=1 npm run test:e2e -- screenshots`.
import { test, expect } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { DemoPage } from './pages/demo.js';
import { newSession } from './pages/fixtures.js';
import { mountCheckout } from './pages/a11y.js';

const out = (name) => fileURLToPath(new URL(`../../docs/screenshots/${name}`, import.meta.url));

/** Waits until Klarna's button is drawn with the emulator's own stylesheet (linked by the SDK, loaded late). */
async function klarnaDrawn(frame) {
  const button = frame.getByTestId('klarna-payment-button');
  await expect(button).toBeVisible();
  await expect.poll(() => button.evaluate((el) => getComputedStyle(el).minHeight)).toBe('48px');
  await expect.poll(() => frame.locator('img').evaluateAll((imgs) => imgs.every((i) => i.complete))).toBe(true);
}

test.skip(!process.env.UPDATE_SCREENSHOTS, 'set UPDATE_SCREENSHOTS=1 to refresh the README screenshots');

test('hosted page and confirmation', async ({ page }) => {
  await page.setViewportSize({ width: 1100, height: 760 });
  const demo = new DemoPage(page);
  const { hosted } = await demo.start({ persona: 'approve', instruction: 'PRESELECT_KLARNA' });
  await klarnaDrawn(hosted.frame);
  await page.waitForTimeout(300); // the iframe takes its content's height
  await page.screenshot({ path: out('hosted-page.png') });
  await hosted.payButton.click();
  await expect(hosted.confirmation).toBeVisible();
  await page.screenshot({ path: out('confirmation.png') });
});

// The hosted page alone (its iframe, 560 px wide) in three markets and in dark mode.
for (const [name, body, options] of [
  ['hosted-de-DE.png', { country: 'DE', locale: 'de-DE' }, {}],
  ['hosted-sv-SE.png', { country: 'SE', locale: 'sv-SE', amount: 118000 }, {}],
  ['hosted-fr-FR.png', { country: 'FR', locale: 'fr-FR' }, {}],
  ['hosted-dark.png', { country: 'DE', locale: 'de-DE' }, { appearance: { theme: 'dark' }, pageStyle: 'background:#0f0d0c;color:#f4f1ef' }],
]) {
  test(name, async ({ page, request }) => {
    await page.setViewportSize({ width: 592, height: 760 });
    const s = await newSession(request, { ...body, instruction: 'PRESELECT_KLARNA' });
    const { frame } = await mountCheckout(page, s, options);
    await klarnaDrawn(frame);
    await page.waitForTimeout(300); // the iframe takes its content's height
    await page.locator('#pay iframe').screenshot({ path: out(name) });
  });
}

// The demo store's back office: one order captured in part and refunded in part, one open, and the notifications.
test('orders.png', async ({ page, request }) => {
  const { paidOrder, OrdersPage } = await import('./pages/orders.js');
  await page.setViewportSize({ width: 1100, height: 1000 });
  await newSession(request, { instruction: 'PRESELECT_KLARNA' }); // an open order
  const s = await paidOrder(page, request);
  const orders = await new OrdersPage(page).open();
  const order = orders.order(s.id);
  await order.send('capture', '80.00');
  await expect(order.captured).toHaveText('€80.00');
  await order.send('refund', '20.00');
  await expect(order.refunded).toHaveText('€20.00');
  await expect(orders.notifications(s.id).filter({ hasText: 'payment.refunded' })).toHaveCount(1, { timeout: 15_000 });
  await page.locator('[data-status]').evaluate((el) => { el.textContent = ''; });
  await page.screenshot({ path: out('orders.png'), fullPage: true });
});

// The README's pictures of the journey features: the store's product page (express button, messaging) and its
// login page (Sign in with Klarna).
test('store-product.png', async ({ page }) => {
  await page.setViewportSize({ width: 1100, height: 760 });
  await page.goto('/store/product.html');
  const express = page.getByTestId('express-slot').getByTestId('klarna-payment-button');
  await expect(express).toBeVisible();
  await expect.poll(() => express.evaluate((el) => getComputedStyle(el).minHeight)).toBe('48px');
  await expect(page.getByTestId('osm-product')).toHaveAttribute('data-klarna-state', 'rendered');
  await page.waitForTimeout(300);
  await page.screenshot({ path: out('store-product.png') });
});

test('store-login.png', async ({ page }) => {
  await page.setViewportSize({ width: 1100, height: 600 });
  await page.goto('/store/login.html');
  const button = page.getByTestId('signin-slot').getByTestId('klarna-identity-button');
  await expect(button).toBeVisible();
  await expect.poll(() => button.evaluate((el) => getComputedStyle(el).minHeight)).toBe('48px');
  await page.waitForTimeout(300);
  await page.screenshot({ path: out('store-login.png') });
});
