// Summary statistics (nearest-rank percentiles) and number formatting shared by the bench's parts.

/** Nearest-rank percentile `p` (0–100) of `xs` (unsorted); null for an empty list. */
export function percentile(xs, p) {
  const s = xs.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * s.length));
  return s[rank - 1];
}

/** `{n, median, p95, min, max}` of `xs`, rounded to 0.1. */
export function summary(xs) {
  const s = xs.filter((x) => typeof x === 'number' && Number.isFinite(x));
  const r = (x) => (x === null ? null : Math.round(x * 10) / 10);
  return {
    n: s.length,
    median: r(percentile(s, 50)),
    p95: r(percentile(s, 95)),
    min: r(s.length ? Math.min(...s) : null),
    max: r(s.length ? Math.max(...s) : null),
  };
}

/** Bytes as `12,345 B (12.1 KiB)`-style short text: KiB with one decimal. */
export const kib = (b) => (b === null || b === undefined ? '–' : `${(b / 1024).toFixed(1)} KiB`);
/** Milliseconds, no decimals. */
export const ms = (x) => (x === null || x === undefined ? '–' : `${Math.round(x)} ms`);
/** A ratio with two decimals and a ×. */
export const ratio = (a, b) => (a && b ? Math.round((a / b) * 100) / 100 : null);
export const times = (r) => (r === null || r === undefined ? '–' : `${r.toFixed(2)}×`);
