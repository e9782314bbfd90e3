// On-site messaging (www/osm.js): placements rendered from markup through the Klarna Web SDK emulator.
import { test, expect } from '@playwright/test';
import {
  CONFIG_PATH, SDK_PATH, cspViolations, expectPlacementRendered, placementEvents, placementState, watchPage,
} from './pages/store.js';

const KEYS = [
  'checkout', 'credit-promotion-auto-size', 'credit-promotion-badge', 'footer', 'homepage-banner',
  'info-page', 'sidebar', 'top-strip-promotion-auto-size', 'top-strip-promotion-badge',
];
const THEMES = ['default', 'light', 'dark', 'outlined'];
const LOCALES = ['de-DE', 'en-GB'];
const GALLERY_SIZE = KEYS.length * THEMES.length * LOCALES.length;
const INVALID = {
  'invalid-key': 'data-klarna-placement',
  'invalid-theme': 'data-theme',
  'invalid-amount': 'data-amount',
  'invalid-locale': 'data-locale',
};

/** Opens the gallery and waits for every placement to render or fail. */
async function openGallery(page) {
  const log = await watchPage(page);
  await page.goto('/store/osm-gallery.html');
  await expect.poll(async () => (await placementEvents(page)).length, { timeout: 15_000 })
    .toBe(GALLERY_SIZE + Object.keys(INVALID).length);
  return log;
}

test('renders all nine keys in all four themes with the emulator\'s text, in each placement\'s locale', async ({ page }) => {
  const log = await openGallery(page);
  const events = await placementEvents(page);
  expect(events.filter((e) => e.type === 'klarna-placement:rendered')).toHaveLength(GALLERY_SIZE);

  for (const locale of LOCALES) {
    for (const key of KEYS) {
      for (const theme of THEMES) {
        const testid = `placement-${locale}-${key}-${theme}`;
        const s = await placementState(page, testid);
        expect(s.state, testid).toBe('rendered');
        expect(s.count, `${testid}: one message`).toBe(1);
        expect(s.key, testid).toBe(key);
        expect(s.classes, testid).toContain(`klarna-sandbox-theme--${theme}`);
        expect(s.text, `${testid}: the emulator's text`).toBe(s.emulatorText);
        // Currency comes from the locale's market when data-currency is absent.
        expect(s.options, testid).toMatchObject({ key, theme, locale, amount: 11800, currency: locale === 'de-DE' ? 'EUR' : 'GBP' });
        if (locale === 'de-DE') expect(s.text, testid).toMatch(/^Bezahle in 3 zinsfreien Raten zu je 39,34\s€\.$/);
        else expect(s.text, testid).toBe('Pay in 3 interest-free payments of £39.34.');
      }
    }
  }

  // One config request, one SDK import, one SDK instance for messaging, whatever the number of placements.
  expect(log.requests.filter((p) => p === CONFIG_PATH)).toHaveLength(1);
  expect(log.requests.filter((p) => p === SDK_PATH)).toHaveLength(1);
  const inits = await page.evaluate(() => __klarnaSandbox.callsOf('KlarnaSDK').map((c) => c.args[0]));
  expect(inits).toHaveLength(1);
  expect(inits[0]).toMatchObject({ clientId: 'klarna_test_client_sandbox', products: ['MESSAGING'] });
  expect(await cspViolations(page)).toEqual([]);
});

test('changing data-amount re-renders the placement with the new amount', async ({ page }) => {
  await openGallery(page);
  const de = 'placement-de-DE-credit-promotion-badge-default';
  const en = 'placement-en-GB-credit-promotion-badge-dark';

  await page.getByTestId(de).evaluate((el) => { el.dataset.amount = '24000'; });
  await expect.poll(async () => (await placementState(page, de)).text).toMatch(/80,00\s€/);
  const s = await expectPlacementRendered(page, de);
  expect(s.count).toBe(1); // the old message was unmounted
  expect(s.options.amount).toBe(24000);
  expect((await placementState(page, en)).text).toContain('£39.34'); // the others stay as they were

  // The gallery's amount field sets data-amount on every placement.
  await page.getByLabel('Amount (minor units)').fill('30000');
  await expect.poll(async () => (await placementState(page, en)).text).toBe('Pay in 3 interest-free payments of £100.00.');
  await expect.poll(async () => (await placementState(page, de)).text).toMatch(/100,00\s€/);

  // Locale and theme changes re-render too.
  await page.getByTestId(en).evaluate((el) => { el.dataset.locale = 'de-DE'; el.dataset.theme = 'light'; });
  await expect.poll(async () => (await placementState(page, en)).classes).toContain('klarna-sandbox-theme--light');
  expect((await placementState(page, en)).text).toMatch(/^Bezahle .*100,00\s€/);
});

