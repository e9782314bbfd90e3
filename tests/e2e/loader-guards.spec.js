// checkout.js's guards on what a merchant passes it (an outside tester's findings): a selector that is not
// one, update() values the hosted page can't read, a frame height beyond the loader's own cap, a second
// create() on the same target, and option names create() does not know.
import { test, expect } from '@playwright/test';
import { BASE } from './playwright.config.js';
import { newSession, serve, merchantPage, eventTypes } from './pages/fixtures.js';

/** Tries `create(options)` for each entry of `tries` on a page with `#pay`: 'no error' or `<name>: <message>`. */
async function createErrors(page, tries) {
  await serve(page, `${BASE}/e2e/guards.html`, merchantPage('<div id="pay"></div><script src="/checkout.js"></script>'));
  await page.goto('/e2e/guards.html');
  return page.evaluate((list) => list.map((o) => {
    try {
      window.KlarnaHostedCheckout.create({ session: 'http://127.0.0.1/hpp/hcs_0123456789abcdef#cs=x', target: '#pay', ...o });
      return 'no error';
    } catch (e) {
      return `${e.name}: ${e.message}`;
    }
  }), tries);
}

test('an invalid CSS selector as target is the loader\'s named error, from create() and from data-target', async ({ page, request }) => {
  expect(await createErrors(page, [{ target: '##' }])).toEqual([
    'TypeError: KlarnaHostedCheckout: target: expected a CSS selector or an element of this page, got "##"',
  ]);
  const s = await newSession(request);
  const uncaught = [];
  const logged = [];
  page.on('pageerror', (e) => uncaught.push(e.message));
  page.on('console', (m) => m.type() === 'error' && logged.push(m.text()));
  const tag = `<div id="pay"></div><script src="/checkout.js" data-session="${s.id}" data-client-secret="${s.client_secret}" data-target="##"></script>`;
  await serve(page, `${BASE}/e2e/bad-target.html`, merchantPage(tag));
  await page.goto('/e2e/bad-target.html');
  // No element to dispatch on: the event goes out from the script tag and bubbles to the document.
  await expect.poll(() => page.evaluate(() => window.__events)).toEqual([
    { type: 'error', code: 'invalid_config', message: 'KlarnaHostedCheckout: target: expected a CSS selector or an element of this page, got "##"' },
  ]);
  expect(uncaught).toEqual([]);
  expect(logged.join('\n')).toContain('target: expected a CSS selector');
});

test('update() and setNetworkSessionToken() refuse at once what the hosted page could not read: invalid_command naming the field', async ({ page, request }) => {
  const s = await newSession(request);
  const body = `<div id="pay"></div><script src="/checkout.js"></script>
<script>window.handle = KlarnaHostedCheckout.create({ session: ${JSON.stringify(s.hosted_url)}, target: '#pay' });</script>`;
  await serve(page, `${BASE}/e2e/update-types.html`, merchantPage(body));
  await page.goto('/e2e/update-types.html');
  await expect.poll(() => eventTypes(page)).toContain('ready');
  const outcomes = await page.evaluate(() => Promise.all(
    [{ currency: ['EUR'] }, { amount: 1e300 }, { amount: 2 ** 53 }, { locale: ['de-DE'] }, { currency: { toString: () => 'EUR' } }].map((f) =>
      Promise.race([
        window.handle.update(f).then(() => 'resolved', (e) => `${e.name} ${e.code}: ${e.message}`),
        new Promise((r) => setTimeout(() => r('no answer within 1 s'), 1000)),
      ])),
  ));
  expect(outcomes[0]).toMatch(/^TypeError invalid_command: .*currency: expected .*got object$/);
  expect(outcomes[1]).toMatch(/^TypeError invalid_command: .*amount: expected .*safe integer/);
  expect(outcomes[2]).toMatch(/^TypeError invalid_command: .*amount/);
  expect(outcomes[3]).toMatch(/^TypeError invalid_command: .*locale: expected/);
  expect(outcomes[4]).toMatch(/^TypeError invalid_command: .*currency: expected/);
  // The token and an unknown field: the same code (index.d.ts's CommandError), the message naming the field.
  const more = await page.evaluate(() => Promise.all([
    window.handle.setNetworkSessionToken('krn:x y'), window.handle.setNetworkSessionToken(''), window.handle.update({ amont: 5900 }),
  ].map((p) => p.then(() => 'resolved', (e) => `${e.name} ${e.code}: ${e.message}`))));
  expect(more[0]).toMatch(/^TypeError invalid_command: KlarnaHostedCheckout: token: expected .*no spaces\), got "krn:x y"$/);
  expect(more[1]).toMatch(/^TypeError invalid_command: .*token: expected/);
  expect(more[2]).toMatch(/^TypeError invalid_command: .*amont: expected one of amount, currency, locale/);
  // A good update still goes through.
  expect(await page.evaluate(() => window.handle.update({ currency: 'EUR', locale: 'de-DE' }).then(() => 'ok', (e) => e.message))).toBe('ok');
});

