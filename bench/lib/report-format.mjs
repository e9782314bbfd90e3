// Formatting shared by the BENCHMARKS.md renderers (bench/lib/report*.mjs): sizes, times, ratios, spreads and
// Markdown tables; '–' for a figure that is missing.

export const kB = (b) => (b === null || b === undefined ? '–' : `${(b / 1000).toFixed(1)} kB`);
/** The reading after 50 updates (the figure), or the last one. */
export const at50 = (m) => m.points.find((p) => p.after === 50) ?? m.points.at(-1);
export const MB = (b) => (b === null || b === undefined ? '–' : `${(b / 1e6).toFixed(2)} MB`);
export const signedKB = (b) => (b === null || b === undefined ? '–' : `${b >= 0 ? '+' : '−'}${(Math.abs(b) / 1000).toFixed(1)} kB`);
export const ms = (x) => (x === null || x === undefined ? '–' : `${Math.round(x)} ms`);
export const x2 = (r) => (r === null || r === undefined ? '–' : `${r.toFixed(2)}×`);
export const spread = (s) => (s && s.n ? `${ms(s.median)} | ${ms(s.p95)} | ${Math.round(s.min)}–${Math.round(s.max)} ms` : '– | – | –');

/** A Markdown table. */
export function table(head, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}
