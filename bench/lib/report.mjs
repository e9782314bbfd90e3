// Renders bench/results.json as BENCHMARKS.md and as the console table.
import { instancesSection } from './instances.mjs';
import { speedHeadline, speedSection } from './report-speed.mjs';

const kB = (b) => (b === null || b === undefined ? '–' : `${(b / 1000).toFixed(1)} kB`);
/** The reading after 50 updates (the issue's figure), or the last one. */
const at50 = (m) => m.points.find((p) => p.after === 50) ?? m.points.at(-1);
const MB = (b) => (b === null || b === undefined ? '–' : `${(b / 1e6).toFixed(2)} MB`);
const signedKB = (b) => (b === null || b === undefined ? '–' : `${b >= 0 ? '+' : '−'}${(Math.abs(b) / 1000).toFixed(1)} kB`);
const ms = (x) => (x === null || x === undefined ? '–' : `${Math.round(x)} ms`);
const x2 = (r) => (r === null || r === undefined ? '–' : `${r.toFixed(2)}×`);
const spread = (s) => (s && s.n ? `${ms(s.median)} | ${ms(s.p95)} | ${Math.round(s.min)}–${Math.round(s.max)} ms` : '– | – | –');

function table(head, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

/** The headline table (also printed on the console). */
function headline(r) {
  const h = r.sizes.hosted.total;
  const a = r.sizes.adyen;
  const c = r.sizes.checkoutJs;
  const t = r.ttk;
  const mem = r.memory;
  const sv = r.server;
  return table(['measure', 'ours', 'comparison', 'ours / comparison'], [
    ['Hosted page assets, gzip -9', kB(h.gzip), `Adyen Web ${a.version} core + Klarna JS: ${kB(a.coreKlarna.gzip)}`, x2(r.sizes.ratios.hostedVsAdyenJs.gzip)],
    ['Hosted page assets, brotli -q 11', kB(h.brotli), `Adyen core + Klarna JS: ${kB(a.coreKlarna.brotli)}`, x2(r.sizes.ratios.hostedVsAdyenJs.brotli)],
    ['Hosted page assets vs Adyen JS + CSS, gzip -9', kB(h.gzip), `${kB(a.coreKlarna.gzip + a.css.gzip)} (CSS ${kB(a.css.gzip)})`, x2(r.sizes.ratios.hostedVsAdyenJsCss.gzip)],
    ['checkout.js (merchant page), gzip -9 / brotli', `${kB(c.gzip)} / ${kB(c.brotli)}`, 'budget 3 kB gzip (issue 6)', '–'],
    ['Time to Klarna, median (cold, direct)', ms(t.ours.summary.button.median), `floor page: ${ms(t.floor.summary.button.median)}`, x2(t.ratio)],
    ['Time to Klarna, p95', ms(t.ours.summary.button.p95), `floor page: ${ms(t.floor.summary.button.p95)}`, '–'],
    ['create() → iframe first contentful paint, median', ms(r.mount.summary.fcp.median), `→ ready ${ms(r.mount.summary.ready.median)}, → button ${ms(r.mount.summary.button.median)}`, '–'],
    [`Wasm linear memory after load → after 50 → after ${mem.updates} updates`, `${MB(mem.points[0].wasm)} → ${MB(at50(mem).wasm)} → ${MB(mem.points.at(-1).wasm)}`, `growth ${signedKB(mem.growth.wasm)}`, '–'],
    [`JS heap (page isolate, after GC) after load → after 50 → after ${mem.updates} updates`, `${MB(mem.points[0].heapUsed)} → ${MB(at50(mem).heapUsed)} → ${MB(mem.points.at(-1).heapUsed)}`, `growth ${signedKB(mem.growth.heapUsed)}`, '–'],
    ['Session creation (POST /v1/sessions)', `${sv.creation.throughput} req/s`, `p50 ${sv.creation.p50} ms, p99 ${sv.creation.p99} ms`, '–'],
    ['Result intake (POST …/result)', `${sv.intake.throughput} req/s`, `p50 ${sv.intake.p50} ms, p99 ${sv.intake.p99} ms`, '–'],
    ...speedHeadline(r),
  ]);
}

function sizeSection(r) {
  const s = r.sizes;
  const h = s.hosted;
  const a = s.adyen;
  const rows = h.assets.map((x) => [`\`${x.path}\``, x.type, `${x.raw}`, `${x.gzip}`, `${x.brotli}`, x.wire ?? 'none']);
  rows.push(['**total (counted)**', '', `**${h.total.raw}**`, `**${h.total.gzip}**`, `**${h.total.brotli}**`, '']);
  const emu = h.emulator.map((x) => [`\`${x.path}\` (emulator, not counted)`, x.type, `${x.raw}`, `${x.gzip}`, `${x.brotli}`, x.wire ?? 'none']);
  const api = h.api.map((x) => [`\`${x.path}\` (API answer, per session, not counted)`, x.type, `${x.raw}`, `${x.gzip}`, `${x.brotli}`, x.wire ?? 'none']);
  return `## 1. Size

What a shopper downloads for the hosted page: every response Chromium received from our origin while loading
\`/hpp/{id}\` cold, minus the Klarna SDK emulator (\`/sandbox/*\`, which stands in for Klarna's own SDK that a
shopper downloads from Klarna in production) and the API answers. Bytes; gzip and brotli are \`gzip -9 -n\` and
\`brotli -q 11\` of each body (Debian's CLIs); "server sends" is the \`Content-Encoding\` our server chose.

${table(['file', 'type', 'raw', 'gzip -9', 'brotli -q 11', 'server sends'], [...rows, ...emu, ...api])}

${h.notLoaded.length ? `Files in \`www/pkg\` the page did not fetch: ${h.notLoaded.map((p) => `\`${p}\``).join(', ')}.` : 'Every file in `www/pkg` (without the `.d.ts` files) was fetched by the page.'}

| | raw | gzip -9 | brotli -q 11 |
|---|---|---|---|
| \`checkout.js\` (merchant page loader) | ${s.checkoutJs.raw} | ${s.checkoutJs.gzip} | ${s.checkoutJs.brotli} |
| Adyen Web ${a.version}: core + Klarna (\`import { ${a.coreKlarna.imports} }\`), esbuild | ${a.coreKlarna.raw} | ${a.coreKlarna.gzip} | ${a.coreKlarna.brotli} |
| Adyen Web ${a.version}: core alone (\`import { ${a.core.imports} }\`), esbuild | ${a.core.raw} | ${a.core.gzip} | ${a.core.brotli} |
| Adyen Web ${a.version}: \`adyen.css\` as shipped | ${a.css.raw} | ${a.css.gzip} | ${a.css.brotli} |
| Adyen Web ${a.version}: \`adyen.css\` minified by esbuild | ${a.cssMinified.raw} | ${a.cssMinified.gzip} | ${a.cssMinified.brotli} |
| the floor page (\`bench/floor/index.html\` + \`floor.js\`) | ${s.floor.html.raw + s.floor.js.raw} | ${s.floor.html.gzip + s.floor.js.gzip} | ${s.floor.html.brotli + s.floor.js.brotli} |

Adyen's bundles: esbuild ${'`--bundle --minify --format=esm --platform=browser`'} of \`bench/adyen/klarna.js\` and
\`bench/adyen/core.js\`, which import from the installed \`@adyen/adyen-web\` (${a.exportsAvailable ?? '?'} exports; \`Klarna\`
${a.hasKlarnaExport === false ? 'is **not**' : 'is'} one of them).
Neither side counts the Klarna script it loads at run time (Adyen's Klarna component loads Klarna Payments v1; we load the
Web SDK), and Adyen's translations, fetched from its CDN at run time, are not counted either.

| ratio ours / Adyen | gzip -9 | brotli -q 11 |
|---|---|---|
| hosted page assets / Adyen core + Klarna JS | ${x2(s.ratios.hostedVsAdyenJs.gzip)} | ${x2(s.ratios.hostedVsAdyenJs.brotli)} |
| hosted page assets / Adyen core + Klarna JS + CSS | ${x2(s.ratios.hostedVsAdyenJsCss.gzip)} | ${x2(s.ratios.hostedVsAdyenJsCss.brotli)} |
| hosted page assets + checkout.js / Adyen core + Klarna JS + CSS | ${x2(s.ratios.embeddedVsAdyenJsCss.gzip)} | ${x2(s.ratios.embeddedVsAdyenJsCss.brotli)} |
`;
}

