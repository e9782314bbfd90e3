// Express checkout as a product feature, proven on a plain merchant page (not the demo store): the documented
// markup and script with checkout.js, the merchant's server played by the test through the merchant API
// (session creation and the PATCH behind a shipping change), the approve and denied personas, bad options,
// keyboard use. The store's product and cart pages are in store.spec.js.
import { test, expect } from '@playwright/test';
import { BASE } from './playwright.config.js';
import { DEMO_KEY } from './pages/demo.js';
import { ExpressJourney, personaEmail } from './pages/store.js';
import { onboardMerchant } from './pages/fixtures.js';

const auth = { Authorization: `Bearer ${DEMO_KEY}` };

/** The merchant's server: `POST /merchant/express-session` creates the session with the merchant API. */
async function merchantServer(page, request, { amount = 11800, key = DEMO_KEY } = {}) {
  const created = [];
  await page.route(`${BASE}/merchant/express-session`, async (route) => {
    const asked = route.request().postDataJSON();
    // The merchant prices the order itself; the page only says what is being bought.
    expect(asked).toMatchObject({ amount, currency: 'GBP', locale: 'en-GB', details: { sku: 'tee-1' } });
    const r = await request.post('/v1/sessions', {
      headers: { Authorization: `Bearer ${key}` },
      data: {
        amount, currency: 'GBP', country: 'GB', locale: 'en-GB', merchant_reference: `plain-${Date.now()}`,
        order_lines: [{ name: 'T-shirt', quantity: 1, unit_price: amount, total_amount: amount }],
        return_url: `${BASE}/thanks`, allowed_origins: [BASE],
      },
    });
    const session = await r.json();
    created.push(session);
    await route.fulfill({ status: r.status(), contentType: 'application/json', body: JSON.stringify(session) });
  });
  return created;
}

/** A plain merchant page on the server's origin: `body`, checkout.js, and every express event in `window.__express`. */
async function plainPage(page, body) {
  const html = `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>T-shirt · Plain shop</title></head>
<body><main><h1>T-shirt</h1><p>£118.00</p>${body}<p id="status" role="status"></p></main>
<script>
  window.__express = [];
  for (const t of ['ready','shipping_address_change','shipping_option_select','authorized','declined','aborted','error']) {
    document.addEventListener('klarna-express:' + t, (e) => {
      const { updateWith, ...rest } = e.detail;
      window.__express.push(rest);
      if (t === 'authorized') document.getElementById('status').textContent = 'Paid: ' + e.detail.payment_transaction_id;
      if (t === 'declined') document.getElementById('status').textContent = 'Declined';
    });
  }
</script>
<script src="/checkout.js" async></script></body></html>`;
  await page.route(`${BASE}/plain/product.html`, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: html }));
  await page.goto('/plain/product.html');
}

const MARKUP = `<div id="express" data-klarna-express data-amount="11800" data-currency="GBP" data-locale="en-GB"
  data-session-url="/merchant/express-session" data-details='{"sku":"tee-1"}' data-shipping="address"></div>`;

const events = (page) => page.evaluate(() => window.__express);

for (const persona of ['approve', 'denied']) {
  test(`from the documented markup on a plain page: the ${persona} persona`, async ({ page, request }) => {
    const created = await merchantServer(page, request);
    await plainPage(page, MARKUP);
    await expect.poll(async () => (await events(page)).map((e) => e.type)).toContain('ready');
    await page.locator('#express').getByTestId('klarna-payment-button').click();
    await new ExpressJourney(page).pay(persona);
    const id = created[0].id;
    const status = page.locator('#status');
    await expect(status).toHaveText(persona === 'approve' ? /^Paid: krn:payment:/ : 'Declined');
    const session = await (await request.get(`/v1/sessions/${id}`, { headers: auth })).json();
    if (persona === 'approve') {
      const done = (await events(page)).find((e) => e.type === 'authorized');
      expect(done).toMatchObject({ session_id: id, amount: 11800, currency: 'GBP',
        customer_profile: { email: personaEmail('approve') }, shipping: { address: { city: 'London' } } });
      expect(session).toMatchObject({ state: 'authorized', authorization: { payment_transaction_id: done.payment_transaction_id } });
    } else {
      expect(session.state).toBe('declined');
    }
    // The address reached the merchant page while Klarna's journey ran.
    const change = (await events(page)).find((e) => e.type === 'shipping_address_change');
    expect(change).toMatchObject({ session_id: id, address: { postal_code: 'SW1A 1AA', country: 'GB' } });
  });
}

test("a configured merchant's session (not the demo's): the emulated Klarna gets the session's secret from the button", async ({ page, request }) => {
  // The sandbox lets the emulated Klarna play the shopper of a non-demo session only with its client secret.
  const { key } = await onboardMerchant(request, BASE, `express-${Date.now()}`, 'GB');
  const sessions = await merchantServer(page, request, { key });
  await plainPage(page, MARKUP);
  await expect.poll(async () => (await events(page)).map((e) => e.type)).toContain('ready');
  await page.locator('#express').getByTestId('klarna-payment-button').click();
  await new ExpressJourney(page).pay('approve');
  await expect(page.locator('#status')).toHaveText(/^Paid: krn:payment:/);
  const session = await (await request.get(`/v1/sessions/${sessions[0].id}`, { headers: { Authorization: `Bearer ${key}` } })).json();
  expect(session.state).toBe('authorized');
});

