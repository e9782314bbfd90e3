// Issue 15: where one cold load's main thread goes, task by task, on our page and on the floor. Loads each page
// TRACE_LOADS times (default 3; the last one is printed) with Chromium's trace (`devtools.timeline`, V8 and
// loading categories) from the navigation until the bench's "Klarna is interactive" message, then prints the
// renderer's main-thread tasks longer than 1.5 ms (with their longest parts), the page's marks and every request
// with when it was sent and finished. Tracing slows the page: read the order of things, not the times.
//   node bench/spikes/trace.mjs            (the built www/, the release server; `npm run build` first)
//   TRACE_WWW=/tmp/www-x node bench/spikes/trace.mjs    (another build's www/)
// The traces are written to target/trace-ours.json and target/trace-floor.json (chrome://tracing, Perfetto).
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, freshPage, waitForKlarna } from '../lib/browser.mjs';
import { startServer, demoSession } from '../lib/server.mjs';
import { addFloor, floorUrl } from '../lib/ttk.mjs';

const root = new URL('../..', import.meta.url).pathname;
const www = join(mkdtempSync(join(tmpdir(), 'khc-trace-')), 'www');
cpSync(process.env.TRACE_WWW || join(root, 'www'), www, { recursive: true, dereference: true });
addFloor(root, www);
const CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'v8', 'blink.user_timing', 'loading', 'toplevel'];
const loads = Number(process.env.TRACE_LOADS || 3);

/** One traced cold load of `url`: the trace's events. */
async function traced(browser, url) {
  const { context, page, cdp, errors } = await freshPage(browser);
  const events = [];
  cdp.on('Tracing.dataCollected', (d) => events.push(...d.value));
  const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: CATEGORIES }, transferMode: 'ReportEvents' });
  try {
    await page.goto(url, { waitUntil: 'commit' });
    await waitForKlarna(page.mainFrame(), 20_000, errors);
  } finally {
    await cdp.send('Tracing.end');
    await done;
    await context.close();
  }
  return events;
}

/** Prints the main thread's tasks, the marks and the requests of one load's trace. */
function print(side, events, base) {
  const main = events.find((e) => e.name === 'thread_name' && e.args.name === 'CrRendererMain'
    && events.some((x) => x.pid === e.pid && x.name === 'navigationStart' && x.args?.data?.isLoadingMainFrame));
  const t0 = events.find((e) => e.name === 'navigationStart' && e.pid === main.pid && e.args?.data?.isLoadingMainFrame).ts;
  const at = (ts) => ((ts - t0) / 1000).toFixed(1).padStart(6);
  const onMain = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X');
  console.log(`== ${side}: main-thread tasks over 1.5 ms (start, +duration ms: the longest parts)`);
  for (const t of onMain.filter((e) => e.name === 'RunTask' && e.dur > 1500 && e.ts > t0).sort((a, b) => a.ts - b.ts)) {
    const parts = onMain.filter((e) => e.ts >= t.ts && e.ts + e.dur <= t.ts + t.dur && e.name !== 'RunTask' && e.dur > 500)
      .sort((a, b) => b.dur - a.dur).slice(0, 4)
      .map((e) => `${e.name}${e.args?.data?.url ? ` ${e.args.data.url.split('/').pop().slice(0, 30)}` : ''} ${(e.dur / 1000).toFixed(1)}`);
    console.log(`${at(t.ts)} +${(t.dur / 1000).toFixed(1).padStart(5)}  ${parts.join(' | ')}`);
  }
  const marks = events.filter((e) => e.pid === main.pid && e.cat?.includes('blink.user_timing') && /^(khc|floor):/.test(e.name));
  console.log(`marks: ${marks.map((e) => `${e.name} ${at(e.ts).trim()}`).join(', ')}`);
  const finished = Object.fromEntries(events.filter((e) => e.name === 'ResourceFinish').map((e) => [e.args.data.requestId, e.ts]));
  for (const e of events.filter((x) => x.name === 'ResourceSendRequest' && x.ts > t0)) {
    const end = finished[e.args.data.requestId];
    console.log(`  request ${at(e.ts)} → ${end ? at(end) : '     ?'}  ${e.args.data.url.replace(base, '').slice(0, 70)}`);
  }
}

const server = await startServer({ root, bin: join(root, 'target/release/checkout-server'), wwwDir: www, label: 'trace' });
const browser = await launch();
try {
  mkdirSync(join(root, 'target'), { recursive: true });
  for (const side of ['ours', 'floor']) {
    let events;
    for (let i = 0; i < loads; i++) {
      const s = await demoSession(server.base);
      events = await traced(browser, side === 'ours' ? s.hosted_url : floorUrl(server.base, s));
    }
    writeFileSync(join(root, `target/trace-${side}.json`), JSON.stringify({ traceEvents: events }));
    print(side, events, server.base);
  }
} finally {
  await browser.close();
  await server.stop();
  rmSync(join(www, '..'), { recursive: true, force: true });
}
