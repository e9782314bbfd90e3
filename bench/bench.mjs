// `npm run bench` (after bench/run.sh built everything): sizes, time to Klarna beside a hand-written floor page,
// mount-to-paint through checkout.js, memory over 400 amount updates (read after 50 and every 100), server throughput, and scaling with the
// number of payment options, and 1/2/3 instances on PostgreSQL and SQLite behind a balancer. Writes bench/results.json and BENCHMARKS.md and prints the tables.
// Knobs (environment): BENCH_INSTANCES_COUNT (2000), BENCH_INSTANCES_MS (5000), BENCH_INSTANCES_ROUNDS (3), BENCH_ONLY=instances|ttk, BENCH_LOADS (30), BENCH_WARMUP (2), BENCH_MOUNT_LOADS (20), BENCH_SCALING_LOADS (12),
// BENCH_UPDATES (400), BENCH_SLOW_LOADS (30; 0 skips), BENCH_CONFIRM_LOADS (30; 0 skips), BENCH_SERVER_COUNT (5000), BENCH_SERVER_MS (15000), BENCH_CONCURRENCY (16).
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, coldLoad, freshPage, waitForKlarna, collect, heapUsage } from './lib/browser.mjs';
import { startServer, demoSession } from './lib/server.mjs';
import { serverBench, staticFetch } from './lib/load.mjs';
import { instanceScaling } from './lib/instances.mjs';
import { firstLoadBytes, slowTimeToKlarna } from './lib/speed.mjs';
import { pageServing } from './lib/page-load.mjs';
import { hostedPageSizes, checkoutJsSize, adyenSizes, compressed } from './lib/size.mjs';
import { summary, ratio } from './lib/stats.mjs';
import { floorUrl, summarize, timeToKlarna } from './lib/ttk.mjs';
import { timeToConfirmation } from './lib/confirm.mjs';
import { renderMarkdown, renderConsole } from './lib/report.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const int = (v, d) => (v && /^\d+$/.test(v) ? Number(v) : d);
const env = process.env;
const CFG = {
  loads: int(env.BENCH_LOADS, 30),
  warmup: int(env.BENCH_WARMUP, 2),
  mountLoads: int(env.BENCH_MOUNT_LOADS, 20),
  scalingLoads: int(env.BENCH_SCALING_LOADS, 12),
  updates: int(env.BENCH_UPDATES, 400),
  serverCount: int(env.BENCH_SERVER_COUNT, 5000),
  serverMs: int(env.BENCH_SERVER_MS, 15000),
  instancesCount: int(env.BENCH_INSTANCES_COUNT, 2000),
  instancesMs: int(env.BENCH_INSTANCES_MS, 5000),
  instancesRounds: int(env.BENCH_INSTANCES_ROUNDS, 3),
  concurrency: int(env.BENCH_CONCURRENCY, 16),
  slowLoads: int(env.BENCH_SLOW_LOADS, 30),
  confirmLoads: int(env.BENCH_CONFIRM_LOADS, 30),
};
const BIN = env.CHECKOUT_SERVER_BIN || join(root, 'target/release/checkout-server');
// The servers serve a copy of www/ taken right after the build (bench/run.sh passes it as BENCH_WWW), so a
// rebuild of www/pkg while the bench runs can't mix two builds into one set of figures.
let WWW = env.BENCH_WWW;
let ownSnapshot = null;
if (!WWW) {
  ownSnapshot = mkdtempSync(join(os.tmpdir(), 'khc-bench-www-'));
  WWW = join(ownSnapshot, 'www');
  cpSync(join(root, 'www'), WWW, { recursive: true, dereference: true });
}
const T0 = performance.now();
const log = (...a) => console.error(`[bench +${Math.round((performance.now() - T0) / 1000)}s]`, ...a);
const sh = (cmd, args) => { try { return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim(); } catch { return null; } };

// ───────────────────────────── machine ─────────────────────────────

