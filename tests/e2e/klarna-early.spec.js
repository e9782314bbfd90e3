// Issue 15: Klarna starts while the WebAssembly compiles. The boot script imports Klarna's SDK, calls
// KlarnaSDK(config) and the first presentation as soon as the config answer is here; the page's bindings adopt
// those calls (one SDK instance, one presentation) and still register Klarna's event handlers before its button
// is mounted. The SDK's failure modes and their retries are tests/e2e/sdk-failures.spec.js.
import { test, expect } from '@playwright/test';
import { BASE } from './playwright.config.js';
import { newSession, serve, merchantPage, eventTypes, marks } from './pages/fixtures.js';

/** The emulator's record of Klarna calls on this page: `[method, sdk instance]` in call order. */
const calls = (page) => page.evaluate(() => globalThis.__klarnaSandbox.calls.map((c) => [c.method, c.sdk]));

async function openHosted(page, request, fragment = '') {
  const s = await newSession(request, { instruction: 'PRESELECT_KLARNA' });
  await page.goto(s.hosted_url + fragment);
  // In Klarna's row: the page's own button, or the boot script's once the page adopted it (klarna-first.spec.js).
  await expect(page.locator('.khc-choice .khc-pay').getByTestId('klarna-payment-button')).toBeEnabled();
  return s;
}

test('Klarna is asked before the module is instantiated, and the page adopts that instance and presentation', async ({ page, request }) => {
  const configs = [];
  page.on('request', (r) => { if (new URL(r.url()).pathname.endsWith('/config')) configs.push(r.url()); });
  await openHosted(page, request);
  // The config too: the boot script asked for it, and the module read that answer rather than asking again.
  expect(configs, 'one config request').toHaveLength(1);
  const m = await marks(page);
  expect(m['khc:klarna'], 'the boot script started Klarna').toBeDefined();
  expect(m['khc:klarna']).toBeLessThan(m['khc:wasm-ready']);
  const record = await calls(page);
  const methods = record.map(([method]) => method);
  // One instance and one presentation: the page adopted the boot script's, it did not ask again.
  expect(methods.filter((x) => x === 'KlarnaSDK')).toHaveLength(1);
  expect(methods.filter((x) => x === 'presentation')).toHaveLength(1);
  expect(new Set(record.filter(([x]) => x !== 'KlarnaSDK').map(([, sdk]) => sdk))).toEqual(new Set([1]));
  // The presentation was asked before the page had its handlers: it came from the boot script.
  expect(methods.indexOf('presentation')).toBeLessThan(methods.indexOf('on'));
  // Klarna's payment events are handled before its button exists (Klarna's rule).
  for (const event of ['complete', 'abort', 'error']) {
    const on = await page.evaluate((e) => globalThis.__klarnaSandbox.calls.findIndex((c) => c.method === 'on' && c.args[0] === e), event);
    expect(on, `on('${event}')`).toBeGreaterThan(-1);
    expect(on).toBeLessThan(methods.indexOf('button'));
  }
});

test('a click on the adopted Klarna button pays once', async ({ page, request }) => {
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const authorizes = [];
  page.on('request', (r) => { if (r.method() === 'POST' && /\/klarna\/authorize$/.test(r.url())) authorizes.push(r.url()); });
  const s = await openHosted(page, request);
  await page.getByTestId('klarna-payment-button').click();
  await expect(page.getByTestId('confirmation')).toBeVisible({ timeout: 20_000 });
  const view = await (await request.get(`/v1/sessions/${s.id}`, { headers: { Authorization: 'Bearer sk_test_demo' } })).json();
  expect(view.state).toBe('authorized');
  expect(authorizes, 'one authorization request').toHaveLength(1);
  expect(errors).toEqual([]);
});

test('a presentation the page would ask differently is not adopted: the page asks Klarna itself', async ({ page, request }) => {
  // fr-FR is no language of a German session: the boot script asked Klarna in fr-FR, the page renders in the
  // session's de-DE and asks again in de-DE.
  await openHosted(page, request, '&locale=fr-FR');
  const record = await page.evaluate(() => globalThis.__klarnaSandbox.callsOf('presentation').map((c) => c.args[0].locale));
  expect(record).toEqual(['fr-FR', 'de-DE']);
  const methods = (await calls(page)).map(([method]) => method);
  expect(methods.filter((x) => x === 'KlarnaSDK'), 'the instance is still adopted').toHaveLength(1);
});