test('a bad attribute skips that placement with an error event and one warning; the others render', async ({ page }) => {
  const log = await openGallery(page);
  const errors = (await placementEvents(page)).filter((e) => e.type === 'klarna-placement:error');
  expect(errors.map((e) => e.testid).sort()).toEqual(Object.keys(INVALID).sort());
  for (const [testid, attribute] of Object.entries(INVALID)) {
    const event = errors.find((e) => e.testid === testid);
    expect(event.detail.code).toBe('invalid_attribute');
    expect(event.detail.attributes).toEqual([attribute]);
    expect(event.detail.message).toContain(attribute);
    await expect(page.getByTestId(testid)).toHaveAttribute('data-klarna-state', 'error');
    await expect(page.getByTestId(testid).getByTestId('klarna-placement')).toHaveCount(0);
  }
  const warnings = log.warnings.filter((w) => w.startsWith('Klarna placement skipped'));
  expect(warnings).toHaveLength(Object.keys(INVALID).length);
  for (const attribute of Object.values(INVALID)) expect(warnings.some((w) => w.includes(attribute))).toBe(true);

  // Setting a bad placement's attribute to the value it has reports nothing again.
  await page.getByTestId('invalid-key').evaluate((el) => { el.dataset.amount = '11800'; });
  await page.waitForTimeout(100);
  expect(log.warnings.filter((w) => w.startsWith('Klarna placement skipped'))).toHaveLength(Object.keys(INVALID).length);

  // Added later: a bad key beside a good placement, mounted by the MutationObserver.
  await page.evaluate(() => {
    const bad = Object.assign(document.createElement('div'), { className: 'late' });
    bad.dataset.klarnaPlacement = 'not-a-key';
    bad.dataset.locale = 'en-GB';
    bad.dataset.testid = 'late-bad';
    const good = document.createElement('div');
    good.dataset.klarnaPlacement = 'sidebar';
    good.dataset.locale = 'en-GB';
    good.dataset.amount = '5000';
    good.dataset.testid = 'late-good';
    document.getElementById('main').append(bad, good);
  });
  await expectPlacementRendered(page, 'late-good');
  await expect(page.getByTestId('late-bad')).toHaveAttribute('data-klarna-state', 'error');
  const late = (await placementEvents(page)).filter((e) => e.testid?.startsWith('late-'));
  expect(late.map((e) => [e.testid, e.type])).toEqual(expect.arrayContaining([
    ['late-bad', 'klarna-placement:error'], ['late-good', 'klarna-placement:rendered'],
  ]));

  // A rendered placement that becomes invalid drops its message; fixing it renders it again.
  const id = 'placement-en-GB-sidebar-default';
  await page.getByTestId(id).evaluate((el) => { el.dataset.theme = 'neon'; });
  await expect(page.getByTestId(id)).toHaveAttribute('data-klarna-state', 'error');
  await expect(page.getByTestId(id).getByTestId('klarna-placement')).toHaveCount(0);
  await page.getByTestId(id).evaluate((el) => { el.dataset.theme = 'outlined'; });
  expect((await expectPlacementRendered(page, id)).classes).toContain('klarna-sandbox-theme--outlined');
});

test("a currency other than the locale's market's is an invalid data-currency (browser-side outside tester)", async ({ page }) => {
  await openGallery(page);
  await page.evaluate(() => {
    const el = document.createElement('div');
    Object.assign(el.dataset, { klarnaPlacement: 'sidebar', locale: 'de-DE', currency: 'USD', amount: '5000', testid: 'usd-in-de' });
    document.getElementById('main').append(el);
  });
  const el = page.getByTestId('usd-in-de');
  await expect(el).toHaveAttribute('data-klarna-state', 'error');
  await expect(el.getByTestId('klarna-placement')).toHaveCount(0);
  const event = (await placementEvents(page)).find((e) => e.testid === 'usd-in-de' && e.type === 'klarna-placement:error');
  expect(event.detail.code).toBe('invalid_attribute');
  expect(event.detail.attributes).toEqual(['data-currency']);
  expect(event.detail.message).toContain('EUR');
  await el.evaluate((e) => { e.dataset.currency = 'EUR'; });
  await expectPlacementRendered(page, 'usd-in-de');
});