test('from script: express() with createSession, a shipping answer the merchant server backs with a PATCH', async ({ page, request }) => {
  await plainPage(page, '<div id="express"></div>');
  // The merchant's server, reached by the page's own functions.
  await page.exposeFunction('merchantCreate', async (asked) => {
    const r = await request.post('/v1/sessions', { headers: auth, data: {
      amount: asked.amount, currency: 'GBP', country: 'GB', locale: 'en-GB', merchant_reference: 'script-1',
      return_url: `${BASE}/thanks`, allowed_origins: [BASE] } });
    return r.json();
  });
  await page.exposeFunction('merchantShipping', async (id, patch) => {
    if (patch) await request.patch(`/v1/sessions/${id}`, { headers: auth, data: { amount: patch } });
    return patch;
  });
  await page.evaluate(() => {
    window.button = window.KlarnaHostedCheckout.express({
      target: '#express', amount: 11800, currency: 'GBP', locale: 'en-GB', shipping: 'options',
      createSession: (asked) => window.merchantCreate(asked),
      onEvent(e) {
        if (e.type === 'shipping_address_change') {
          // Honest merchant: PATCH first, then answer the same total with its options.
          e.updateWith(window.merchantShipping(e.session_id, 12295).then((amount) => ({ amount,
            shipping_options: [{ id: 'express', name: 'Express delivery', amount: 495 }, { id: 'pickup', name: 'Pick-up point', amount: 0 }],
            selected_shipping_option: 'express' })));
        }
        if (e.type === 'shipping_option_select') e.updateWith({ amount: 99999 }); // never PATCHed: refused
      },
    });
  });
  await page.locator('#express').getByTestId('klarna-payment-button').click();
  const journey = new ExpressJourney(page);
  await expect(journey.status).toContainText('£122.95');
  // A total the session does not hold is refused before the shopper can pay it.
  await expect(journey.dialog.getByLabel(/Express delivery/)).toBeChecked();
  await journey.dialog.getByLabel(/Pick-up point/).check();
  await expect(journey.status).toContainText('not available');
  await expect.poll(async () => (await events(page)).find((e) => e.type === 'error')?.code).toBe('shipping_update_failed');
  expect((await events(page)).find((e) => e.type === 'error').message).toContain('PATCH the session');
  await journey.cancel.click();
  await expect.poll(async () => (await events(page)).map((e) => e.type)).toContain('aborted');
});

test('bad options: a console error and an error event naming the option; nothing is mounted', async ({ page, request }) => {
  const errors = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await merchantServer(page, request);
  await plainPage(page, `<div id="express" data-klarna-express data-amount="11800" data-currency="EUR" data-locale="en-GB"
    data-session-url="/merchant/express-session"></div><div id="other"></div>`);
  await expect.poll(async () => (await events(page)).find((e) => e.type === 'error')).toMatchObject({
    code: 'invalid_option', option: 'data-currency',
  });
  expect((await events(page)).find((e) => e.type === 'error').message).toContain('GBP');
  await expect(page.locator('#express').getByTestId('klarna-payment-button')).toHaveCount(0);
  expect(errors.join('\n')).toContain('data-currency');
  // From script: the option's own name, a rejected promise, nothing in the target.
  const failure = await page.evaluate(async () => {
    const seen = [];
    try {
      await window.KlarnaHostedCheckout.express({ target: '#other', amount: 12.5, currency: 'GBP', locale: 'en-GB',
        sessionUrl: '/merchant/express-session', onEvent: (e) => seen.push(e) });
      return 'mounted';
    } catch (e) {
      return { name: e.name, option: e.option, seen, children: document.getElementById('other').children.length };
    }
  });
  expect(failure).toMatchObject({ name: 'OptionError', option: 'amount', children: 0,
    seen: [{ type: 'error', code: 'invalid_option', option: 'amount' }] });
  // A fixed attribute mounts it.
  await page.locator('#express').evaluate((el) => el.setAttribute('data-currency', 'GBP'));
  await expect(page.locator('#express').getByTestId('klarna-payment-button')).toBeVisible();
});

test('keyboard: Tab reaches the express button, Enter opens Klarna, focus stays inside, Escape closes it', async ({ page, request }) => {
  await merchantServer(page, request);
  await plainPage(page, MARKUP);
  const button = page.locator('#express').getByTestId('klarna-payment-button');
  await expect(button).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(button).toBeFocused();
  await page.keyboard.press('Enter');
  const journey = new ExpressJourney(page);
  await expect(journey.email).toBeFocused();
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => !!document.activeElement.closest('[data-testid="klarna-express-journey"]'))).toBe(true);
  }
  await page.keyboard.press('Escape');
  await expect(journey.dialog).toHaveCount(0);
  await expect(button).toBeFocused();
  await expect.poll(async () => (await events(page)).map((e) => e.type)).toContain('aborted');
});

test("Klarna's PaymentError reaches the merchant read from its own fields (errorCode, errorId, errorType; no `code`)", async ({ page, request }) => {
  // Klarna's SDK fails the journey (here: its own payment-request call answers 503): it emits a PaymentError
  // `{errorCode, errorId, errorMessage, errorType}`; the express event carries those, not an undefined `code`.
  await merchantServer(page, request);
  await page.route(`${BASE}/sandbox/klarna/payment-requests`, (route) =>
    route.request().method() === 'POST' ? route.fulfill({ status: 503, contentType: 'application/json', body: '{}' }) : route.fallback());
  await plainPage(page, MARKUP);
  await page.locator('#express').getByTestId('klarna-payment-button').click();
  await new ExpressJourney(page).pay('approve');
  await expect.poll(async () => (await events(page)).find((e) => e.type === 'error')).toMatchObject({
    code: 'klarna_error', klarna_code: 'TECHNICAL_ERROR', klarna_error_type: 'TECHNICAL_ERROR',
    klarna_error_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
  });
});
