// Issue 18: the operator page onboards a merchant to Klarna (the sandbox emulates Klarna's setup), makes its key,
// and that merchant's checkout runs on its own Klarna account: the SDK's config and Klarna's calls carry its
// partner account, and a second merchant's carry its own.
import { test, expect } from '@playwright/test';
import { BASE } from './playwright.config.js';
import { serve, merchantPage, eventTypes, onboardMerchant } from './pages/fixtures.js';

const ADMIN_KEY = 'sk_admin_demo';

/** Creates a session with `key` and pays it on a merchant page at BASE; answers the session id. */
async function payWith(page, request, key, email = 'customer+de@klarna.com') {
  const r = await request.post('/v1/sessions', {
    headers: { Authorization: `Bearer ${key}` },
    data: { amount: 11800, currency: 'EUR', country: 'DE', locale: 'de-DE', merchant_reference: 'op-1',
      return_url: `${BASE}/demo/return`, customer: { email } },
  });
  expect(r.status(), await r.text()).toBe(201);
  const s = await r.json();
  const tag = `<div id="pay"></div><script src="/checkout.js" data-session="${s.id}" data-client-secret="${s.client_secret}" data-target="#pay" async></script>`;
  await serve(page, `${BASE}/e2e/merchant-${s.id}.html`, merchantPage(tag));
  await page.goto(`/e2e/merchant-${s.id}.html`);
  const frame = page.frameLocator('#pay iframe');
  await frame.getByTestId('klarna-radio').check();
  await frame.getByTestId('klarna-payment-button').click();
  // A step-up persona: Klarna's (emulated) journey, which proves the hosted page's client secret to the sandbox.
  if (email.includes('+stepup')) await frame.getByTestId('klarna-journey-confirm').click();
  await expect(frame.getByTestId('confirmation')).toBeVisible();
  await expect.poll(() => eventTypes(page)).toContain('authorized');
  // The SDK was initialized with the merchant's partner account.
  const init = await page.frames().find((f) => f.url().includes('/hpp/')).evaluate(
    () => globalThis.__klarnaSandbox.callsOf('KlarnaSDK').map((c) => c.args[0].partnerAccountId));
  return { id: s.id, sdkPartner: init.at(-1) };
}

async function klarnaPartners(request, key, id) {
  const seen = await (await request.get(`/sandbox/klarna/requests?session=${id}`, { headers: { Authorization: `Bearer ${key}` } })).json();
  return [...new Set(seen.requests.map((r) => r.partner_account_id))];
}

test('the operator page onboards a merchant, makes its key, and its checkout pays on its own Klarna account', async ({ page, request }) => {
  await page.goto('/admin/');
  await page.getByLabel('Admin key').fill(ADMIN_KEY);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('status')).toHaveText('Signed in.');
  // The admin key stays in the page's memory: no storage of this origin (which the hosted page's third-party
  // Klarna SDK shares) holds it (security outside tester).
  const stored = await page.evaluate(() => JSON.stringify({ ...sessionStorage }) + JSON.stringify({ ...localStorage }));
  expect(stored).not.toContain(ADMIN_KEY);
  const ref = `op-${Date.now()}`;
  await page.getByLabel('Your reference').fill(ref);
  await page.getByLabel('Business name').fill('Operator Test Shop');
  await page.getByLabel('Contact e-mail').fill('ops@shop.example');
  await page.getByLabel('Registered name').fill('Operator Test Shop GmbH');
  await page.getByLabel('Registration number').fill('HRB 42');
  await page.getByLabel('Street and number').fill('Hauptstraße 1');
  await page.getByLabel('Postal code').fill('10115');
  await page.getByLabel('City').fill('Berlin');
  await page.getByLabel('Store name').fill('Web shop');
  await page.getByLabel('Store URL').fill(BASE);
  await page.getByRole('button', { name: 'Create and onboard to Klarna' }).click();
  const row = page.locator(`tr[data-merchant="${ref}"]`);
  await expect(row.getByTestId('onboarding')).toHaveText('pending');
  await expect(row.getByTestId('onboarding')).toHaveText('active', { timeout: 15_000 });
  await row.getByRole('button', { name: /Create a key/ }).click();
  // The secret arrives with the server's answer: wait for it rather than read the empty box.
  await expect(page.getByTestId('new-key-secret')).toHaveText(/^\s*sk_test_[0-9a-f]{64}\s*$/);
  const secret = (await page.getByTestId('new-key-secret').textContent()).trim();
  await expect(row).toContainText(`…${secret.slice(-4)}`);
  await page.screenshot({ path: 'docs/screenshots/operator.png', fullPage: true });

  const merchants = await (await request.get('/v1/admin/merchants?limit=100', { headers: { Authorization: `Bearer ${ADMIN_KEY}` } })).json();
  const partner = merchants.data.find((m) => m.reference === ref).klarna.partner_account_id;
  const paid = await payWith(page, request, secret);
  expect(paid.sdkPartner).toBe(partner);
  expect(await klarnaPartners(request, secret, paid.id)).toEqual([partner]);
});

test("a second merchant's checkout carries its own partner account", async ({ page, request }) => {
  const keys = [];
  for (const ref of [`two-a-${Date.now()}`, `two-b-${Date.now()}`]) keys.push(await onboardMerchant(request, BASE, ref));
  expect(keys[0].partner).not.toBe(keys[1].partner);
  for (const { key, partner } of keys) {
    const paid = await payWith(page, request, key);
    expect(paid.sdkPartner).toBe(partner);
    expect(await klarnaPartners(request, key, paid.id)).toEqual([partner]);
  }
});

test("a configured merchant's step-up journey completes: the emulated Klarna proves the page's client secret", async ({ page, request }) => {
  const { key } = await onboardMerchant(request, BASE, `stepup-${Date.now()}`);
  const paid = await payWith(page, request, key, 'customer+de+stepup@klarna.com');
  const session = await (await request.get(`/v1/sessions/${paid.id}`, { headers: { Authorization: `Bearer ${key}` } })).json();
  expect(session.state).toBe('authorized');
});