test('create(): minHeight beyond the loader\'s 4000 px cap and a title that is not a non-empty string are refused', async ({ page }) => {
  const messages = await createErrors(page, [
    { minHeight: 1e9 }, { minHeight: 4001 }, { minHeight: 4000 }, { minHeight: 0 },
    { title: {} }, { title: '' }, { title: 'Pay' }, { title: undefined }, { title: null },
  ]);
  expect(messages[0]).toMatch(/^TypeError: .*minHeight: expected .*0 to 4000.*got number/);
  expect(messages[1]).toMatch(/minHeight: .*0 to 4000/);
  expect(messages.slice(2, 4)).toEqual(['no error', 'no error']);
  expect(messages[4]).toMatch(/^TypeError: .*title: expected a non-empty string, got object/);
  expect(messages[5]).toMatch(/title: expected a non-empty string, got ""/);
  expect(messages.slice(6)).toEqual(['no error', 'no error', 'no error']);
  expect(await page.locator('#pay iframe').getAttribute('title')).toBe('Payment with Klarna');
});

test('a second create() on the same target destroys the first handle', async ({ page, request }) => {
  const [a, b] = [await newSession(request), await newSession(request)];
  await serve(page, `${BASE}/e2e/twice.html`, merchantPage('<div id="outer"><div id="pay"></div></div><script src="/checkout.js"></script>'));
  await page.goto('/e2e/twice.html');
  const first = await page.evaluate(([u1, u2]) => {
    window.heard = [];
    const h1 = KlarnaHostedCheckout.create({ session: u1, target: '#pay', onEvent: (e) => window.heard.push('first ' + e.type) });
    const pending = h1.update({ amount: 5900 });
    window.h2 = KlarnaHostedCheckout.create({ session: u2, target: '#pay', onEvent: (e) => window.heard.push('second ' + e.type) });
    return Promise.race([
      pending.then(() => 'resolved', (e) => e.code),
      new Promise((r) => setTimeout(() => r('still pending after 2 s'), 2000)),
    ]).then(async (code) => [code, await h1.setNetworkSessionToken('krn:x').catch((e) => e.code)]);
  }, [a.hosted_url, b.hosted_url]);
  expect(first).toEqual(['destroyed', 'destroyed']);
  expect(await page.locator('#pay iframe').count()).toBe(1);
  await expect.poll(() => page.evaluate(() => window.heard)).toContain('second ready');
  expect(await page.evaluate(() => window.heard.filter((t) => t.startsWith('first')))).toEqual([]);
  // A create() on an element around a live checkout replaces it as well.
  const outer = await page.evaluate((u) => {
    const pending = window.h2.update({ amount: 5900 });
    KlarnaHostedCheckout.create({ session: u, target: '#outer' });
    return Promise.race([pending.then(() => 'resolved', (e) => e.code), new Promise((r) => setTimeout(() => r('pending'), 2000))]);
  }, a.hosted_url);
  expect(outer).toBe('destroyed');
});

test('create() refuses option names it does not know; the documented ones pass', async ({ page }) => {
  const messages = await createErrors(page, [
    { clientsecret: 'hcs_secret_x' },
    { baseUrl: undefined, clientSecret: undefined, locale: undefined, appearance: undefined, minHeight: undefined, title: undefined, onEvent: undefined },
  ]);
  expect(messages[0]).toMatch(/^TypeError: KlarnaHostedCheckout: clientsecret: expected one of session, clientSecret, .*onEvent, got "clientsecret"/);
  expect(messages[1]).toBe('no error');
});