function machine(browserVersion) {
  const osRelease = readFileSync('/etc/os-release', 'utf8').match(/^PRETTY_NAME="?([^"\n]*)"?/m)?.[1];
  const dirty = sh('git', ['-C', root, 'status', '--porcelain', '--', 'src', 'core', 'server', 'www', 'js', 'styles', 'Cargo.lock']);
  return {
    date: new Date().toISOString(),
    cpu: os.cpus()[0]?.model ?? 'unknown',
    hypervisor: sh('lscpu', [])?.match(/^Hypervisor vendor:\s*(.+)$/m)?.[1] ?? null,
    cores: os.cpus().length,
    ramGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${osRelease ?? os.type()} (Linux ${os.release()})`,
    chromium: browserVersion,
    chromiumCli: sh('/usr/bin/chromium', ['--version']),
    node: process.version,
    rustc: sh('rustc', ['--version']),
    tmpFs: sh('findmnt', ['-n', '-o', 'FSTYPE,SOURCE', '-T', os.tmpdir()]),
    commit: sh('git', ['-C', root, 'rev-parse', '--short', 'HEAD']),
    dirtyFiles: dirty ? dirty.split('\n').length : 0,
    loadAvgStart: os.loadavg().map((x) => Math.round(x * 100) / 100),
  };
}

// ───────────────────────────── page loads ─────────────────────────────

// The floor is served by the same server as our page (a copy in the served www/ snapshot), so both go through the
// same HTTP stack, compression and, when throttled, the same emulated network (Playwright's router would bypass it).
cpSync(join(root, 'bench/floor'), join(WWW, 'bench-floor'), { recursive: true });

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
async function mountToPaint(browser, base, { n, warmup }) {
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
async function memory(browser, base, { updates }) {
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

// ───────────────────────────── main ─────────────────────────────

const OTHER = ['card:Card', 'paypal:PayPal', 'sepa:SEPA Direct Debit', 'ideal:iDEAL', 'bancontact:Bancontact', 'eps:EPS',
  'giropay:Giropay', 'sofort:Sofort', 'applepay:Apple Pay', 'googlepay:Google Pay', 'blik:BLIK', 'p24:Przelewy24',
  'mbway:MB WAY', 'multibanco:Multibanco', 'twint:TWINT', 'swish:Swish', 'vipps:Vipps', 'mobilepay:MobilePay',
  'trustly:Trustly', 'paysafecard:paysafecard'];

async function main() {
  const results = { config: CFG };
  log('sizes: checkout.js and Adyen Web (esbuild)');
  results.sizes = { checkoutJs: checkoutJsSize(WWW), adyen: adyenSizes(root) };
  results.sizes.floor = {
    html: compressed(readFileSync(join(root, 'bench/floor/index.html'))),
    js: compressed(readFileSync(join(root, 'bench/floor/floor.js'))),
  };

  const browser = await launch();
  results.machine = machine(browser.version());
  let server = await startServer({ root, bin: BIN, wwwDir: WWW, label: 'main' });
  try {
    log(`server ${server.base} (CHECKOUT_OTHER_METHODS default), Chromium ${browser.version()}`);
    // One uncounted load with bodies: the list of what the hosted page downloads, and a warm-up.
    const s = await demoSession(server.base);
    const first = await coldLoad(browser, s.hosted_url, { bodies: true });
    results.sizes.hosted = hostedPageSizes(WWW, server.base, first.responses);
    const wasmPath = results.sizes.hosted.assets.find((x) => x.path.endsWith('.wasm'))?.path;
    const bootPath = results.sizes.hosted.assets.find((x) => /^\/pkg\/hpp\.[^/]*\.js$/.test(x.path))?.path;
    if (wasmPath) results.machine.wasmSha256 = createHash('sha256').update(readFileSync(join(WWW, wasmPath))).digest('hex').slice(0, 16);
    const cssPath = results.sizes.hosted.assets.find((x) => /^\/pkg\/[^/]*\.css$/.test(x.path))?.path;
    results.paths = { wasm: wasmPath, boot: bootPath, css: cssPath };
    results.firstLoad = firstLoadBytes(server.base, first);
    const h = results.sizes.hosted.total;
    const a = results.sizes.adyen;
    const c = results.sizes.checkoutJs;
    results.sizes.ratios = {
      hostedVsAdyenJs: { gzip: ratio(h.gzip, a.coreKlarna.gzip), brotli: ratio(h.brotli, a.coreKlarna.brotli) },
      hostedVsAdyenJsCss: { gzip: ratio(h.gzip, a.coreKlarna.gzip + a.css.gzip), brotli: ratio(h.brotli, a.coreKlarna.brotli + a.css.brotli) },
      embeddedVsAdyenJsCss: {
        gzip: ratio(h.gzip + c.gzip, a.coreKlarna.gzip + a.css.gzip), brotli: ratio(h.brotli + c.brotli, a.coreKlarna.brotli + a.css.brotli),
      },
    };

    log(`time to Klarna: ${CFG.loads} cold loads each of the hosted page and the floor (+${CFG.warmup} warm-up)`);
    results.ttk = await timeToKlarna(browser, server.base, { n: CFG.loads, warmup: CFG.warmup, label: 'time to Klarna', log });
    results.ttk.ratio = ratio(results.ttk.ours.summary.button.median, results.ttk.floor.summary.button.median);

    if (CFG.slowLoads) {
      log(`time to Klarna under Slow 4G and 4× CPU: ${CFG.slowLoads} cold loads each (+1 warm-up)`);
      results.slow = await slowTimeToKlarna(browser, server.base, { n: CFG.slowLoads, warmup: 1, floorUrl, log });
    }

    if (CFG.confirmLoads) {
      log(`time to the confirmation after Klarna's complete: ${CFG.confirmLoads} payments (+1 warm-up)`);
      results.confirm = await timeToConfirmation(browser, server.base, { n: CFG.confirmLoads, warmup: 1, log });
    }

    log(`mount to paint: ${CFG.mountLoads} merchant pages with checkout.js`);
    results.mount = await mountToPaint(browser, server.base, { n: CFG.mountLoads, warmup: 1 });

    log(`memory: ${CFG.updates} amount updates`);
    results.memory = await memory(browser, server.base, { updates: CFG.updates });
  } finally {
    await server.stop();
  }

  results.scaling = [];
  for (const count of [1, 5, 20]) {
    const methods = OTHER.slice(0, count - 1).join(',');
    server = await startServer({ root, bin: BIN, wwwDir: WWW, otherMethods: methods, label: `scaling-${count}` });
    try {
      log(`scaling: ${count} payment option(s), ${CFG.scalingLoads} loads each`);
      const t = await timeToKlarna(browser, server.base, { n: CFG.scalingLoads, warmup: 1, label: `scaling ${count}`, log });
      const so = await demoSession(server.base);
      const sized = await coldLoad(browser, so.hosted_url, { bodies: true });
      const sizes = hostedPageSizes(WWW, server.base, sized.responses);
      results.scaling.push({
        options: count,
        otherMethods: methods,
        shown: { ours: t.ours.summary.options.median, floor: t.floor.summary.options.median },
        ours: t.ours.summary, floor: t.floor.summary,
        ratio: ratio(t.ours.summary.button.median, t.floor.summary.button.median),
        assets: sizes.total, config: sizes.api.find((x) => x.path.endsWith('/config')) ?? null,
      });
    } finally {
      await server.stop();
    }
  }
  await browser.close();

  server = await startServer({ root, bin: BIN, wwwDir: WWW, label: 'load' });
  try {
    log(`server: load generator, concurrency ${CFG.concurrency}, up to ${CFG.serverCount} requests or ${CFG.serverMs} ms per phase`);
    results.server = await serverBench({ base: server.base, concurrency: CFG.concurrency, count: CFG.serverCount, maxMs: CFG.serverMs });
    log('server: the hosted page, its config answer and its static assets under load');
    results.server.page = await pageServing({
      base: server.base, concurrency: CFG.concurrency, count: CFG.serverCount, maxMs: CFG.serverMs,
      assets: Object.values(results.paths).filter(Boolean),
    });
    log('server: static files per Accept-Encoding');
    results.server.static = {};
    for (const [k, path] of Object.entries(results.paths)) {
      if (path) results.server.static[k] = { path, ...(await staticFetch(server.base, path)) };
    }
  } finally {
    await server.stop();
  }

  await instancesPart(results);
  results.machine.loadAvgEnd = os.loadavg().map((x) => Math.round(x * 100) / 100);
  results.machine.benchSeconds = Math.round((performance.now() - T0) / 1000);
  const stripRuns = JSON.parse(JSON.stringify(results));
  writeFileSync(join(root, 'bench/results.json'), JSON.stringify(stripRuns, null, 2) + '\n');
  writeFileSync(join(root, 'BENCHMARKS.md'), renderMarkdown(results));
  console.log(renderConsole(results));
  log('wrote bench/results.json and BENCHMARKS.md');
}