function ttkSection(r) {
  const t = r.ttk;
  const o = t.ours.summary;
  const f = t.floor.summary;
  const m = r.mount.summary;
  const row = (label, s) => [label, ...spread(s).split(' | ')];
  return `## 2. Time to Klarna

${t.n} cold loads each (after ${t.warmup} uncounted pairs), ours and the floor interleaved (the order flips every pair), each
on a fresh session (\`POST /demo/sessions\`, persona approve, instruction PRESELECT_KLARNA) in a fresh browser
context with the cache disabled. ms from navigation start.

${table(['hosted page opened directly', 'median', 'p95', 'min–max'], [
    row('**Klarna button interactive**', o.button),
    row('Klarna option (header text) rendered', o.option),
    row('next animation frame after the button (painted)', o.painted),
    row('first contentful paint (the skeleton)', o.fcp),
  ])}

${table(['floor page (bench/floor)', 'median', 'p95', 'min–max'], [
    row('**Klarna button interactive**', f.button),
    row('Klarna header text rendered', f.option),
    row('first contentful paint', f.fcp),
  ])}

**Ratio ours / floor (medians of the button interactive): ${x2(t.ratio)}; p95: ${x2(t.ours.summary.button.p95 / t.floor.summary.button.p95)}.** Goal (issue 15): each at most 1.05×.

Where the time goes (medians of each point, ms from navigation start; each is its own median, so they need not add up):

${table(['point', 'ours', 'floor'], [
    ['HTML received (responseEnd)', ms(o.html.median), ms(f.html.median)],
    ['stylesheet received', ms(o.cssEnd.median), '–'],
    ['boot script (with the wasm-bindgen glue) received', ms(o.bootEnd.median), '–'],
    ['page script running (`khc:boot` / `floor:boot`)', ms(o.boot.median), ms(f.boot.median)],
    ['wasm request start → end', `${ms(o.wasmStart.median)} → ${ms(o.wasmEnd.median)}`, '–'],
    ['config answer read, Klarna started by the boot script (`khc:klarna`)', ms(o.klarna?.median), '–'],
    ['wasm instantiated (`khc:wasm-ready`)', ms(o.wasmReady.median), '–'],
    ['config request start → end', `${ms(o.configStart.median)} → ${ms(o.configEnd.median)}`, `${ms(f.configStart.median)} → ${ms(f.configEnd.median)}`],
    ['Klarna SDK (emulator) request start → end', `${ms(o.sdkStart.median)} → ${ms(o.sdkEnd.median)}`, `${ms(f.sdkStart.median)} → ${ms(f.sdkEnd.median)}`],
    ['presentation answered', '–', ms(f.presentation.median)],
    ['Klarna button interactive', ms(o.button.median), ms(f.button.median)],
  ])}

### From mount to first paint (merchant page with checkout.js)

${r.mount.n} cold loads of a merchant page on the server's origin (served by Playwright's router) that calls
\`KlarnaHostedCheckout.create({session: hosted_url, target})\`; ms from the \`create()\` call (the iframe's times are
moved onto the merchant page's clock through \`performance.timeOrigin\`).

${table(['from create()', 'median', 'p95', 'min–max'], [
    row('iframe first contentful paint', m.fcp),
    row('first `ready` event on the merchant page', m.ready),
    row('Klarna button interactive in the iframe', m.button),
  ])}
`;
}

