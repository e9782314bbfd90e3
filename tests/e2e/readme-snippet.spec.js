// Issue 17, points 10 and 11: the README's script-tag snippet, verbatim but for its placeholders, on a merchant
// page of another origin (the browser enforces CORS and SRI there), and a session whose allowed_origins lack the
// merchant's origin reported to the merchant page as `frame_refused`.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { BASE } from './playwright.config.js';
import { DEMO_KEY } from './pages/demo.js';

// The merchant's page is served from another origin by a small server of this spec (a real one: Chromium lets
// only a page on a loopback address load scripts from the checkout server on 127.0.0.1).
let MERCHANT;
let merchantHtml = '';
const merchant = createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(url.pathname === '/shop/pay'
    ? `<!doctype html><html lang="en"><title>Pay</title><body>${merchantHtml}</body></html>`
    : `<!doctype html><title>Thanks</title><p id="thanks">${url.search.replace(/[<&]/g, '')}</p>`);
});
test.beforeAll(async () => {
  await new Promise((resolve) => merchant.listen(0, '127.0.0.1', resolve));
  MERCHANT = `http://127.0.0.1:${merchant.address().port}`;
});
test.afterAll(() => new Promise((resolve) => merchant.close(resolve)));

/** The first ```html block after "**1. Script tag**" in the README. */
function readmeSnippet() {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const from = readme.indexOf('**1. Script tag**');
  const start = readme.indexOf('```html\n', from) + '```html\n'.length;
  return readme.slice(start, readme.indexOf('```', start));
}

async function createSession(request, allowedOrigins) {
  const r = await request.post('/v1/sessions', {
    headers: { Authorization: `Bearer ${DEMO_KEY}` },
    data: {
      amount: 11800, currency: 'EUR', country: 'DE', locale: 'de-DE', merchant_reference: 'readme-1',
      return_url: `${MERCHANT}/return`, customer: { email: 'customer+de@klarna.com' },
      ...(allowedOrigins ? { allowed_origins: allowedOrigins } : {}),
    },
  });
  expect(r.status(), await r.text()).toBe(201);
  return r.json();
}

async function snippetPage(request, session) {
  const sri = await (await request.get('/sri.json')).json();
  const snippet = readmeSnippet();
  for (const placeholder of ['https://checkout.acquirer.example', '/pkg/checkout.3f9a1c2b4d5e.js', 'sha384-…', 'hcs_secret_…', 'hcs_…']) {
    expect(snippet, `the README's snippet has ${placeholder}`).toContain(placeholder);
  }
  expect(snippet).toContain('crossorigin="anonymous"');
  return snippet
    .replace('https://checkout.acquirer.example', BASE)
    .replace('/pkg/checkout.3f9a1c2b4d5e.js', sri.versioned['checkout.js'])
    .replace('sha384-…', sri['checkout.js'])
    .replace('hcs_secret_…', session.client_secret)
    .replace('hcs_…', session.id);
}

async function openMerchantPage(page, html) {
  const errors = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(String(e)));
  merchantHtml = html;
  await page.goto(`${MERCHANT}/shop/pay`);
  return errors;
}

test("the README's script tag works on a merchant page of another origin, with integrity and CORS", async ({ page, request }) => {
  const session = await createSession(request, [MERCHANT]);
  const html = await snippetPage(request, session);
  const errors = await openMerchantPage(page, html);
  const frame = page.frameLocator('#pay iframe');
  await frame.getByTestId('klarna-radio').check();
  await frame.getByTestId('klarna-payment-button').click();
  // The snippet's own listener sends the shopper to the thank-you page with the transaction.
  await expect(page.locator('#thanks')).toContainText('tx=krn');
  expect(errors, errors.join('\n')).toEqual([]);
});

test('a session that does not allow the embedding origin is reported as frame_refused', async ({ page, request }) => {
  const session = await createSession(request, undefined);
  const html = (await snippetPage(request, session)).replace('<script>', `<script>
  window.__errors = [];
  document.getElementById('pay').addEventListener('klarna-checkout:error', (e) => window.__errors.push(e.detail));
`);
  await openMerchantPage(page, html);
  await expect.poll(() => page.evaluate(() => window.__errors.map((e) => e.code)), { timeout: 10_000 }).toEqual(['frame_refused']);
  const [error] = await page.evaluate(() => window.__errors);
  expect(error.message).toContain(MERCHANT);
  expect(error.message).toContain('allowed_origins');
});
