// The checkout mounted on a merchant page through checkout.js: mount to paint (create() → the frame's first paint,
// `ready`, Klarna's button) and memory over amount updates (PATCH + handle.update), read after 50 and every 100.
import { bringInPlaywright, freshPage, waitForKlarna, heapUsage } from './browser.mjs';
import { demoSession } from './server.mjs';
import { summary } from './stats.mjs';
import { summarize } from './ttk.mjs';

/** A merchant page on the server's origin that mounts `hostedUrl` with checkout.js and records its events. */
function merchantHtml(hostedUrl) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Merchant</title><link rel="icon" href="data:,"></head>
<body style="margin:0;font-family:sans-serif"><main style="padding:16px"><h1>Merchant</h1><div id="pay"></div></main>
<script>window.__m = { events: [] };
for (const t of ['ready', 'error']) document.addEventListener('klarna-checkout:' + t,
  (e) => window.__m.events.push({ type: t, at: performance.now() }), true);</script>
<script src="/checkout.js"></script>
<script>window.__m.createAt = performance.now();
window.handle = KlarnaHostedCheckout.create({ session: ${JSON.stringify(hostedUrl)}, target: '#pay' });
window.__m.createdAt = performance.now();</script>
</body></html>`;
}

/** Opens a merchant page with the checkout mounted; resolves when the frame's Klarna button is interactive and `ready` came. */
async function mountMerchant(browser, base, session) {
  const url = `${base}/bench-merchant.html`;
  const p = await freshPage(browser, { routes: [{ url, body: merchantHtml(session.hosted_url), contentType: 'text/html' }] });
  await p.page.goto(url, { waitUntil: 'commit' });
  let frame;
  const deadline = Date.now() + 20_000;
  while (!(frame = p.page.frames().find((f) => f.url().includes('/hpp/')))) {
    if (Date.now() > deadline) throw new Error('the hosted frame never appeared');
    await new Promise((r) => setTimeout(r, 10));
  }
  await waitForKlarna(frame, 20_000, p.errors);
  await p.page.waitForFunction(() => window.__m.events.some((e) => e.type === 'ready'), null, { timeout: 20_000, polling: 20 });
  return { ...p, frame };
}

/** create() → the hosted frame's first contentful paint, `ready`, and Klarna's button interactive (ms). */
export async function mountToPaint(browser, base, { n, warmup, log }) {
  const rows = [];
  for (let i = 0; i < warmup + n; i++) {
    const s = await demoSession(base);
    const m = await mountMerchant(browser, base, s);
    try {
      const outer = await m.page.evaluate(() => ({ origin: performance.timeOrigin, ...window.__m }));
      const inner = await m.frame.evaluate(() => ({ origin: performance.timeOrigin, ...window.__bench, memories: undefined }));
      const since = (t) => (t === null || t === undefined ? null : inner.origin + t - (outer.origin + outer.createAt));
      if (i >= warmup) {
        rows.push({
          fcp: since(inner.fcp),
          ready: outer.events.find((e) => e.type === 'ready').at - outer.createAt,
          button: since(inner.button),
          createCall: outer.createdAt - outer.createAt,
        });
      }
    } finally {
      await m.context.close();
    }
  }
  log(`mount to paint: ${n} loads`);
  return { n, warmup, runs: rows, summary: summarize(rows) };
}

/** Wasm linear memory and JS heap after load and after `updates` amount updates (PATCH + handle.update). */
export async function memory(browser, base, { updates, log }) {
  const s = await demoSession(base);
  const m = await mountMerchant(browser, base, s);
  const money = (a) => (a / 100).toFixed(2).replace('.', ',');
  // The emulator logs every call in globalThis.__klarnaSandbox.calls (a test record Klarna's SDK doesn't keep);
  // it is cleared after each update so the heap readings don't count it.
  const resetRecord = () => m.frame.evaluate(() => globalThis.__klarnaSandbox?.reset());
  const snapshot = async () => {
    await resetRecord();
    await new Promise((r) => setTimeout(r, 300));
    const heap = await heapUsage(m.cdp);
    const wasm = await m.frame.evaluate(() => ({
      hooked: window.__bench.memories.reduce((n, mem) => n + mem.buffer.byteLength, 0),
      modules: window.__bench.memories.length,
    }));
    return { heapUsed: heap.used, heapTotal: heap.total, wasm: wasm.hooked, wasmModules: wasm.modules };
  };
  try {
    const total = async () => m.frame.evaluate(() => document.querySelector('[data-testid=total]')?.textContent ?? '');
    // Before the first reading, so the growth counts the page's own memory only.
    await bringInPlaywright(m.frame);
    const points = [{ after: 0, ...(await snapshot()) }];
    const took = [];
    for (let i = 1; i <= updates; i++) {
      const amount = 11800 + i * 100;
      const r = await fetch(`${base}/v1/sessions/${s.id}`, {
        method: 'PATCH',
        headers: { Authorization: 'Bearer sk_test_demo', 'Content-Type': 'application/json' },
        body: JSON.stringify({ amount, order_lines: [{ name: 'Bench item', quantity: 1, unit_price: amount, total_amount: amount }] }),
      });
      if (r.status !== 200) throw new Error(`PATCH /v1/sessions/{id}: ${r.status} ${await r.text()}`);
      const t = performance.now();
      await m.page.evaluate((a) => window.handle.update({ amount: a }), amount);
      await m.frame.waitForFunction(({ a, txt }) => {
        const c = globalThis.__klarnaSandbox?.callsOf('presentation').at(-1);
        const b = document.querySelector('[data-testid=klarna-payment-button]');
        return c && c.args[0].amount === a && (document.querySelector('[data-testid=total]')?.textContent ?? '').includes(txt)
          && b && !b.disabled;
      }, { a: amount, txt: money(amount) }, { timeout: 10_000, polling: 10 });
      took.push(performance.now() - t);
      await resetRecord();
      if (i === 50 || i % 100 === 0 || i === updates) points.push({ after: i, ...(await snapshot()) });
    }
    const last = points.at(-1);
    log(`memory: ${updates} updates`);
    return {
      updates,
      points,
      finalTotal: await total(),
      updateRoundTrip: summary(took),
      growth: { heapUsed: last.heapUsed - points[0].heapUsed, wasm: last.wasm - points[0].wasm },
    };
  } finally {
    await m.context.close();
  }
}
