// Renders bench/results.json as BENCHMARKS.md and as the console table.
import { instancesSection } from './instances.mjs';
import { speedHeadline, speedSection } from './report-speed.mjs';
import { cpuSection } from './report-cpu.mjs';
import { kB, at50, MB, signedKB, ms, x2, spread, table } from './report-format.mjs';
import { METHOD, notes } from './report-notes.mjs';
import {
  sizeSection, ttkSection, memorySection, serverSection, scalingSection, machineSection,
} from './report-sections.mjs';

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

export function renderMarkdown(r) {
  return `# Benchmarks

Written by \`npm run bench\` (bench/bench.mjs) on ${r.machine.date}; do not edit by hand. Issues 6 and 15 ask for these figures.
Sizes in bytes, or kB = 1000 bytes.

${headline(r)}

${machineSection(r)}
${sizeSection(r)}
${ttkSection(r)}
${speedSection(r)}
${cpuSection(r)}
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