test('config failure: every placement gets config_unavailable and the page one warning; a later change retries', async ({ page }) => {
  let fail = true;
  await page.route(`**${CONFIG_PATH}`, (route) => (fail ? route.fulfill({ status: 503, body: '{}' }) : route.fallback()));
  const log = await watchPage(page);
  await page.goto('/store/info.html'); // two placements: info-page and footer
  await expect.poll(async () => (await placementEvents(page)).length).toBe(2);
  const events = await placementEvents(page);
  expect(events.map((e) => [e.testid, e.type, e.detail.code]).sort()).toEqual([
    ['osm-footer', 'klarna-placement:error', 'config_unavailable'],
    ['osm-info-page', 'klarna-placement:error', 'config_unavailable'],
  ]);
  expect(events[0].detail.message).toContain('HTTP 503');
  expect(log.warnings.filter((w) => w.startsWith('Klarna placement skipped'))).toHaveLength(1);
  expect(log.requests).not.toContain(SDK_PATH);

  fail = false;
  await page.getByTestId('osm-info-page').evaluate((el) => { el.dataset.amount = '5000'; });
  const s = await expectPlacementRendered(page, 'osm-info-page');
  expect(s.text).toBe('Pay in 3 interest-free payments of £16.67.');
});

test('a page without placements loads neither the SDK nor its config, until a placement is added', async ({ page }) => {
  const log = await watchPage(page);
  await page.goto('/store/checkout.html'); // no placements (and an empty cart)
  await page.waitForLoadState('networkidle');
  expect(log.requests).toContain('/osm.js'); // the store imports it; it stays idle
  expect(log.requests).not.toContain(SDK_PATH);
  expect(log.requests).not.toContain(CONFIG_PATH);
  expect(await page.evaluate(() => 'KlarnaSDK' in window || '__klarnaSandbox' in globalThis)).toBe(false);

  await page.evaluate(() => {
    const el = document.createElement('div');
    el.dataset.klarnaPlacement = 'footer';
    el.dataset.locale = 'en-GB';
    el.dataset.testid = 'added';
    document.getElementById('main').append(el);
  });
  await expectPlacementRendered(page, 'added');
  expect(log.requests).toContain(SDK_PATH);
});

test('checkout.js loads osm.js only when the page has placement markup', async ({ page }) => {
  const html = (body) => `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>Merchant page</title>
    <script src="/checkout.js" async></script></head><body><main id="main"><h1>Merchant page</h1>${body}</main></body></html>`;
  await page.route('**/store/__merchant-*.html', (route) => route.fulfill({
    contentType: 'text/html',
    body: route.request().url().endsWith('__merchant-with.html') ? html('<div data-klarna-placement="credit-promotion-badge" data-amount="11800" data-locale="de-DE" data-testid="m"></div>') : html('<p>No placements here.</p>'),
  }));
  const log = await watchPage(page);

  // checkout.js loads this build's versioned osm.js, whose name carries its SHA-256 (its integrity).
  const osm = (await (await page.request.get('/sri.json')).json()).versioned['osm.js'];
  expect(osm).toMatch(/^\/pkg\/osm\.[A-Za-z0-9_-]{43}\.js$/);
  await page.goto('/store/__merchant-without.html');
  await page.waitForLoadState('networkidle');
  expect(log.requests).toContain('/checkout.js');
  for (const path of [osm, '/osm.js', SDK_PATH, CONFIG_PATH]) expect(log.requests).not.toContain(path);

  await page.goto('/store/__merchant-with.html');
  const s = await expectPlacementRendered(page, 'm');
  expect(s.text).toMatch(/^Bezahle in 3 zinsfreien Raten zu je 39,34\s€\.$/);
  expect(log.requests).toContain(osm);
});
