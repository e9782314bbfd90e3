// Issue 20: a gift card paying part of the order keeps Klarna on offer for the rest. A session whose lines
// include a negative gift_card line (and Klarna's line fields: type, tax, discount, identifiers) shows Klarna in
// the hosted page, pays, and Klarna receives the lines as its line items.
import { test, expect } from '@playwright/test';
import { mountCheckout } from './pages/a11y.js';
import { DEMO_KEY, HostedPage } from './pages/demo.js';
import { BASE } from './playwright.config.js';

const auth = { Authorization: `Bearer ${DEMO_KEY}` };

test('a cart with a gift card line shows Klarna and pays the rest', async ({ page, request }) => {
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const resp = await request.post('/v1/sessions', { headers: auth, data: {
    amount: 9300, currency: 'EUR', country: 'DE', locale: 'de-DE',
    merchant_reference: 'gift-card-e2e', return_url: 'https://shop.example/return', allowed_origins: [BASE],
    order_lines: [
      { type: 'physical', reference: 'SNK-42', name: 'Sneakers', quantity: 2, unit_price: 6000,
        total_discount_amount: 1000, total_amount: 11000, tax_rate: 1900, total_tax_amount: 1756 },
      { type: 'shipping_fee', name: 'Express', quantity: 1, unit_price: 800, total_amount: 800 },
      { type: 'gift_card', name: 'Gift card', quantity: 1, unit_price: -2500, total_amount: -2500 },
    ],
    customer: { email: 'customer+de@klarna.com', given_name: 'Erika', family_name: 'Mustermann' },
  } });
  expect(resp.status(), await resp.text()).toBe(201);
  const session = await resp.json();

  const { frame } = await mountCheckout(page, session);
  const hosted = new HostedPage(frame);
  await expect(hosted.klarnaOption).toBeVisible();
  await hosted.payWithKlarna();
  await expect(hosted.confirmation).toBeVisible();

  const view = await (await request.get(`/v1/sessions/${session.id}`, { headers: auth })).json();
  expect(view.state).toBe('authorized');
  expect(view.authorization.amount).toBe(9300);
  const seen = await (await request.get(`/sandbox/klarna/requests?session=${session.id}`, { headers: auth })).json();
  const authorize = seen.requests.find((r) => r.operation === 'authorize');
  const items = authorize.supplementary_purchase_data.line_items;
  expect(items.map((i) => [i.type, i.total_amount])).toEqual([['physical', 11000], ['shipping_fee', 800], ['gift_card', -2500]]);
  expect(errors).toEqual([]);
});
