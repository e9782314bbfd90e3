// Issue 4: the three ways in (script tag, custom element / create(), npm is in vite.spec.js),
// the protocol's origin checks against forged messages, and the iframe's layout shift.
import { test, expect } from '@playwright/test';
import { BASE } from './playwright.config.js';
import { newSession, serve, merchantPage, eventTypes } from './pages/fixtures.js';
import { DEMO_KEY } from './pages/demo.js';

async function sessionState(request, id) {
  const r = await request.get(`/v1/sessions/${id}`, { headers: { Authorization: `Bearer ${DEMO_KEY}` } });
  return r.json();
}

async function payInFrame(page) {
  const frame = page.frameLocator('#pay iframe');
  await frame.getByTestId('klarna-radio').check();
  await frame.getByTestId('klarna-payment-button').click();
  await expect(frame.getByTestId('confirmation')).toBeVisible();
}

test('script tag: data-session mounts the checkout, events reach the target, the shopper pays', async ({ page, request }) => {
  const s = await newSession(request);
  const tag = `<div id="pay"></div><script src="/checkout.js" data-session="${s.id}" data-client-secret="${s.client_secret}" data-target="#pay" async></script>`;
  await serve(page, `${BASE}/e2e/script-tag.html`, merchantPage(tag));
  await page.goto('/e2e/script-tag.html');
  const iframe = page.locator('#pay iframe');
  await expect(iframe).toHaveAttribute('title', 'Payment with Klarna');
  await expect(iframe).toHaveAttribute('allow', 'payment');
  expect(await iframe.getAttribute('sandbox')).toContain('allow-popups');
  await expect.poll(() => eventTypes(page)).toContain('ready');
  expect(await eventTypes(page)).toContain('availability');
  await payInFrame(page);
  await expect.poll(() => eventTypes(page)).toContain('authorized');
  expect((await sessionState(request, s.id)).state).toBe('authorized');
});

test('custom element: <klarna-hosted-checkout> pays with the approve persona', async ({ page, request }) => {
  const s = await newSession(request);
  const body = `<div id="pay"><klarna-hosted-checkout session="${s.id}" client-secret="${s.client_secret}"></klarna-hosted-checkout></div>
<script src="/checkout.js"></script>`;
  await serve(page, `${BASE}/e2e/element.html`, merchantPage(body));
  await page.goto('/e2e/element.html');
  await payInFrame(page);
  await expect.poll(() => eventTypes(page)).toContain('authorized');
  expect((await sessionState(request, s.id)).state).toBe('authorized');
});

test('create(): bad options throw a TypeError naming the option', async ({ page }) => {
  await serve(page, `${BASE}/e2e/bad.html`, merchantPage('<div id="pay"></div><script src="/checkout.js"></script>'));
  await page.goto('/e2e/bad.html');
  const messages = await page.evaluate(() => {
    const tries = [
      {},
      { session: 'hcs_0123456789abcdef', target: '#pay' },
      { session: 'http://127.0.0.1/hpp/hcs_0123456789abcdef#cs=x', target: '#nowhere' },
      { session: 'http://127.0.0.1/hpp/hcs_0123456789abcdef#cs=x', target: '#pay', locale: 'german' },
      { session: 'http://127.0.0.1/hpp/hcs_0123456789abcdef#cs=x', target: '#pay', onEvent: 'x' },
    ];
    return tries.map((o) => {
      try {
        window.KlarnaHostedCheckout.create(o);
        return 'no error';
      } catch (e) {
        return `${e.name}: ${e.message}`;
      }
    });
  });
  expect(messages[0]).toMatch(/TypeError: .*session/);
  expect(messages[1]).toMatch(/clientSecret/);
  expect(messages[2]).toMatch(/target/);
  expect(messages[3]).toMatch(/locale/);
  expect(messages[4]).toMatch(/onEvent/);
});

