// `npm run bench` (after bench/run.sh built everything): sizes, time to Klarna beside a hand-written floor page,
// mount-to-paint through checkout.js, memory over 400 amount updates (read after 50 and every 100), server throughput, and scaling with the
// number of payment options, and 1/2/3 instances on PostgreSQL and SQLite behind a balancer. Writes bench/results.json and BENCHMARKS.md and prints the tables.
// Knobs (environment): BENCH_INSTANCES_COUNT (2000), BENCH_INSTANCES_MS (5000), BENCH_INSTANCES_ROUNDS (3), BENCH_ONLY=instances|ttk, BENCH_LOADS (30), BENCH_WARMUP (2), BENCH_MOUNT_LOADS (20), BENCH_SCALING_LOADS (12),
// BENCH_UPDATES (400), BENCH_SLOW_LOADS (30; 0 skips), BENCH_CONFIRM_LOADS (30; 0 skips), BENCH_CPU_LOADS (10; 0 skips), BENCH_ONE_FILE_LOADS (30; 0 skips), BENCH_SERVER_COUNT (5000), BENCH_SERVER_MS (15000), BENCH_CONCURRENCY (16).
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, coldLoad } from './lib/browser.mjs';
import { startServer, demoSession } from './lib/server.mjs';
import { serverBench, staticFetch } from './lib/load.mjs';
import { instanceScaling } from './lib/instances.mjs';
import { machine } from './lib/machine.mjs';
import { mountToPaint, memory } from './lib/mount.mjs';
import { firstLoadBytes, slowTimeToKlarna } from './lib/speed.mjs';
import { pageServing } from './lib/page-load.mjs';
import { hostedPageSizes, checkoutJsSize, adyenSizes, compressed } from './lib/size.mjs';
import { ratio } from './lib/stats.mjs';
import { addFloor, floorUrl, timeToKlarna } from './lib/ttk.mjs';
import { mainThreadTime } from './lib/cpu.mjs';
import { ttkOnly } from './lib/ttk-only.mjs';
import { timeToKlarnaOneFile } from './lib/one-file.mjs';
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
  cpuLoads: int(env.BENCH_CPU_LOADS, 10),
  oneFileLoads: int(env.BENCH_ONE_FILE_LOADS, 30),
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


// ───────────────────────────── page loads ─────────────────────────────

// The floor is served by the same server as our page (a copy in the served www/ snapshot), so both go through the
// same HTTP stack, compression and, when throttled, the same emulated network (Playwright's router would bypass it).
addFloor(root, WWW);

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
  results.machine = machine(root, browser.version());
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

    if (CFG.cpuLoads) {
      log(`the main thread before Klarna's button: ${CFG.cpuLoads} profiled cold loads each (+1 warm-up)`);
      results.cpu = await mainThreadTime(browser, server.base, { n: CFG.cpuLoads, warmup: 1, floorUrl, log });
    }

    if (CFG.slowLoads) {
      log(`time to Klarna under Slow 4G and 4× CPU: ${CFG.slowLoads} cold loads each (+1 warm-up)`);
      results.slow = await slowTimeToKlarna(browser, server.base, { n: CFG.slowLoads, warmup: 1, floorUrl, log });
    }

    if (CFG.confirmLoads) {
      log(`time to the confirmation after Klarna's complete: ${CFG.confirmLoads} payments (+1 warm-up)`);
      results.confirm = await timeToConfirmation(browser, server.base, { n: CFG.confirmLoads, warmup: 1, log });
    }

    if (CFG.oneFileLoads) {
      log(`time to Klarna with Klarna's SDK as one file (the emulator bundled): ${CFG.oneFileLoads} cold loads each (+${CFG.warmup} warm-up)${CFG.slowLoads ? `, and ${CFG.slowLoads} under Slow 4G` : ''}`);
      results.ttkOneFile = await timeToKlarnaOneFile(browser, { root, bin: BIN, www: WWW, n: CFG.oneFileLoads, warmup: CFG.warmup,
        slowN: CFG.slowLoads, log });
    }

    log(`mount to paint: ${CFG.mountLoads} merchant pages with checkout.js`);
    results.mount = await mountToPaint(browser, server.base, { n: CFG.mountLoads, warmup: 1, log });

    log(`memory: ${CFG.updates} amount updates`);
    results.memory = await memory(browser, server.base, { updates: CFG.updates, log });
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

const ttk = () => ttkOnly({ root, bin: BIN, www: WWW, cfg: CFG, log });
({ instances: instancesOnly, ttk }[env.BENCH_ONLY] ?? main)().then(() => {
  if (ownSnapshot) rmSync(ownSnapshot, { recursive: true, force: true });
}, (e) => {
  console.error(e);
  if (ownSnapshot) rmSync(ownSnapshot, { recursive: true, force: true });
  process.exit(1);
});
