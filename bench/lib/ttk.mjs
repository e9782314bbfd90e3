// Time to Klarna: cold loads of our hosted page and of the floor, interleaved, each on a fresh session, and the
// figures of each load in ms from navigation start (bench/bench.mjs runs them, bench/lib/report.mjs renders them).
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { coldLoad } from './browser.mjs';
import { demoSession } from './server.mjs';
import { summary } from './stats.mjs';
import { floorBase, roundOrder } from './order.mjs';

/** The floor page of session `s` (served by the bench's server from its www/ snapshot). */
export const floorUrl = (base, s) => `${base}/bench-floor/index.html#id=${s.id}&cs=${s.client_secret}`;

/** Puts the floor (bench/floor) into the served copy `www` of a build, where `floorUrl` finds it. */
export const addFloor = (root, www) => cpSync(join(root, 'bench/floor'), join(www, 'bench-floor'), { recursive: true });

const res = (m, re) => m.resources.find((r) => re.test(new URL(r.url).pathname));

/** The figures of one load of our hosted page, in ms from navigation start. */
export function oursRow(m) {
  const wasm = res(m, /\.wasm$/);
  const config = res(m, /\/config$/);
  const sdk = res(m, /^\/sandbox\/klarna\.js$/);
  const css = res(m, /^\/(styles|pkg)\/[^/]*\.css$/);
  const boot = res(m, /^\/pkg\/hpp\.[^/]*\.js$/);
  return {
    button: m.button, clicks: m.clicks, option: m.option, painted: m.buttonFrame, fcp: m.fcp,
    html: m.nav?.responseEnd, domInteractive: m.nav?.domInteractive, cssEnd: css?.end, bootEnd: boot?.end,
    boot: m.marks['khc:boot'], klarna: m.marks['khc:klarna'], wasmStart: wasm?.start, wasmEnd: wasm?.end,
    wasmReady: m.marks['khc:wasm-ready'], early: m.marks['khc:early-button'], served: m.marks['khc:served'], adopted: m.marks['khc:adopted'], configStart: config?.start, configEnd: config?.end,
    sdkStart: sdk?.start, sdkEnd: sdk?.end, wasmMemory: m.wasmMemory, heapUsed: m.heap.used, domNodes: m.domNodes,
    options: m.options, bytes: m.resources.reduce((n, r) => n + r.body, m.nav?.body ?? 0),
  };
}

export function floorRow(m) {
  const config = res(m, /\/config$/);
  const sdk = res(m, /^\/sandbox\/klarna\.js$/);
  return {
    button: m.button, clicks: m.clicks, option: m.option, painted: m.buttonFrame, fcp: m.fcp, html: m.nav?.responseEnd,
    boot: m.marks['floor:boot'], configStart: config?.start, configEnd: config?.end, sdkStart: sdk?.start, sdkEnd: sdk?.end,
    presentation: m.marks['floor:presentation'], heapUsed: m.heap.used, domNodes: m.domNodes, options: m.options,
  };
}

export const summarize = (rows) => Object.fromEntries(Object.keys(rows[0] ?? {}).map((k) => [k, summary(rows.map((r) => r[k]))]));

/**
 * `n` measured pairs (after `warmup` pairs) of cold loads, ours and the floor interleaved (in a balanced order:
 * bench/lib/order.mjs), each on a fresh session (approve persona, PRESELECT_KLARNA).
 */
export async function timeToKlarna(browser, base, { n, warmup, label, log, before = null }) {
  const rows = { ours: [], floor: [], before: [] };
  for (let i = 0; i < warmup + n; i++) {
    const fb = floorBase(base, before, i);
    const runs = [
      async () => { const s = await demoSession(base); return ['ours', oursRow(await coldLoad(browser, s.hosted_url))]; },
      async () => { const s = await demoSession(fb); return ['floor', floorRow(await coldLoad(browser, floorUrl(fb, s)))]; },
    ];
    // BENCH_WWW_BEFORE: another build's page from its own server, in the same rotation (an A/B of two builds).
    if (before) runs.push(async () => { const s = await demoSession(before); return ['before', oursRow(await coldLoad(browser, s.hosted_url))]; });
    for (const run of roundOrder(runs, i)) {
      const [which, row] = await run();
      if (i >= warmup) rows[which].push(row);
    }
    if ((i + 1) % 5 === 0) log(`${label}: ${i + 1}/${warmup + n} pairs`);
  }
  const out = { n, warmup, ours: { runs: rows.ours, summary: summarize(rows.ours) }, floor: { runs: rows.floor, summary: summarize(rows.floor) } };
  if (before) out.before = { runs: rows.before, summary: summarize(rows.before) };
  return out;
}

