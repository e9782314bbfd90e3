// Test pages served through Playwright's router (no files in www/): merchant pages on the server's own
// origin and an attacker page on another origin.
import { expect } from '@playwright/test';

/** Creates a sandbox session through the demo backend. */
export async function newSession(request, body = {}) {
  const resp = await request.post('/demo/sessions', { data: { persona: 'approve', country: 'DE', ...body } });
  expect(resp.status(), await resp.text()).toBe(201);
  return resp.json();
}

/** Serves `html` at `url` for this page (same origin as the server when the URL is). */
export async function serve(page, url, html) {
  await page.route(url, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: html }));
}

/** A merchant page shell that records every checkout event in `window.__events`. */
export function merchantPage(body, head = '') {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Merchant</title>${head}</head>
<body style="margin:0;font-family:sans-serif">
<header style="height:120px">Merchant header</header>
${body}
<footer id="below" style="height:400px;background:#eee">Content below the checkout</footer>
<script>
  window.__events = [];
  document.addEventListener('klarna-checkout:ready', () => {}, true);
  for (const t of ['ready','availability','resize','payment_method_selected','authorized','declined','aborted','error']) {
    document.addEventListener('klarna-checkout:' + t, (e) => window.__events.push(e.detail), true);
  }
</script>
</body></html>`;
}

/** Event types recorded so far on the merchant page. */
export async function eventTypes(page) {
  return page.evaluate(() => window.__events.map((e) => e.type));
}

/**
 * Onboards a merchant through the operator API (the sandbox emulates Klarna's setup), waits until it is active
 * and makes its key: `{id, key, partner}` (its secret key and Klarna partner account).
 */
export async function onboardMerchant(request, base, ref, country = 'DE') {
  const admin = { Authorization: 'Bearer sk_admin_demo' };
  const address = country === 'GB'
    ? { street_address: '1 High Street', postal_code: 'SW1A 1AA', city: 'London', country }
    : { street_address: 'Hauptstraße 1', postal_code: '10115', city: 'Berlin', country };
  const created = await request.post('/v1/admin/merchants', { headers: admin, data: {
    reference: ref, name: ref, contact: { email: 'ops@shop.example' },
    business_entity: { registered_name: `${ref} Ltd`, registration_number: 'HRB 1', country, address },
    merchant_category_code: '5661', stores: [{ name: 'Web', url: base }] } });
  expect(created.status(), await created.text()).toBe(201);
  const m = await created.json();
  const view = async () => (await request.get(`/v1/admin/merchants/${m.id}`, { headers: admin })).json();
  await expect.poll(async () => (await view()).klarna.onboarding, { timeout: 15_000 }).toBe('active');
  const key = (await (await request.post(`/v1/admin/merchants/${m.id}/keys`, { headers: admin })).json()).secret;
  return { id: m.id, key, partner: (await view()).klarna.partner_account_id };
}

/** The page's `performance.mark`s (the boot script's `khc:*` steps), name → ms from navigation start. */
export const marks = (page) => page.evaluate(() => Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name, m.startTime])));

/** Records the page's authorization requests (`POST …/klarna/authorize`); the returned array fills as they are made. */
export function authorizations(page) {
  const seen = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && /\/klarna\/authorize$/.test(r.url())) seen.push(r.url());
  });
  return seen;
}

/** Holds the page's animation frames requested from the `mark` on, until `window.__releaseFrames()`. */
export const holdFramesAfter = (page, mark) => page.addInitScript((m) => {
  const raf = window.requestAnimationFrame.bind(window);
  const held = [];
  window.requestAnimationFrame = (cb) => (performance.getEntriesByName(m).length && !window.__go ? held.push(cb) : raf(cb));
  window.__releaseFrames = () => {
    window.__go = true;
    for (const cb of held.splice(0)) raf(cb);
  };
}, mark);

/** Holds the page's animation frames from the `khc:served` mark on (the button's adoption, not the view's mount). */
export const holdFramesAfterServed = (page) => holdFramesAfter(page, 'khc:served');