function memorySection(r) {
  const m = r.memory;
  return `## 3. Memory

One merchant page with the checkout mounted through checkout.js; ${m.updates} amount updates, each a
\`PATCH /v1/sessions/{id}\` with the merchant key (amount and one order line) followed by \`handle.update({amount})\`,
waiting until the emulator was asked for the new amount, the total shows it and the button is enabled again.
The emulator's call record (\`__klarnaSandbox.calls\`, a test log Klarna's SDK doesn't keep) is cleared after each
update. Before each reading: 300 ms idle and a full GC (\`HeapProfiler.collectGarbage\`).

${table(['after updates', 'wasm linear memory', 'JS heap used', 'JS heap total'], m.points.map((p) => [
    `${p.after}`, `${p.wasm} B`, `${p.heapUsed} B`, `${p.heapTotal} B`]))}

Growth over ${m.updates} updates: wasm ${signedKB(m.growth.wasm)}, JS heap ${signedKB(m.growth.heapUsed)}.${m.points.some((p) => p.wasmModules !== 1) ? ` **Note:** ${Math.max(...m.points.map((p) => p.wasmModules))} wasm instances were seen in the frame; the wasm column sums their memories.` : ''}
Update round trip (\`handle.update\` → new amount shown, button enabled): median ${ms(m.updateRoundTrip.median)},
p95 ${ms(m.updateRoundTrip.p95)}. Last total shown: "${m.finalTotal}".

Per cold load of the hosted page opened directly (section 2's loads): wasm memory median ${MB(r.ttk.ours.summary.wasmMemory.median)},
JS heap after GC median ${MB(r.ttk.ours.summary.heapUsed.median)} (the floor page: ${MB(r.ttk.floor.summary.heapUsed.median)}).
`;
}