test('an open session\'s page names Klarna\'s SDK for preloading; a closed one does not load Klarna', async ({ request }) => {
  const auth = { Authorization: 'Bearer sk_test_demo' };
  const open = await newSession(request);
  const html = await (await request.get(new URL(open.hosted_url).pathname)).text();
  const config = await (await request.get(`/v1/sessions/${open.id}/config`, { headers: { Authorization: `Bearer ${open.client_secret}` } })).json();
  expect(html).toContain(`<link rel="modulepreload" href="${config.klarna.sdk_url}">`);
  const closed = await newSession(request);
  expect((await request.post(`/v1/sessions/${closed.id}/cancel`, { headers: auth })).status()).toBe(200);
  expect(await (await request.get(new URL(closed.hosted_url).pathname)).text()).not.toContain('<link rel="modulepreload"');
});

test('the page takes the preloaded language table: the German page asks for /i18n/de.json once', async ({ page, request }) => {
  const tables = [];
  page.on('request', (r) => { if (new URL(r.url()).pathname.startsWith('/i18n/')) tables.push(new URL(r.url()).pathname); });
  const s = await newSession(request, { instruction: 'PRESELECT_KLARNA' });
  const html = await (await request.get(new URL(s.hosted_url).pathname)).text();
  expect(html).toContain('<link rel="preload" href="/i18n/de.json" as="fetch" crossorigin>');
  await page.goto(s.hosted_url);
  await expect(page.getByTestId('klarna-payment-button')).toBeEnabled();
  await expect(page.locator('section.khc')).toHaveAttribute('lang', /^de/);
  // One request: the preload's. The boot script's fetch of the same URL took its answer, and the module took
  // the boot script's table (nothing left to take).
  expect(tables).toEqual(['/i18n/de.json']);
  expect(await page.evaluate(() => Object.keys(globalThis.__khcTables))).toEqual([]);
});

test('a language table the boot script could not read is asked for by the module: the page is German all the same', async ({ page, request }) => {
  const tables = [];
  let refused = 0;
  await page.route('**/i18n/de.json', (route) => (refused++ ? route.continue() : route.abort()));
  page.on('request', (r) => { if (new URL(r.url()).pathname.startsWith('/i18n/')) tables.push(new URL(r.url()).pathname); });
  const s = await newSession(request, { instruction: 'PRESELECT_KLARNA' });
  await page.goto(s.hosted_url);
  await expect(page.getByTestId('klarna-payment-button')).toBeEnabled();
  await expect(page.locator('section.khc')).toHaveAttribute('lang', /^de/);
  await expect(page.locator('#khc-title')).toHaveText('Zahlung');
  expect(tables, "the preload's (refused), then the module's own").toEqual(['/i18n/de.json', '/i18n/de.json']);
});

test('checkout.js\'s locale option reaches the server too: the page\'s language tables are preloaded, not the session\'s', async ({ page, request }) => {
  // A Swiss session in de-CH, shown in French (a language of the Swiss market): the page reads fr-CH → fr.json.
  const s = await newSession(request, { country: 'CH', locale: 'de-CH', instruction: 'PRESELECT_KLARNA' });
  const tables = [];
  page.on('request', (r) => { if (new URL(r.url()).pathname.startsWith('/i18n/')) tables.push(new URL(r.url()).pathname); });
  const body = `<div id="pay"></div><script src="/checkout.js"></script>
<script>KlarnaHostedCheckout.create({ session: ${JSON.stringify(s.hosted_url)}, target: '#pay', locale: 'fr-CH' });</script>`;
  await serve(page, `${BASE}/e2e/merchant-fr.html`, merchantPage(body));
  await page.goto('/e2e/merchant-fr.html');
  await expect.poll(() => eventTypes(page)).toContain('ready');
  const frame = page.frameLocator('#pay iframe');
  await expect(frame.locator('section.khc')).toHaveAttribute('lang', /^fr/);
  await expect(frame.getByTestId('klarna-payment-button')).toBeEnabled();
  // Each table once, and only French: the preload's answer was taken, and no German table was fetched for nothing.
  expect(tables.sort()).toEqual(['/i18n/fr.json']);
  const src = await page.locator('#pay iframe').getAttribute('src');
  expect(new URL(src).search).toBe('?locale=fr-CH');
  expect(new URL(src).hash).toContain('locale=fr-CH');
});
