// Issue 15's figures: the bytes a shopper downloads before Klarna's button is interactive, and time to Klarna
// under a slow phone's network and CPU (Chromium's DevTools "Slow 4G" and 4× CPU slowdown, emulated offline).
import { compressed } from './size.mjs';
import { coldLoad } from './browser.mjs';
import { demoSession } from './server.mjs';
import { percentile, summary, ratio } from './stats.mjs';
import { floorBase, roundOrder } from './order.mjs';

/**
 * DevTools' "Slow 4G" preset (chrome-devtools-frontend, lantern Constants `mobileSlow4G`: 150 ms RTT × 3.75,
 * 1.6 Mbit/s down and 750 kbit/s up × 0.9) with its 4× CPU slowdown.
 */
export const SLOW_4G = {
  network: { latency: 150 * 3.75, downloadThroughput: (1.6 * 1024 * 1024 * 0.9) / 8, uploadThroughput: (750 * 1024 * 0.9) / 8 },
  cpu: 4,
};

const sum = (rows) => rows.reduce((t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli }),
  { raw: 0, gzip: 0, brotli: 0 });

/**
 * From one cold load with bodies (`m`, bench/lib/browser.mjs `coldLoad(…, {bodies: true})`): every response but
 * Klarna's own SDK (the emulator under /sandbox/ stands in for it), whatever the origin — the document, the
 * page's assets, the API answers —, split at the moment Klarna's button became interactive by the response's
 * end (Resource Timing). Raw, `gzip -9` and `brotli -q 11` of each body.
 */
export function firstLoadBytes(base, m) {
  const klarna = (url) => url.startsWith(base + '/sandbox/');
  const endOf = (url) => {
    const ends = m.resources.filter((r) => r.url === url).map((r) => r.end);
    return ends.length ? Math.min(...ends) : null;
  };
  const rows = m.responses.filter((r) => r.body && !klarna(r.url)).map((r) => {
    const u = new URL(r.url);
    const path = u.origin === base ? u.pathname.replace(/hcs_[0-9a-f]+/, '{id}') : `${u.origin}${u.pathname}`;
    const end = r.type === 'document' ? m.nav?.responseEnd ?? 0 : endOf(r.url);
    return { path, type: r.type, end: end === null ? null : Math.round(end), ...compressed(r.body) };
  });
  const before = rows.filter((r) => r.end !== null && r.end <= m.button);
  const after = rows.filter((r) => !before.includes(r));
  return { button: Math.round(m.button), before: { files: before, total: sum(before) }, after: { files: after, total: sum(after) }, total: sum(rows) };
}

/**
 * `n` pairs (after `warmup`) of cold loads of our page and the floor, interleaved as in the unthrottled runs,
 * under `SLOW_4G`: p75 (and median, p95) of Klarna's button interactive, ms from navigation start.
 */
export async function slowTimeToKlarna(browser, base, { n, warmup, floorUrl, log, before = null }) {
  const rows = { ours: [], floor: [], before: [] };
  const load = async (url) => (await coldLoad(browser, url, { throttle: SLOW_4G, timeoutMs: 90_000 })).button;
  for (let i = 0; i < warmup + n; i++) {
    const fb = floorBase(base, before, i);
    const runs = [
      async () => ['ours', await load((await demoSession(base)).hosted_url)],
      async () => ['floor', await load(floorUrl(fb, await demoSession(fb)))],
    ];
    // Another build's page from its own server (BENCH_WWW_BEFORE), in the same rotation.
    if (before) runs.push(async () => ['before', await load((await demoSession(before)).hosted_url)]);
    for (const run of roundOrder(runs, i)) {
      const [which, ms] = await run();
      if (i >= warmup) rows[which].push(ms);
    }
    if ((i + 1) % 5 === 0) log(`slow 4G: ${i + 1}/${warmup + n} pairs`);
  }
  const side = (xs) => ({ ...summary(xs), p75: percentile(xs, 75) === null ? null : Math.round(percentile(xs, 75) * 10) / 10, runs: xs.map((x) => Math.round(x)) });
  const o = side(rows.ours);
  const f = side(rows.floor);
  const out = { n, warmup, conditions: SLOW_4G, ours: o, floor: f, ratioP75: ratio(o.p75, f.p75), ratioMedian: ratio(o.median, f.median) };
  if (before) out.before = side(rows.before);
  return out;
}