function serverSection(r) {
  const sv = r.server;
  const row = (label, x) => [label, `${x.requests}`, `${x.ok}`, Object.keys(x.errors).filter((k) => !k.endsWith('_first')).map((k) => `${k}: ${x.errors[k]}`).join(', ') || '0',
    `${x.elapsedMs} ms`, `${x.throughput}`, `${x.p50} ms`, `${x.p99} ms`, `${x.max} ms`];
  return `## 4. Server

The release build on loopback, sandbox mode, a fresh temp \`CHECKOUT_DATA_DIR\`, \`CHECKOUT_RATE_LIMIT=0\`, the
server's default durable SQLite settings (WAL, \`synchronous=FULL\`: an fsync per commit). The generator
(\`bench/lib/load.mjs\`, Node ${r.machine.node} + undici) keeps ${sv.creation.concurrency} requests in flight on as many
keep-alive connections, each phase bounded by ${sv.creation.limits.count} requests or ${sv.creation.limits.maxMs} ms, after an uncounted
warm-up; it runs on the same ${r.machine.cores} cores as the server. Temp directory file system: ${r.machine.tmpFs ?? 'unknown'}.

${table(['phase', 'requests', '2xx', 'errors', 'time', 'req/s', 'p50', 'p99', 'max'], [
    row('session creation `POST /v1/sessions` (merchant key)', sv.creation),
    row('authorize `POST …/klarna/authorize` (client secret; sandbox Klarna; prepares the results)', sv.authorization),
    row('**result intake** `POST …/result` (Idempotency-Key, `{outcome: "authorized", payment_transaction_id}`)', sv.intake),
  ])}
${staticTable(sv)}`;
}

function staticTable(sv) {
  if (!sv.static || !sv.static.wasm) return '';
  const rows = [];
  for (const k of ['wasm', 'boot']) {
    for (const e of ['br', 'gzip', 'identity']) {
      const x = sv.static[k]?.[e];
      if (x) rows.push(['`' + sv.static[k].path + '`', e, x.contentEncoding, `${x.bytes}`, `${x.median} ms`, `${x.max} ms`]);
    }
  }
  return `
Static files (the server compresses them on the fly, per request): ${sv.static.wasm.br.n} sequential GETs per
Accept-Encoding on one keep-alive connection, no other requests in flight, time to the last byte.

${table(['file', 'Accept-Encoding', 'sent as', 'bytes', 'median', 'max'], rows)}
`;
}

function scalingSection(r) {
  const rows = r.scaling.map((s) => [`${s.options}`, `${s.shown.ours} / ${s.shown.floor}`, ms(s.ours.button.median), ms(s.ours.button.p95),
    ms(s.floor.button.median), x2(s.ratio), `${s.ours.domNodes.median}`, `${s.config?.raw ?? '–'} B`, `${s.assets.brotli} B`]);
  return `## 5. Scaling with the number of payment options

One server per setting (\`CHECKOUT_OTHER_METHODS\` with 0, 4 and 19 other methods beside Klarna), ${r.config.scalingLoads} cold loads each of
ours and the floor (interleaved, after one uncounted pair).

${table(['options', 'shown (ours / floor)', 'ours: button median', 'ours: p95', 'floor: median', 'ours / floor', 'DOM elements (ours)', 'config JSON', 'assets (brotli)'], rows)}
`;
}