/** 1, 2 and 3 instances on PostgreSQL and on SQLite behind a balancer (bench/lib/instances.mjs). */
async function instancesPart(results) {
  const cfg = { concurrency: CFG.concurrency, count: CFG.instancesCount, maxMs: CFG.instancesMs, rounds: CFG.instancesRounds };
  results.instances = await instanceScaling({ root, bin: BIN, wwwDir: WWW, cfg, log });
  results.instances.date = `Measured ${new Date().toISOString()}.`;
}

// BENCH_ONLY=instances: only the several-instances part, merged into the last bench/results.json.
async function instancesOnly() {
  const results = JSON.parse(readFileSync(join(root, 'bench/results.json'), 'utf8'));
  await instancesPart(results);
  writeFileSync(join(root, 'bench/results.json'), JSON.stringify(results, null, 2) + '\n');
  writeFileSync(join(root, 'BENCHMARKS.md'), renderMarkdown(results));
  for (const x of results.instances.rows) {
    console.log(`${x.backend.padEnd(8)} ${x.instances}: creation ${x.creation.throughput}/s p50 ${x.creation.p50} p99 ${x.creation.p99} | intake ${x.intake.throughput}/s p50 ${x.intake.p50} p99 ${x.intake.p99}`);
  }
  console.log(`3/1: ${JSON.stringify(results.instances.ratios)}`);
}

