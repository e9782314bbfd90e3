// Headless Chromium (Debian's, through playwright-core) with the e2e suite's flags, and one instrumented cold
// page load: a fresh context (its own empty HTTP cache) with the cache disabled over CDP as well.
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The e2e suite's Chromium flags (tests/e2e/playwright.config.js). */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/**
 * The bench's Chromium. BENCH_JS_FLAGS passes V8 flags (`--js-flags`) for an experiment, such as
 * `--no-wasm-lazy-compilation` to see what compiling our module's functions on first call costs; never for the
 * figures in BENCHMARKS.md.
 */
export function launch() {
  const flags = process.env.BENCH_JS_FLAGS ? [`--js-flags=${process.env.BENCH_JS_FLAGS}`] : [];
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS, ...flags] });
}

/**
 * Runs in every frame before the page's own scripts. Records `performance.now()` when Klarna's header text is
 * in the DOM (`option`) and when Klarna's payment button is in the DOM, enabled, not loading and visible
 * (`button`), checked on every DOM mutation; `buttonFrame` is the next animation frame after that (the frame
 * that paints it). Also keeps the first-contentful-paint time.
 *
 * `clicks`: from when a click on that button reaches the page's `initiate` at once, issue 15's strict
 * "interactive" (clarifications: "a click on it reaches our `initiate` through the page's bindings"). The boot
 * script's early button (`.khc-early`, www/early.src.js) holds a click until the page serves it (the page's
 * `khc:served` mark) or adopts the button (which moves it out of `.khc-early`); any other button (the floor's,
 * or one the module mounted) calls its `initiate` from the start, so there it is `button`.
 */
export const INIT_SCRIPT = `(() => {
  const t = { option: null, button: null, buttonFrame: null, clicks: null, fcp: null, told: false, memories: [] };
  Object.defineProperty(window, '__bench', { value: t });
  // Keep every WebAssembly.Memory a module exports (wasm-bindgen exports its linear memory), so the bench can
  // read memory.buffer.byteLength later; the page itself never exposes it.
  const keep = (r) => {
    const inst = r && r.instance ? r.instance : r;
    try { for (const v of Object.values(inst.exports)) if (v instanceof WebAssembly.Memory) t.memories.push(v); } catch {}
    return r;
  };
  for (const name of ['instantiateStreaming', 'instantiate']) {
    const orig = WebAssembly[name];
    if (typeof orig === 'function') WebAssembly[name] = function (...a) { return orig.apply(this, a).then(keep); };
  }
  // The hosted page compiles while streaming and instantiates with the constructor.
  const Instance = WebAssembly.Instance;
  WebAssembly.Instance = function (module, imports) { return keep(new Instance(module, imports)); };
  WebAssembly.Instance.prototype = Instance.prototype;
  try {
    new PerformanceObserver((l) => { for (const e of l.getEntries()) if (e.name === 'first-contentful-paint' && t.fcp === null) { t.fcp = e.startTime; done(); } })
      .observe({ type: 'paint', buffered: true });
    // The page serves the early button's clicks (observers report marks later, with their exact time).
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) if (e.name === 'khc:served') t.clicks = Math.min(t.clicks ?? Infinity, e.startTime);
      done();
    }).observe({ type: 'mark', buffered: true });
  } catch {}
  // Tells the bench (a console message over the DevTools protocol) once the button is painted, Klarna's option
  // is rendered (with "Klarna first" our page's button comes before the module renders the option) and the first
  // contentful paint is known. The bench waits for this message instead of polling with Playwright's
  // waitForFunction, whose injected script (~7–20 ms of evaluation on the page's main thread) landed inside the
  // loads it measured.
  const done = () => {
    if (t.button !== null && t.buttonFrame !== null && t.clicks !== null && t.fcp !== null && t.option !== null && !t.told) { t.told = true; console.debug('khc-bench:klarna'); }
  };
  const ready = (b) => b && b.isConnected && !b.disabled && b.getAttribute('aria-disabled') !== 'true'
    && !b.className.includes('loading') && (typeof b.checkVisibility !== 'function' || b.checkVisibility());
  const check = () => {
    const now = performance.now();
    if (t.option === null) {
      // The floor's header, or the hosted page's first Klarna choice: its header text (v2) or Klarna's component.
      const h = document.querySelector('[data-testid=klarna-header], .khc-choice .khc-part--header');
      if (h && h.textContent.trim()) t.option = now;
    }
    const b = document.querySelector('[data-testid=klarna-payment-button]');
    if (t.button === null && ready(b)) {
      t.button = now;
      requestAnimationFrame(() => { t.buttonFrame = performance.now(); done(); });
    }
    if (t.clicks === null && ready(b) && !b.closest('.khc-early')) t.clicks = now;
    if (t.option !== null && t.button !== null && t.clicks !== null) {
      mo.disconnect();
      done();
    }
  };
  const mo = new MutationObserver(check);
  mo.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
})();`;