function machineSection(r) {
  const m = r.machine;
  return `## Machine

| | |
|---|---|
| date | ${m.date} |
| CPU | ${m.cpu}${m.hypervisor ? ` (virtual machine, ${m.hypervisor})` : ''} |
| cores | ${m.cores} |
| RAM | ${m.ramGiB} GiB |
| OS | ${m.os} |
| Chromium | ${m.chromium} (${m.chromiumCli ?? '?'}), headless, the e2e suite's flags |
| Node / Rust | ${m.node} / ${m.rustc ?? '?'} |
| commit | ${m.commit}${m.dirtyFiles ? ` plus ${m.dirtyFiles} uncommitted file(s) under src/ core/ server/ www/ js/ styles/ (the build is of the working tree)` : ''} |
| load average (1/5/15 min) at start → end | ${m.loadAvgStart.join(' / ')} → ${m.loadAvgEnd.join(' / ')} |
| bench run time (after the build) | ${m.benchSeconds} s |
`;
}

const METHOD = `## How it is measured (and what it can't say)

- **Run it:** \`npm run bench\` (\`bench/run.sh\`: \`NEED_BROWSER=1 scripts/setup.sh\`, \`scripts/build.sh\`,
  \`cargo build --release -p checkout-server\`, then \`node bench/bench.mjs\`). It starts its own servers on free
  ports and stops them. Knobs: \`BENCH_LOADS\`, \`BENCH_WARMUP\`, \`BENCH_MOUNT_LOADS\`, \`BENCH_SCALING_LOADS\`,
  \`BENCH_UPDATES\`, \`BENCH_SLOW_LOADS\`, \`BENCH_SERVER_COUNT\`, \`BENCH_SERVER_MS\`, \`BENCH_CONCURRENCY\`. Raw figures:
  \`bench/results.json\`. \`BENCH_ONLY=ttk\` (with \`BENCH_BUILD=0\` to bench the last build) runs only the bytes before
  the button and time to Klarna and writes \`target/bench-ttk.json\`, for iterating.
  A benchmark, not a test: nothing here fails on a number.
- **Time to Klarna** is taken inside the page: an init script (\`bench/lib/browser.mjs\`, injected with
  \`addInitScript\` before any page script, CSP does not apply to it) runs a MutationObserver that records
  \`performance.now()\` at the first mutation after which \`[data-testid=klarna-payment-button]\` is connected, enabled,
  not loading and visible (\`checkVisibility()\`); "painted" is the next \`requestAnimationFrame\`. The page's own marks
  (\`khc:boot\`, \`khc:wasm-ready\`) and the resource timings give the breakdown. Cold = a new browser context per load
  (empty HTTP and code caches) plus \`Network.setCacheDisabled\`; the browser process is reused, so process start-up is
  not in the figures.
- **The floor** (\`bench/floor/\`) is served by the bench's own server (copied into the served \`www/\` snapshot as
  \`/bench-floor/\`), like our page, so both go through the same HTTP stack and, under Slow 4G, the same emulated
  network (until issue 15 it came through Playwright's router, slower than our server). It makes the same
  requests in the same order as the hosted page (config, then the SDK from the config's \`sdk_url\`, \`KlarnaSDK\`,
  \`Payment.presentation\`), renders the total, the header text and the other methods as radios, and mounts the
  option's payment button. It has no error handling, i18n, styling or merchant-page protocol.
- **Wasm memory:** \`WebAssembly.Memory\` objects are not enumerable from the page, and the hosted page keeps the
  module's exports private. The init script wraps \`WebAssembly.Instance\` (and \`instantiate\`/\`instantiateStreaming\`) and keeps every
  \`Memory\` the instance exports; the bench reads \`memory.buffer.byteLength\`.
  \`performance.measureUserAgentSpecificMemory\` is not used: it needs a cross-origin-isolated page, which the hosted
  page is not.
- **JS heap:** CDP \`Runtime.getHeapUsage\` after \`HeapProfiler.collectGarbage\`. The merchant page and the hosted
  frame are same-origin here, so they share one renderer isolate: the figure includes the merchant page (checkout.js)
  and the Klarna SDK emulator, and can't be split per frame.
- **Size budget:** \`tests/size/\` fails when the hosted page passes 149,939 B brotli: issue 20's measured 146,999 B
  plus 2 %. Issue 6 set 100 kB (100,000 B) and the page stayed under it through issue 12 and issue 20's order
  model (99,943 B on 0.2.0, each step below). Issue 20 then put the page on the stack the product names: HTTP
  through gloo-net (a request past its time limit aborted through its \`AbortSignal\`) and typed values across the
  JavaScript boundary with serde-wasm-bindgen and the serde derives of \`checkout-core\`'s wire types, in place of a
  fetch over web-sys and hand-written codecs. Measured with \`bash scripts/build.sh && node --test
  tests/size/budget.test.mjs\` (brotli -q 11 of the page's four files): 99,943 B before (module 274,945 B raw,
  94,631 B brotli), 146,999 B after (module 439,580 B raw, 141,383 B brotli). Of the +47.1 kB, each measured as a
  build without it at the step it came in: gloo-net about 1.5 kB (the old web-sys fetch instead: −1,459 B), \`serde_path_to_error\`
  (field paths in every decoding error, also for values of the wrong type, which serde alone reports without the
  field) about 11.8 kB (−11,818 B), naming the field inside the \`postMessage\` envelope and the tagged authorize
  answer (read from serde's buffered copy) about 1.4 kB, and serde-wasm-bindgen with the derived visitors of the
  whole wire types (every order-line, customer and address field, the protocol, the tagged answers) the rest,
  about 32.4 kB. Kept small within the stack: the page reads only the two messages it takes
  (\`checkout_core::protocol::inbound\`: no decoder of the events it sends, −6,205 B), gloo-net 0.6 with only \`http\`
  (the release Leptos already links, so one gloo-net), no JSON crate on the page (the browser parses and prints the
  text), \`Serializer::json_compatible()\` only (maps as plain objects), one non-generic error path (with the field
  search) for every type read (−1,742 B against one compiled per type), web-sys
  features cut to those the page names. Before issue 20's stack, on the way to 99,943 B: amounts are formatted
  with \`money::minor_exponent\`, so the full ISO 4217 table stays out of the module (−462 B); the config signal
  holds an \`Arc<HostedConfig>\`, so no deep clone of the config (order lines, customer, addresses) is compiled in
  (−599 B); no \`&str\`-pattern search on the page's paths (the two-way substring searcher and a reverse splitter
  leave the module, −864 B); a second \`--flatten --rereloop -Oz -Oz\` round in the last binaryen pass (−226 B);
  the appearance event's message built in one string and its problems taken, not cloned (−209 B). Tried and
  dropped: \`opt-level = "s"\` (105,324 B), other binaryen passes (within ±150 B of noise), a \`[char; 3]\` pattern
  written as a function (no change).
  Issue 15 (Klarna started by the boot script and adopted by the bindings) added 523 B on 0.2.0's page (boot script
  +398 B, module +126 B); a second budget covers what the page needs before Klarna's button (today all of it:
  section 2a).
- **Sizes** come from the responses of a real load, so a file the page stops (or starts) fetching changes the list.
  The server compresses on the fly; the table's gzip/brotli columns are computed offline at maximum settings.
- **Noise:** the machine is shared (see the load average above); medians and p95 over interleaved runs are reported
  for that reason. Compare ratios from the same run rather than absolute times across runs.
`;