/**
 * BENCH_ONLY=ttk: only the bytes before Klarna's button and time to Klarna (ours and the floor, BENCH_LOADS pairs;
 * under Slow 4G too when BENCH_SLOW_LOADS is set; BENCH_WWW_BEFORE=<another build's www/> and optionally
 * CHECKOUT_SERVER_BIN_BEFORE add that build's page to the rotation; with BENCH_CONFIRM_LOADS the time to the confirmation after `complete` too), printed and written to target/bench-ttk.json; BENCHMARKS.md and bench/results.json stay as they are. For iterating on the boot path.
 */
async function ttkOnly() {
  const browser = await launch();
  const server = await startServer({ root, bin: BIN, wwwDir: WWW, label: 'ttk' });
  const other = env.BENCH_WWW_BEFORE
    ? await startServer({ root, bin: env.CHECKOUT_SERVER_BIN_BEFORE || BIN, wwwDir: env.BENCH_WWW_BEFORE, label: 'before' }) : null;
  try {
    const first = await coldLoad(browser, (await demoSession(server.base)).hosted_url, { bodies: true });
    const bytes = firstLoadBytes(server.base, first);
    console.log(`bytes before the button: ${JSON.stringify(bytes.before.total)} (${bytes.before.files.map((f) => f.path).join(', ')}); after: ${JSON.stringify(bytes.after.total)}`);
    const t = await timeToKlarna(browser, server.base, { n: CFG.loads, warmup: CFG.warmup, label: 'time to Klarna', log, before: other?.base });
    const keys = ['button', 'fcp', 'boot', 'wasmStart', 'wasmEnd', 'wasmReady', 'configEnd', 'sdkStart', 'sdkEnd', 'presentation'];
    for (const [name, side] of [['ours', t.ours.summary], ['floor', t.floor.summary], ...(t.before ? [['before', t.before.summary]] : [])]) {
      console.log(`${name.padEnd(5)} ${keys.filter((k) => side[k]?.n).map((k) => `${k} ${side[k].median}/${side[k].p95}`).join('  ')}`);
    }
    const r2 = (side) => `median ${ratio(side.button.median, t.floor.summary.button.median)}, p95 ${ratio(side.button.p95, t.floor.summary.button.p95)}`;
    console.log(`ratio to the floor: ours ${r2(t.ours.summary)}${t.before ? `; before ${r2(t.before.summary)}` : ''} (n=${CFG.loads}, load ${os.loadavg().map((x) => x.toFixed(2)).join('/')})`);
    if (env.BENCH_SLOW_LOADS) {
      t.slow = await slowTimeToKlarna(browser, server.base, { n: CFG.slowLoads, warmup: 1, floorUrl, log, before: other?.base });
      console.log(`slow 4G + 4x CPU: ours p75 ${t.slow.ours.p75} (median ${t.slow.ours.median}), floor p75 ${t.slow.floor.p75} (median ${t.slow.floor.median})${t.slow.before ? `, before p75 ${t.slow.before.p75} (median ${t.slow.before.median})` : ''}`);
    }
    if (env.BENCH_CONFIRM_LOADS) {
      t.confirm = await timeToConfirmation(browser, server.base, { n: CFG.confirmLoads, warmup: 1, log });
      const c = t.confirm.summary;
      console.log(`time to the confirmation after complete: median ${c.median} ms, p95 ${c.p95} ms (n=${c.n}, ${c.min}–${c.max})`);
    }
    t.firstLoad = bytes;
    mkdirSync(join(root, 'target'), { recursive: true });
    writeFileSync(join(root, 'target/bench-ttk.json'), JSON.stringify(t, null, 2) + '\n');
  } finally {
    await server.stop();
    await other?.stop();
    await browser.close();
  }
}

({ instances: instancesOnly, ttk: ttkOnly }[env.BENCH_ONLY] ?? main)().then(() => {
  if (ownSnapshot) rmSync(ownSnapshot, { recursive: true, force: true });
}, (e) => {
  console.error(e);
  if (ownSnapshot) rmSync(ownSnapshot, { recursive: true, force: true });
  process.exit(1);
});
