// Renders the main-thread profile part of bench/results.json (bench/lib/cpu.mjs) for BENCHMARKS.md.
import { CATEGORIES } from './cpu.mjs';
import { table } from './report-format.mjs';

const msOf = (s) => (s?.median === null || s?.median === undefined ? '–' : `${s.median.toFixed(1)} ms`);
const diff = (a, b) => {
  if (typeof a?.median !== 'number' || typeof b?.median !== 'number') return '–';
  const d = a.median - b.median;
  return `${d >= 0 ? '+' : '−'}${Math.abs(d).toFixed(1)} ms`;
};

/** Section 2b: busy main-thread time before Klarna's button by what ran, ours against the floor. */
export function cpuSection(r) {
  const c = r.cpu;
  if (!c) return '';
  const t = r.ttk?.ours?.summary?.button?.median;
  const f = r.ttk?.floor?.summary?.button?.median;
  const gap = t && f ? `${Math.round(t - f)} ms` : '–';
  return `## 2b. The main thread before Klarna's button (issue 15)

${c.n} pairs of cold loads (after ${c.warmup} uncounted), ours and the floor interleaved, each with V8's sampling CPU profiler
(DevTools protocol \`Profiler\`, a sample every ${c.intervalUs} µs) from before the navigation until the frame after Klarna's button
(bench/lib/cpu.mjs); a separate set of loads, so the profiler's cost stays out of section 2. Self time of the samples,
summed by what ran; medians per load (each row is its own median, so the rows need not add up to the total). Not
counted: idle time and V8's "(program)" bucket, the browser's own work outside JavaScript (parsing, style, layout, paint).

${table(['main thread running', 'ours', 'floor', 'ours − floor'], [
    ...CATEGORIES.map(([k, label]) => [label, msOf(c.ours[k]), msOf(c.floor[k]), diff(c.ours[k], c.floor[k])]),
    ['**in all**', `**${msOf(c.ours.total)}**`, `**${msOf(c.floor.total)}**`, `**${diff(c.ours.total, c.floor.total)}**`],
  ])}

Both pages wait for the same network (the config, then Klarna's module graph, one round trip per level of imports,
whose next level is asked for only when the main thread has compiled the last). Our page's own work (the module's
instantiation and first render, the glue's calls into the browser) runs on the same main thread while that graph loads and
delays it: section 2's gap to the floor (${gap}, median) is of the size of the extra busy time above. Klarna's button can come
sooner only with less of that work before it; starting Klarna earlier again does not help (step by step, below).
`;
}