function notes(r) {
  const o = r.ttk.ours.summary;
  const f = r.ttk.floor.summary;
  const wasmRow = r.sizes.hosted.assets.find((a) => a.path.endsWith('.wasm'));
  const h = r.sizes.hosted.total;
  const pts = r.memory.points;
  const mid = pts.find((p) => p.after > 0 && p.after < r.memory.updates);
  const st = r.server.static?.wasm;
  const phases = [
    ['HTML received', o.html.median],
    ['the boot script (one module, the wasm-bindgen glue bundled in) until `khc:boot`', o.boot.median - o.html.median],
    [`wasm download (its request starts at ${ms(o.wasmStart.median)}${o.wasmStart.median >= o.boot.median - 5 ? ', i.e. only once `khc:boot` runs `init()`' : ''}) and instantiation, until \`khc:wasm-ready\``, o.wasmReady.median - o.boot.median],
    ['mount until the config request starts', o.configStart.median - o.wasmReady.median],
    ['config request', o.configEnd.median - o.configStart.median],
    ['until the SDK request starts', o.sdkStart.median - o.configEnd.median],
    ['SDK download', o.sdkEnd.median - o.sdkStart.median],
    ['SDK init, presentation and render until the button is interactive', o.button.median - o.sdkEnd.median],
  ];
  const busy = Math.max(...r.machine.loadAvgStart.slice(0, 1), ...(r.machine.loadAvgEnd ?? []).slice(0, 1)) > r.machine.cores;
  return `## Notes (computed from this run)

${busy ? `- **The machine was busy** during this run (1-minute load average ${r.machine.loadAvgStart[0]} at the start, ${r.machine.loadAvgEnd[0]} at the
  end, on ${r.machine.cores} cores): absolute times and server throughput are inflated and noisy; the ratios between
  interleaved runs (ours / floor) hold up better than the absolute figures.
` : ''}- The wasm module is ${wasmRow ? `${Math.round((wasmRow.brotli / h.brotli) * 100)} %` : '?'} of the hosted page's brotli bytes
  (${wasmRow ? kB(wasmRow.brotli) : '?'} of ${kB(h.brotli)}).
- Approximate split of our median time to Klarna (${ms(o.button.median)}), from the medians of each point (so only roughly additive):
${phases.map(([k, v]) => `  - ${k}: ${ms(v)}`).join('\n')}
- The floor has the button in ${ms(f.button.median)}; it asks for the config at ${ms(f.configStart.median)}, we at ${ms(o.configStart.median)}.
  Nothing our page does before the config request depends on the config, so that gap
  (${ms(o.configStart.median - f.configStart.median)}) is the room that preloading the wasm and fetching the config in parallel with it would open.
${st ? `- The server compresses every static answer per request: the wasm as \`br\` took ${st.br.median} ms (median, one request at a time) and sent
  ${st.br.bytes} B, against ${st.identity.median} ms uncompressed and ${wasmRow ? wasmRow.brotli : '?'} B for \`brotli -q 11\` done once at build time.` : ''}
