// Issue 15: where the main thread's time goes before Klarna's button, on our page and on the floor. Cold loads
// as in bench/lib/ttk.mjs, each with V8's sampling CPU profiler (over the DevTools protocol) running from before
// the navigation until the instrumentation's message (the frame after the button); the samples' self time summed
// by what ran. A separate set of loads: the profiler's own cost stays out of the time-to-Klarna figures.
import { freshPage, waitForKlarna } from './browser.mjs';
import { demoSession } from './server.mjs';
import { summary } from './stats.mjs';

/** Sampling interval, µs: fine enough for the few-ms tasks of a page load. */
const INTERVAL_US = 100;

/** The categories, in the report's order. */
export const CATEGORIES = [
  ['wasm', 'our WebAssembly module'],
  ['glue', 'our boot scripts (the inline one, hpp.js with the wasm-bindgen glue), with the browser calls they make'],
  ['transitions', 'JS ↔ WebAssembly transitions'],
  ['page', "the floor's own script (floor.js)"],
  ['klarna', "Klarna's SDK (the emulator's modules)"],
  ['browser', 'browser built-ins called from elsewhere (DOM, fetch, Intl …)'],
  ['gc', 'garbage collection'],
  ['bench', "the bench's instrumentation (its init script)"],
];

/**
 * The category of one profile node's call frame. Built-ins called from a script are separate nodes with no URL
 * and line -1; the bench's init script has no URL but real lines.
 */
export function categoryOf({ functionName: name, url, lineNumber: line }) {
  if (name === '(garbage collector)') return 'gc';
  if (/^wasm-function\[/.test(name) || /\.wasm$/.test(url)) return 'wasm';
  if (name === 'js-to-wasm' || name === 'wasm-to-js') return 'transitions';
  // The inline first script (www/early.src.js) has the document's URL.
  if (/\/pkg\/hpp\.[^/]*\.js$/.test(url) || /\/hpp\/hcs_[0-9a-f]+(#.*)?$/.test(url)) return 'glue';
  if (/\/bench-floor\//.test(url)) return 'page';
  if (/\/sandbox\//.test(url)) return 'klarna';
  if (!url && line >= 0) return 'bench';
  return 'browser';
}

/**
 * Main-thread self time (ms) per category of one CPU profile (`Profiler.stop`'s `profile`), without idle time
 * and the "(program)" bucket (the browser's own work outside JavaScript: parsing, style, layout, paint).
 */
export function busyByCategory(profile) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const out = Object.fromEntries(CATEGORIES.map(([k]) => [k, 0]));
  profile.samples.forEach((id, i) => {
    const frame = nodes.get(id).callFrame;
    if (frame.functionName === '(idle)' || frame.functionName === '(program)' || frame.functionName === '(root)') return;
    // A sample's time is the gap to the next one.
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    out[categoryOf(frame)] += ms;
  });
  out.total = Object.values(out).reduce((a, b) => a + b, 0);
  return out;
}

/** One profiled cold load of `url`: busy ms per category. */
async function profiledLoad(browser, url) {
  const { context, page, cdp, errors } = await freshPage(browser);
  try {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: INTERVAL_US });
    await cdp.send('Profiler.start');
    await page.goto(url, { waitUntil: 'commit' });
    await waitForKlarna(page.mainFrame(), 20_000, errors);
    const { profile } = await cdp.send('Profiler.stop');
    return busyByCategory(profile);
  } finally {
    await context.close();
  }
}

/**
 * `n` pairs (after `warmup`) of profiled cold loads, ours and the floor interleaved, each on a fresh session:
 * per category (and in total) the summary of the busy ms of each load.
 */
export async function mainThreadTime(browser, base, { n, warmup, floorUrl, log }) {
  const rows = { ours: [], floor: [] };
  for (let i = 0; i < warmup + n; i++) {
    const runs = [
      async () => ['ours', await profiledLoad(browser, (await demoSession(base)).hosted_url)],
      async () => ['floor', await profiledLoad(browser, floorUrl(base, await demoSession(base)))],
    ];
    for (const run of i % 2 ? runs.reverse() : runs) {
      const [which, row] = await run();
      if (i >= warmup) rows[which].push(row);
    }
    if ((i + 1) % 5 === 0) log(`main-thread profiles: ${i + 1}/${warmup + n} pairs`);
  }
  const sum = (side) => Object.fromEntries([...CATEGORIES.map(([k]) => k), 'total'].map((k) => [k, summary(side.map((r) => r[k]))]));
  return { n, warmup, intervalUs: INTERVAL_US, ours: sum(rows.ours), floor: sum(rows.floor) };
}
