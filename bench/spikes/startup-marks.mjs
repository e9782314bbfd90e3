// Where the hosted page's start-up spends its time, step by step: cold loads of the page built with the `marks`
// feature, which puts a `performance.mark` (`khc:m:*`, src/bindings/console.rs) at each step of the module's
// start-up, beside the boot script's own marks (`khc:boot`, `khc:early-button`, `khc:wasm-ready`, `khc:served`, …).
// Prints each mark's median time from navigation start over the loads, the gap to the mark before it, and how many
// loads had it. The steps are a few ms each, below what the bench's A/Bs can tell apart (BENCHMARKS.md, issue 15).
//   KHC_FEATURES=marks npm run build && node bench/spikes/startup-marks.mjs [LOADS] ; npm run build
// (the last build puts the shipped page back). Needs a release server build (cargo build --release -p checkout-server).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, demoSession } from '../lib/server.mjs';
import { launch, freshPage } from '../lib/browser.mjs';
import { percentile } from '../lib/stats.mjs';

const root = new URL('../..', import.meta.url).pathname;
const loads = Number(process.argv[2] || 20);
const stamp = join(root, 'www/pkg/sources.sha256');
if (!existsSync(stamp) || !readFileSync(stamp, 'utf8').includes('features marks')) {
  console.error('the page in www/ is not built with its marks: run KHC_FEATURES=marks npm run build first');
  process.exit(2);
}
const server = await startServer({ root, bin: join(root, 'target/release/checkout-server') });
const browser = await launch();
/** Every load's time of each mark, by name. */
const seen = {};
/** Each load's marks, by name (for the per-load gaps). */
const perLoad = [];
try {
  for (let i = 0; i < loads; i++) {
    const { page } = await freshPage(browser);
    const session = await demoSession(server.base, {});
    await page.goto(session.hosted_url);
    // The last step of a good load: Klarna's button in its row (`khc:adopted`), then a moment for the view's mount.
    await page.waitForFunction(() => performance.getEntriesByName('khc:adopted').length > 0, null, { timeout: 15_000 });
    await page.waitForTimeout(150);
    const marks = await page.evaluate(() => performance.getEntriesByType('mark').map((m) => [m.name, m.startTime]));
    for (const [name, at] of marks) (seen[name] ||= []).push(at);
    perLoad.push(Object.fromEntries(marks));
    await page.context().close();
  }
} finally {
  await browser.close();
  await server.stop();
}
const rows = Object.entries(seen).map(([name, at]) => [name, percentile(at, 50), at.length]).sort((a, b) => a[1] - b[1]);
if (!rows.some(([name]) => name.startsWith('khc:m:'))) {
  console.error('no khc:m:* marks on the page: is www/ the marks build?');
  process.exit(1);
}
/** Each load's own `to − from`, over the loads that have both marks. */
const spans = (from, to) => perLoad.filter((l) => from in l && to in l).map((l) => l[to] - l[from]);
// The medians of the marks need not add up (each is another load's); the gaps are medians of each load's own gap,
// which is what an A/B of one step should compare.
console.log(`${loads} cold loads: median ms from navigation start; median of each load's gap to the mark above`);
let before = null;
for (const [name, at, count] of rows) {
  const gap = before ? percentile(spans(before, name), 50) ?? NaN : at;
  console.log(`${name.padEnd(24)} ${at.toFixed(1).padStart(7)}  +${gap.toFixed(1).padStart(5)}  n=${count}`);
  before = name;
}
for (const [from, to] of [['khc:m:entry', 'khc:served'], ['khc:wasm-ready', 'khc:served'], ['khc:served', 'khc:m:view']]) {
  const d = spans(from, to);
  if (d.length) console.log(`${from} → ${to}: median ${percentile(d, 50).toFixed(1)}, p75 ${percentile(d, 75).toFixed(1)} ms (n=${d.length})`);
}