test('custom element: upgraded with its attributes it loads once; a bad one reports one error', async ({ page, request }) => {
  const s = await newSession(request);
  const loads = [];
  page.on('request', (r) => { if (/\/hpp\/|\/config/.test(new URL(r.url()).pathname)) loads.push(new URL(r.url()).pathname); });
  // The element is in the page before checkout.js defines it: the upgrade reports each attribute.
  const body = `<div id="pay"><klarna-hosted-checkout session="${s.id}" client-secret="${s.client_secret}" locale="de-DE"></klarna-hosted-checkout></div>
<div id="bad"><klarna-hosted-checkout session="${s.id}" client-secret="${s.client_secret}" locale="german"></klarna-hosted-checkout></div>
<script src="/checkout.js"></script>`;
  await serve(page, `${BASE}/e2e/element-upgrade.html`, merchantPage(body));
  await page.goto('/e2e/element-upgrade.html');
  await expect.poll(() => eventTypes(page)).toContain('ready');
  await page.waitForTimeout(1000);
  expect(loads.filter((p) => p.startsWith('/hpp/')), 'one page').toHaveLength(1);
  expect(loads.filter((p) => p.endsWith('/config')), 'one config').toHaveLength(1);
  const errors = await page.evaluate(() => window.__events.filter((e) => e.type === 'error' && e.code === 'invalid_config'));
  expect(errors, 'the bad element says so once').toHaveLength(1);
  // A bad locale set later is reported as an error event, not an uncaught exception.
  const uncaught = [];
  page.on('pageerror', (e) => uncaught.push(e.message));
  await page.evaluate(() => document.querySelector('#pay klarna-hosted-checkout').setAttribute('locale', 'klingon'));
  await expect.poll(() => page.evaluate(() => window.__events.filter((e) => e.type === 'error' && e.code === 'invalid_config').length)).toBe(2);
  expect(uncaught).toEqual([]);
});

test('a reloaded frame says the result again; the handle reports it once', async ({ page, request }) => {
  const s = await newSession(request);
  const body = `<div id="pay"></div><script src="/checkout.js"></script>
<script>window.seen = []; window.handle = KlarnaHostedCheckout.create({ session: ${JSON.stringify(s.hosted_url)}, target: '#pay',
  onEvent: (e) => window.seen.push(e.type) });</script>`;
  await serve(page, `${BASE}/e2e/reload-frame.html`, merchantPage(body));
  await page.goto('/e2e/reload-frame.html');
  await payInFrame(page);
  await expect.poll(() => page.evaluate(() => window.seen.filter((t) => t === 'authorized').length)).toBe(1);
  // The shopper (or the browser) reloads only the frame: the page opens the same channel and shows the confirmation again.
  const hosted = () => page.frames().find((f) => f.url().includes('/hpp/'));
  await hosted().evaluate(() => { window.beforeReload = true; location.reload(); });
  await expect.poll(async () => hosted().evaluate(() => window.beforeReload === undefined && !!document.querySelector('[data-testid=confirmation]')).catch(() => false)).toBe(true);
  await page.waitForTimeout(1000);
  expect(await page.evaluate(() => window.seen.filter((t) => t === 'authorized').length)).toBe(1);
});

test('update() with bad values rejects its promise, never throws', async ({ page, request }) => {
  const s = await newSession(request);
  const body = `<div id="pay"></div><script src="/checkout.js"></script>
<script>window.handle = KlarnaHostedCheckout.create({ session: ${JSON.stringify(s.hosted_url)}, target: '#pay' });</script>`;
  await serve(page, `${BASE}/e2e/update-bad.html`, merchantPage(body));
  await page.goto('/e2e/update-bad.html');
  await expect.poll(() => eventTypes(page)).toContain('ready');
  const outcome = await page.evaluate(() => {
    try {
      return window.handle.update({ locale: 'german' }).then(() => 'resolved', (e) => `rejected: ${e.name}: ${e.message}`);
    } catch (e) {
      return `threw: ${e.message}`;
    }
  });
  expect(outcome).toMatch(/^rejected: TypeError: .*locale/);
});

