// The demo store (www/store/): each page's Klarna placements render with the emulator, and a shopper
// pays through the express button (product page from markup, cart from script) and through the checkout page
// (checkout.js).
import { test, expect } from '@playwright/test';
import {
  ConfirmationPage, DEMO_KEY, ExpressJourney, ProductPage, cspViolations, expectPageStructure, expectPlacementRendered,
  placementState, seedCart, watchPage,
} from './pages/store.js';

const CART = [{ sku: 'classic-canvas', quantity: 1 }, { sku: 'merino-socks', quantity: 2 }]; // £118 + £48

/** The session as the merchant API reports it. */
async function merchantSession(page, id) {
  const resp = await page.request.get(`/v1/sessions/${id}`, { headers: { Authorization: `Bearer ${DEMO_KEY}` } });
  expect(resp.status()).toBe(200);
  return resp.json();
}

test.afterEach(async ({ page }) => {
  expect(await cspViolations(page).catch(() => []), 'CSP violations').toEqual([]);
});

test('home: top strip and footer placements render; the info page shows the info-page placement', async ({ page }) => {
  const log = await watchPage(page);
  await page.goto('/store/index.html');
  await expectPageStructure(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sneakers for every day');
  await expect(page.getByRole('link', { name: 'Classic canvas sneakers' })).toBeVisible();
  for (const id of ['osm-top-strip', 'osm-footer']) {
    const s = await expectPlacementRendered(page, id);
    expect(s.text).toBe('Buy now, pay later with Klarna.'); // no amount: the generic message, in en-GB
  }
  expect((await placementState(page, 'osm-top-strip')).key).toBe('top-strip-promotion-badge');
  expect((await placementState(page, 'osm-footer')).key).toBe('footer');

  await page.getByRole('link', { name: 'How paying with Klarna works' }).click();
  await expect(page).toHaveURL(/\/store\/info\.html$/);
  await expectPageStructure(page);
  expect((await expectPlacementRendered(page, 'osm-info-page')).key).toBe('info-page');
  expect(log.errors).toEqual([]);
});

test('product page: messaging under the price follows the quantity; Add to cart fills the cart', async ({ page }) => {
  const log = await watchPage(page);
  const product = new ProductPage(page);
  await product.goto('trail-runner');
  await expectPageStructure(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Trail running shoes');
  let s = await expectPlacementRendered(page, 'osm-product');
  expect(s.key).toBe('credit-promotion-badge');
  expect(s.text).toBe('Pay in 3 interest-free payments of £49.67.'); // 149.00 / 3, rounded up
  await expect(product.expressButton).toBeVisible();

  await product.quantity.fill('2');
  await expect(page.getByTestId('osm-product')).toHaveAttribute('data-amount', '29800');
  await expect.poll(async () => (await placementState(page, 'osm-product')).text).toBe('Pay in 3 interest-free payments of £99.34.');
  s = await expectPlacementRendered(page, 'osm-product');
  expect(s.count).toBe(1);

  await product.addToCart.click();
  await expect(product.status).toContainText('Added 2 × Trail running shoes');
  await expect(product.cartCount).toHaveText('2');
  expect(log.errors).toEqual([]);
});

test('cart: lines from storage, messaging near the total follows it', async ({ page }) => {
  await seedCart(page, CART);
  await watchPage(page);
  await page.goto('/store/cart.html');
  await expectPageStructure(page);
  await expect(page.getByRole('row', { name: /Classic canvas sneakers/ })).toBeVisible();
  await expect(page.locator('[data-cart-total]')).toHaveText('£166.00');
  for (const [id, key] of [['osm-cart-total', 'credit-promotion-auto-size'], ['osm-cart-checkout', 'checkout']]) {
    const s = await expectPlacementRendered(page, id);
    expect(s.key).toBe(key);
    expect(s.text).toBe('Pay in 3 interest-free payments of £55.34.');
  }
  await expectPlacementRendered(page, 'osm-footer');

  await page.getByLabel('Quantity of Merino wool socks, 2 pairs').fill('1');
  await page.getByLabel('Quantity of Merino wool socks, 2 pairs').press('Tab');
  await expect(page.locator('[data-cart-total]')).toHaveText('£142.00');
  await expect.poll(async () => (await placementState(page, 'osm-cart-total')).text).toBe('Pay in 3 interest-free payments of £47.34.');

  await page.getByRole('button', { name: 'Remove Classic canvas sneakers' }).click();
  await expect(page.locator('[data-cart-total]')).toHaveText('£24.00');
  await expect.poll(async () => (await placementState(page, 'osm-cart-checkout')).text).toBe('Pay in 3 interest-free payments of £8.00.');
});

test('express button on the product page pays with the approve persona and ends on the confirmation', async ({ page }) => {
  const log = await watchPage(page);
  const product = new ProductPage(page);
  await product.goto('classic-canvas');
  await product.quantity.fill('2');
  await expect(page.getByTestId('express-slot')).toHaveAttribute('data-amount', '23600');
  await product.payExpress('approve');

  const confirmation = new ConfirmationPage(page);
  await expect(page).toHaveURL(/\/store\/confirmation\.html\?session=hcs_/);
  await expectPageStructure(page);
  await expect(confirmation.paymentMethod).toHaveText('Klarna');
  await expect(confirmation.root).toContainText('You will receive an email from Klarna with instructions on how to pay');
  await expect(confirmation.root).toContainText('Classic canvas sneakers');
  await expect(confirmation.root).toContainText('£236.00');
  await expect(confirmation.status).toHaveText('Paid with Klarna: £236.00 authorized');
  await expect(confirmation.root).toContainText('Testperson-gb Approved · 1 High Street, SW1A 1AA, London, GB · Standard delivery');

  // The merchant's side: the same order, with what Klarna collected to ship it.
  const session = await merchantSession(page, confirmation.sessionId());
  expect(session.state).toBe('authorized');
  expect(session.authorization).toMatchObject({ amount: 23600, currency: 'GBP' });
  expect(session.order_lines.map((l) => l.name)).toEqual(['Classic canvas sneakers', 'Shipping: Standard delivery']);
  expect(session.shipping.address).toMatchObject({ city: 'London', country: 'GB' });
  expect(session.customer_profile.email).toBe('customer+gb@klarna.com');
  expect(log.requests).toEqual(expect.arrayContaining([
    '/demo/api/express/sessions', '/demo/api/express/shipping', `/v1/sessions/${session.id}/authorize`,
  ]));
  expect(log.errors).toEqual([]);

  // The same lifecycle as a hosted payment: the merchant captures when it ships (issue 13's merchant API).
  const capture = await page.request.post(`/v1/sessions/${session.id}/captures`, {
    headers: { Authorization: `Bearer ${DEMO_KEY}` }, data: { amount: 23600, reference: 'ship-1' },
  });
  test.skip(capture.status() === 404 && (await capture.json()).error?.message === 'no such resource',
    'capture (issue 13) is not on this branch yet');
  expect(capture.status(), await capture.text()).toBe(201);
  await expect.poll(async () => (await merchantSession(page, session.id)).payment?.state).toBe('captured');
});

test('express button: express delivery in Klarna\'s journey patches the session and is paid in full', async ({ page }) => {
  await watchPage(page);
  const product = new ProductPage(page);
  await product.goto('classic-canvas');
  await product.expressButton.click();
  await expect(product.journey.status).toContainText('£118.00');
  await product.journey.dialog.getByLabel(/Express delivery/).check();
  await expect(product.journey.status).toContainText('£122.95');
  await product.journey.pay('approve');
  const confirmation = new ConfirmationPage(page);
  await expect(confirmation.status).toHaveText('Paid with Klarna: £122.95 authorized');
  await expect(confirmation.root).toContainText('Shipping: Express delivery');
  const session = await merchantSession(page, confirmation.sessionId());
  expect(session).toMatchObject({ state: 'authorized', amount: 12295 });
  expect(session.shipping.shipping_option).toMatchObject({ reference: 'express', amount: 495 });
});

test('express button: an address the shop does not ship to can\'t be paid', async ({ page }) => {
  await watchPage(page);
  const product = new ProductPage(page);
  await product.goto();
  await product.expressButton.click();
  await expect(product.journey.confirm).toBeEnabled();
  // The emulator offers the market's countries only; the merchant refuses a changed address it can't serve.
  await page.evaluate(() => {
    const select = document.querySelector('[data-testid="klarna-express-journey"] select');
    select.append(new Option('DE', 'DE'));
    select.value = 'DE';
    select.dispatchEvent(new Event('change'));
  });
  await expect(product.journey.status).toContainText("can't ship here");
  await expect(product.journey.confirm).toBeDisabled();
  await product.journey.cancel.click();
  await expect(product.status).toHaveText('You closed Klarna. Nothing was charged; you can try again.');
});

test('express button: a declined persona gets a clear message and stays on the product page', async ({ page }) => {
  await watchPage(page);
  const product = new ProductPage(page);
  await product.goto();
  await product.payExpress('denied');
  await expect(product.status).toHaveText('Klarna declined this purchase. Please choose another way to pay.');
  await expect(page).toHaveURL(/\/store\/product\.html/);
});

test('cart: the express button pays the whole cart (approve) and empties it', async ({ page }) => {
  await seedCart(page, CART);
  await watchPage(page);
  await page.goto('/store/cart.html');
  await page.getByTestId('express-slot').getByTestId('klarna-payment-button').click();
  await new ExpressJourney(page).pay('approve');
  const confirmation = new ConfirmationPage(page);
  await expect(confirmation.status).toHaveText('Paid with Klarna: £166.00 authorized');
  await expect(confirmation.root).toContainText('Merino wool socks, 2 pairs');
  const session = await merchantSession(page, confirmation.sessionId());
  expect(session.order_lines.map((l) => l.name)).toEqual(['Classic canvas sneakers', 'Merino wool socks, 2 pairs', 'Shipping: Standard delivery']);
  await page.getByRole('link', { name: /^Cart/ }).click();
  await expect(page.getByText('Your cart is empty.')).toBeVisible();
});

test('cart: the express button follows the total, and a declined persona keeps the cart', async ({ page }) => {
  await seedCart(page, CART);
  await watchPage(page);
  await page.goto('/store/cart.html');
  const express = page.getByTestId('express-slot').getByTestId('klarna-payment-button');
  await expect(express).toBeVisible();
  await page.getByRole('button', { name: 'Remove Classic canvas sneakers' }).click();
  await express.click();
  const journey = new ExpressJourney(page);
  await expect(journey.status).toContainText('£48.00');
  await journey.pay('denied');
  await expect(page.getByRole('status').first()).toHaveText('Klarna declined this purchase. Please choose another way to pay.');
  await expect(page.getByRole('row', { name: /Merino wool socks/ })).toBeVisible();
});

test('abandoned-cart e-mail: the template filled from the cart, with a static Klarna line', async ({ page }) => {
  await seedCart(page, CART);
  await watchPage(page);
  await page.goto('/store/email/preview.html');
  await expectPageStructure(page);
  const mail = page.frameLocator('iframe[title="Abandoned-cart e-mail"]');
  await expect(mail.getByTestId('email-lines')).toContainText('1 × Classic canvas sneakers');
  await expect(mail.getByTestId('email-lines')).toContainText('2 × Merino wool socks, 2 pairs');
  await expect(mail.getByTestId('email-lines')).toContainText('£166.00');
  await expect(mail.getByTestId('email-klarna')).toHaveText(/Klarna\.\s+Pay in 3 interest-free payments of £55\.34\./);
  await expect(mail.getByRole('link', { name: 'Return to your cart' })).toHaveAttribute('href', /\/store\/cart\.html$/);
  const html = await page.locator('[data-email-html]').textContent();
  expect(html).not.toMatch(/\{\{|<script|<img|style=/i);
  expect(html).toMatch(/<table role="presentation"/);
});

// Pays through the hosted page that /checkout.js embeds: needs the hosted page's wasm (`bash scripts/build.sh`).
test('checkout page: session through /demo/sessions, hosted page through checkout.js, confirmation', async ({ page }) => {
  await seedCart(page, CART);
  await watchPage(page);
  await page.goto('/store/checkout.html');
  await expectPageStructure(page);
  await expect(page.getByRole('region', { name: 'Order summary' })).toContainText('£166.00');
  await page.getByLabel('Shopper (sandbox persona)').selectOption('approve');
  await page.getByRole('button', { name: 'Continue to payment' }).click();

  const frame = page.frameLocator('#pay iframe');
  await expect(page.locator('#pay iframe')).toHaveAttribute('src', /\/hpp\/hcs_/);
  const hosted = frame.getByTestId('klarna-option');
  await expect(hosted).toBeVisible({ timeout: 20_000 });
  await frame.getByTestId('klarna-radio').check();
  await frame.getByTestId('klarna-payment-button').click();

  const confirmation = new ConfirmationPage(page);
  await expect(page).toHaveURL(/\/store\/confirmation\.html\?session=hcs_/, { timeout: 20_000 });
  await expect(confirmation.paymentMethod).toHaveText('Klarna');
  await expect(confirmation.root).toContainText('You will receive an email from Klarna with instructions on how to pay');
  await expect(confirmation.root).toContainText('Merino wool socks, 2 pairs');
  await expect(confirmation.status).toHaveText('Paid with Klarna: £166.00 authorized');
  const session = await merchantSession(page, confirmation.sessionId());
  expect(session).toMatchObject({ state: 'authorized', amount: 16600, currency: 'GBP' });
  await page.getByRole('link', { name: /^Cart/ }).click();
  await expect(page.getByText('Your cart is empty.')).toBeVisible();
});
