// Klarna's SDK as one file: a copy of the bench's www/ snapshot in which the emulator's entry (/sandbox/klarna.js)
// is the whole emulator bundled into one module by esbuild, so time to Klarna can be measured with one download
// where the emulator has a graph of ~20 small modules (one round trip and one main-thread turn per level of
// imports). How Klarna ships its real SDK (one bundle or a graph of chunks) is not documented, so the bench
// measures both and says which is which.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { floorUrl, timeToKlarna } from './ttk.mjs';
import { slowTimeToKlarna } from './speed.mjs';
import { startServer } from './server.mjs';
import { ratio } from './stats.mjs';

/**
 * Copies `www` (with the floor already in it) and replaces the copy's `/sandbox/klarna.js` with the emulator
 * bundled and minified into one ES module. Answers `{www, bytes, remove()}`: the copy's path, the bundle's size,
 * and a function that deletes the copy.
 */
export function oneFileWww(www) {
  const dir = mkdtempSync(join(tmpdir(), 'khc-bench-one-file-'));
  const out = join(dir, 'www');
  cpSync(www, out, { recursive: true, dereference: true });
  const entry = join(out, 'sandbox/klarna.js');
  const built = buildSync({
    entryPoints: [join(www, 'sandbox/klarna.js')], bundle: true, minify: true, format: 'esm', target: 'es2022',
    outfile: entry, allowOverwrite: true, write: true, logLevel: 'warning', metafile: true,
  });
  // Precompressed copies of the graph's entry would be served instead of the bundle.
  for (const ext of ['.br', '.gz']) rmSync(`${entry}${ext}`, { force: true });
  const bytes = Object.values(built.metafile.outputs)[0]?.bytes ?? null;
  return { www: out, bytes, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Time to Klarna, ours and the floor interleaved (as `timeToKlarna`), on a server of its own that serves the
 * one-file copy of `www`; with `slowN`, also `slowN` pairs under Slow 4G and 4× CPU (as `slowTimeToKlarna`, in
 * `slow`). Answers the same figures plus `sdkBytes` (the bundle, raw) and `ratio` (medians).
 */
export async function timeToKlarnaOneFile(browser, { root, bin, www, n, warmup, slowN = 0, log }) {
  const copy = oneFileWww(www);
  const server = await startServer({ root, bin, wwwDir: copy.www, label: 'one-file' });
  try {
    const t = await timeToKlarna(browser, server.base, { n, warmup, label: 'time to Klarna, SDK as one file', log });
    t.sdkBytes = copy.bytes;
    t.ratio = ratio(t.ours.summary.button.median, t.floor.summary.button.median);
    if (slowN) t.slow = await slowTimeToKlarna(browser, server.base, { n: slowN, warmup: 1, floorUrl, log });
    return t;
  } finally {
    await server.stop();
    copy.remove();
  }
}