test('forged messages from another origin are ignored on both sides', async ({ page, request }) => {
  const s = await newSession(request);
  const body = `<div id="pay"></div><script src="/checkout.js"></script>
<script>window.handle = KlarnaHostedCheckout.create({ session: ${JSON.stringify(s.hosted_url)}, target: '#pay' });</script>
<iframe id="evil" title="ad" src="http://evil.test/frame.html"></iframe>`;
  await serve(page, `${BASE}/e2e/forged.html`, merchantPage(body));
  // The attacker knows even the channel id: only origin and source checks stand between it and the checkout.
  await serve(page, 'http://evil.test/frame.html', `<!doctype html><title>evil</title><script>
    window.addEventListener('message', (e) => {
      const { channel } = e.data;
      const forge = (m) => JSON.stringify({ khc: 1, channel, ...m });
      parent.postMessage(forge({ type: 'event', event: { type: 'authorized', payment_transaction_id: 'forged' } }), '*');
      parent.postMessage(forge({ type: 'hello', versions: [1] }), '*');
      parent.frames[0].postMessage(forge({ type: 'hello_ack', version: 1 }), '*');
      parent.frames[0].postMessage(forge({ type: 'command', id: 99, command: { type: 'set_network_session_token', token: 'krn:forged:HIDE_KLARNA' } }), '*');
      document.title = 'sent';
    });
  </script>`);
  await page.goto('/e2e/forged.html');
  await expect.poll(() => eventTypes(page)).toContain('ready');
  const channel = await page.evaluate(() => new URLSearchParams(new URL(window.handle.iframe.src).hash.slice(1)).get('ch'));
  await page.evaluate((ch) => document.getElementById('evil').contentWindow.postMessage({ channel: ch }, '*'), channel);
  await expect.poll(() => page.frame({ url: /evil\.test/ }).title()).toBe('sent');
  await page.waitForTimeout(500);
  expect(await eventTypes(page)).not.toContain('authorized');
  expect((await sessionState(request, s.id)).has_network_session_token).toBe(false);
  // The same origin but another window or channel is refused too.
  await page.evaluate((ch) => {
    const f = window.handle.iframe.contentWindow;
    f.postMessage(JSON.stringify({ khc: 1, channel: ch + 'x', type: 'command', id: 1, command: { type: 'set_network_session_token', token: 'krn:wrong:channel' } }), '*');
    window.postMessage(JSON.stringify({ khc: 1, channel: ch, type: 'event', event: { type: 'declined' } }), '*');
  }, channel);
  await page.waitForTimeout(300);
  expect(await eventTypes(page)).not.toContain('declined');
  expect((await sessionState(request, s.id)).has_network_session_token).toBe(false);
  // The genuine channel still works.
  await page.evaluate(() => window.handle.setNetworkSessionToken('krn:sandbox:eu1:session-token:shopper:legit'));
  expect((await sessionState(request, s.id)).has_network_session_token).toBe(true);
});

for (const instruction of ['PRESELECT_KLARNA', 'SHOW_KLARNA', 'HIDE_KLARNA']) test(`${instruction}: the iframe takes its content height without visible layout shift`, async ({ page, request }) => {
  const s = await newSession(request, { instruction });
  const body = `<div id="pay"></div><script src="/checkout.js"></script>
<script>
  window.__cls = 0;
  new PerformanceObserver((list) => { for (const e of list.getEntries()) if (!e.hadRecentInput) window.__cls += e.value; })
    .observe({ type: 'layout-shift', buffered: true });
  KlarnaHostedCheckout.create({ session: ${JSON.stringify(s.hosted_url)}, target: '#pay' });
</script>`;
  await serve(page, `${BASE}/e2e/cls.html`, merchantPage(body));
  await page.goto('/e2e/cls.html');
  await expect.poll(() => eventTypes(page)).toContain('ready');
  await page.waitForTimeout(800);
  const { cls, iframeHeight, contentHeight } = await page.evaluate(() => ({
    cls: window.__cls,
    iframeHeight: document.querySelector('#pay iframe').getBoundingClientRect().height,
    contentHeight: window.__events.filter((e) => e.type === 'resize').pop()?.height,
  }));
  console.log(`${instruction}: layout shift (CLS) of the merchant page while the checkout loads: ${cls.toFixed(4)}; iframe ${iframeHeight}px, content ${contentHeight}px`);
  expect(contentHeight).toBeGreaterThan(100);
  // The iframe is as tall as its content, or as the reserved minimum when the content is shorter.
  expect(Math.abs(iframeHeight - Math.max(contentHeight, 364))).toBeLessThanOrEqual(1);
  expect(cls).toBeLessThan(0.01);
});

test('plain iframe (no script of ours on the merchant page): the shopper pays', async ({ page, request }) => {
  const s = await newSession(request);
  const body = `<div id="pay"><iframe src="${s.hosted_url}" title="Payment with Klarna" allow="payment" style="width:100%;height:420px;border:0"
    sandbox="allow-scripts allow-same-origin allow-forms allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation"></iframe></div>`;
  await serve(page, `${BASE}/e2e/plain-iframe.html`, merchantPage(body));
  await page.goto('/e2e/plain-iframe.html');
  await payInFrame(page);
  expect((await sessionState(request, s.id)).state).toBe('authorized');
});