- JS heap growth over the updates: ${mid ? `${signedKB(mid.heapUsed - pts[0].heapUsed)} in the first ${mid.after}, ${signedKB(pts.at(-1).heapUsed - mid.heapUsed)} in the last ${r.memory.updates - mid.after}` : signedKB(r.memory.growth.heapUsed)}
  (the first updates also compile and optimise code, so the later ones are the better leak signal); wasm linear memory
  ${r.memory.growth.wasm === 0 ? 'did not grow' : `grew ${signedKB(r.memory.growth.wasm)}`}.
`;
}

export function renderMarkdown(r) {
  return `# Benchmarks

Written by \`npm run bench\` (bench/bench.mjs) on ${r.machine.date}; do not edit by hand. Issues 6 and 15 ask for these figures.
Sizes in bytes, or kB = 1000 bytes.

${headline(r)}

${machineSection(r)}
${sizeSection(r)}
${ttkSection(r)}
${speedSection(r)}
${memorySection(r)}
${serverSection(r)}
${instancesSection(r)}
${scalingSection(r)}
${notes(r)}
${METHOD}`;
}

export function renderConsole(r) {
  const o = r.ttk.ours.summary;
  const f = r.ttk.floor.summary;
  const scal = r.scaling.map((s) => `  ${String(s.options).padStart(2)} options: ours ${ms(s.ours.button.median)} (p95 ${ms(s.ours.button.p95)}), floor ${ms(s.floor.button.median)}, ratio ${x2(s.ratio)}, config ${s.config?.raw ?? '?'} B`).join('\n');
  return `
${headline(r)}

Time to Klarna (ms from navigation start, n=${r.ttk.n}): median | p95 | min–max
  ours  button ${spread(o.button)}   (fcp ${ms(o.fcp.median)}, khc:boot ${ms(o.boot.median)}, khc:wasm-ready ${ms(o.wasmReady.median)})
  floor button ${spread(f.button)}
create() → fcp ${spread(r.mount.summary.fcp)}; → ready ${spread(r.mount.summary.ready)}
Scaling:
${scal}
Machine: ${r.machine.cpu}, ${r.machine.cores} cores, ${r.machine.ramGiB} GiB, ${r.machine.os}, ${r.machine.chromium}, ${r.machine.date}, load avg ${r.machine.loadAvgStart.join('/')} → ${r.machine.loadAvgEnd.join('/')}
`;
}
