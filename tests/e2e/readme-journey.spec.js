// The README's express checkout and Sign in with Klarna snippets, verbatim (the server's URL put in), on plain
// merchant pages: the merchant's endpoints they name are played by the test through the merchant API.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BASE } from './playwright.config.js';
import { DEMO_KEY } from './pages/demo.js';
import { ExpressJourney } from './pages/store.js';

const README = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');
const auth = { Authorization: `Bearer ${DEMO_KEY}` };

/** The first ```html block after `marker` in the README, with our server in place of the example's. */
function snippet(marker) {
  const from = README.indexOf(marker);
  expect(from, marker).toBeGreaterThan(-1);
  const block = /```html\n([\s\S]*?)```/.exec(README.slice(from))[1];
  return block.replaceAll('https://checkout.acquirer.example', BASE);
}

async function plainPage(page, path, body) {
  const html = `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>Shop</title></head><body><main><h1>Shop</h1>${body}</main></body></html>`;
  await page.route(`${BASE}${path}`, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: html }));
  await page.goto(path);
}

test('README: the express checkout snippet pays (approve) and goes to the thank-you page', async ({ page, request }) => {
  let created;
  await page.route(`${BASE}/klarna/express-session`, async (route) => {
    expect(route.request().postDataJSON()).toMatchObject({ amount: 11800, currency: 'GBP', locale: 'en-GB', details: { sku: 'classic-canvas' } });
    const r = await request.post('/v1/sessions', { headers: auth, data: {
      amount: 11800, currency: 'GBP', country: 'GB', locale: 'en-GB', merchant_reference: 'readme-express',
      return_url: `${BASE}/thank-you`, allowed_origins: [BASE] } });
    created = await r.json();
    await route.fulfill({ status: 201, contentType: 'application/json', body: JSON.stringify(created) });
  });
  await page.route(`${BASE}/thank-you**`, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<title>Thanks</title><h1>Thank you</h1>' }));
  await plainPage(page, '/shop/product.html', snippet('**Express checkout**'));
  await page.getByTestId('klarna-payment-button').click();
  await new ExpressJourney(page).pay('approve');
  await expect(page).toHaveURL(new RegExp(`/thank-you\\?order=${created.id}$`));
  const s = await (await request.get(`/v1/sessions/${created.id}`, { headers: auth })).json();
  expect(s).toMatchObject({ state: 'authorized', shipping: { address: { city: 'London' } } });
});

test('README: the Sign in with Klarna snippet posts an id token the merchant API verifies', async ({ page, request }) => {
  const posted = [];
  await page.route(`${BASE}/login/klarna`, async (route) => {
    // The merchant's login endpoint: it trusts the token only once verified.
    const { id_token } = route.request().postDataJSON();
    const v = await request.post('/v1/identity/verify', { headers: auth, data: { id_token } });
    posted.push({ status: v.status(), body: await v.json() });
    await route.fulfill({ status: 204 });
  });
  await plainPage(page, '/shop/login.html', snippet('**Sign in with Klarna**'));
  await page.getByTestId('klarna-identity-button').click();
  await page.getByTestId('klarna-signin-journey-confirm').click();
  await expect.poll(() => posted.length).toBe(1);
  expect(posted[0]).toMatchObject({ status: 200, body: { verified: true, profile: { email: 'customer+gb@klarna.com' } } });
});