/** What one page load recorded in its main frame (all times in ms from navigation start). */
const COLLECT = () => {
  const nav = performance.getEntriesByType('navigation')[0];
  const marks = Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name, m.startTime]));
  const resources = performance.getEntriesByType('resource').map((r) => ({
    url: r.name, start: r.startTime, end: r.responseEnd, transfer: r.transferSize, body: r.encodedBodySize, decoded: r.decodedBodySize,
  }));
  const { memories, ...b } = window.__bench;
  return {
    ...b,
    wasmMemory: memories.length ? memories.reduce((n, m) => n + m.buffer.byteLength, 0) : null,
    nav: nav && { responseStart: nav.responseStart, responseEnd: nav.responseEnd, domInteractive: nav.domInteractive,
      domContentLoaded: nav.domContentLoadedEventEnd, load: nav.loadEventEnd, transfer: nav.transferSize, body: nav.encodedBodySize },
    marks,
    resources,
    domNodes: document.getElementsByTagName('*').length,
    options: document.querySelectorAll('li[data-method]').length,
  };
};

/**
 * A fresh context (its own empty HTTP cache, and the cache disabled over CDP) with the instrumentation.
 * `routes`: `[{url, body, contentType}]` served by Playwright's router; once each has been served the router is
 * removed again, so the requests that follow (config, SDK, …) go to the server without interception.
 * `throttle`: `{network: {latency, downloadThroughput, uploadThroughput}, cpu}` over the DevTools protocol.
 */
export async function freshPage(browser, { routes = [], throttle = null } = {}) {
  const context = await browser.newContext({ viewport: { width: 480, height: 800 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  if (throttle) {
    // Requests served by Playwright's router bypass the emulated network: throttled loads use none.
    await cdp.send('Network.emulateNetworkConditions', { offline: false, ...throttle.network });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle.cpu });
  }
  await page.addInitScript(INIT_SCRIPT);
  const pending = new Set(routes.map((r) => r.url));
  for (const r of routes) {
    await page.route(r.url, async (route) => {
      await route.fulfill({ status: 200, contentType: r.contentType, body: r.body });
      pending.delete(r.url);
      if (!pending.size) await page.unrouteAll({ behavior: 'ignoreErrors' }).catch(() => {});
    });
  }
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return { context, page, cdp, errors };
}

/**
 * Waits until `frame` has an interactive Klarna button, painted it, and had its first contentful paint: for the
 * instrumentation's console message (see `done` in INIT_SCRIPT), after one check in case it came before this
 * call. Nothing is evaluated in the page while it loads.
 */
export async function waitForKlarna(frame, timeoutMs, errors = []) {
  const told = frame.page().waitForEvent('console', { predicate: (m) => m.text() === 'khc-bench:klarna', timeout: timeoutMs });
  told.catch(() => {});
  try {
    if (!(await frame.evaluate(() => !!window.__bench?.told).catch(() => false))) await told;
  } catch {
    const html = await frame.content().catch(() => '');
    throw new Error(`no interactive Klarna button in ${frame.url()} within ${timeoutMs} ms (${errors.join('; ')})\n${html.slice(0, 1500)}`);
  }
}

/**
 * Brings Playwright's injected script (what its `waitForFunction` runs on: a few hundred kB of heap, ~7 ms of
 * evaluation) into `frame` now. `waitForKlarna` evaluates nothing while the page loads, so a part that polls later
 * calls this before it measures; otherwise the script arrives with its first poll, inside the measurement.
 */
export function bringInPlaywright(frame) {
  return frame.waitForFunction(() => true);
}

/** The instrumentation's figures of `frame` (times relative to its navigation start). */
export function collect(frame) {
  return frame.evaluate(COLLECT);
}

/** JS heap of the page's renderer isolate over CDP, after a full GC when `gc`. */
export async function heapUsage(cdp, { gc = true } = {}) {
  if (gc) await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize, totalSize } = await cdp.send('Runtime.getHeapUsage');
  return { used: usedSize, total: totalSize };
}

/**
 * One cold load of `url`: waits until Klarna's button is interactive, then returns the main frame's figures,
 * the JS heap after a GC, and with `bodies` every response `{url, status, type, body, encoding}` the page got.
 */
export async function coldLoad(browser, url, { routes = [], timeoutMs = 20_000, bodies = false, throttle = null } = {}) {
  const { context, page, cdp, errors } = await freshPage(browser, { routes, throttle });
  const responses = [];
  if (bodies) page.on('response', (resp) => responses.push(resp));
  try {
    await page.goto(url, { waitUntil: 'commit' });
    await waitForKlarna(page.mainFrame(), timeoutMs, errors);
    const m = await collect(page.mainFrame());
    m.heap = await heapUsage(cdp);
    if (bodies) {
      m.responses = [];
      for (const r of responses) {
        let body = null;
        try { body = await r.body(); } catch { /* redirect or aborted */ }
        m.responses.push({ url: r.url(), status: r.status(), type: r.request().resourceType(), body,
          encoding: (await r.allHeaders())['content-encoding'] ?? null });
      }
    }
    return m;
  } finally {
    await context.close();
  }
}

/** A file of the repository as a route body. */
export function routeFile(root, urlPath, base, file, contentType) {
  return { url: `${base}${urlPath}`, body: readFileSync(join(root, file)), contentType };
}
