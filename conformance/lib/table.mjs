// The kit's table: step, expected, seen, verdict, plain text that fits a terminal.

const WIDTHS = { step: 34, expected: 38, seen: 70, verdict: 8 };

function wrap(text, width) {
  const words = String(text ?? '').split(/\s+/).filter(Boolean);
  const lines = [];
  let line = '';
  for (const w of words) {
    for (let piece = w; piece.length; ) {
      const room = width - (line ? line.length + 1 : 0);
      if (piece.length <= room) {
        line = line ? `${line} ${piece}` : piece;
        piece = '';
      } else if (line) {
        lines.push(line);
        line = '';
      } else {
        lines.push(piece.slice(0, width));
        piece = piece.slice(width);
      }
    }
  }
  if (line || !lines.length) lines.push(line);
  return lines;
}

/** Renders rows `{step, expected, seen, verdict, note?}` as a table. */
export function render(rows) {
  const cols = Object.keys(WIDTHS);
  const line = (cells) => `| ${cells.map((c, i) => c.padEnd(WIDTHS[cols[i]])).join(' | ')} |`;
  const rule = `+${cols.map((c) => '-'.repeat(WIDTHS[c] + 2)).join('+')}+`;
  const out = [rule, line(cols), rule];
  for (const r of rows) {
    const cells = cols.map((c) => wrap(c === 'seen' && r.note ? `${r.seen} (${r.note})` : r[c], WIDTHS[c]));
    const height = Math.max(...cells.map((c) => c.length));
    for (let i = 0; i < height; i++) out.push(line(cells.map((c) => c[i] || '')));
    out.push(rule);
  }
  return out.join('\n');
}

/** Counts of each verdict. */
export function counts(rows) {
  const c = { ok: 0, differs: 0, failed: 0, skipped: 0 };
  for (const r of rows) c[r.verdict] = (c[r.verdict] || 0) + 1;
  return c;
}
