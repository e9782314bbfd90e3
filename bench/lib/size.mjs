// Sizes: what a shopper downloads for the hosted page (the responses Chromium got from our origin, without the
// Klarna SDK emulator and the API answers), checkout.js, and Adyen Web's core + Klarna bundled with esbuild.
// Every figure is the raw body, `gzip -9` and `brotli -q 11` of it (Debian's gzip and brotli CLIs).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** `{raw, gzip, brotli}` byte counts of `buf`. */
export function compressed(buf) {
  const dir = mkdtempSync(join(tmpdir(), 'khc-size-'));
  try {
    const f = join(dir, 'x');
    writeFileSync(f, buf);
    return {
      raw: buf.length,
      gzip: execFileSync('gzip', ['-9', '-n', '-c', f], { maxBuffer: 1 << 28 }).length,
      brotli: execFileSync('brotli', ['-q', '11', '-c', f], { maxBuffer: 1 << 28 }).length,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const sum = (rows) => rows.reduce((t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli }),
  { raw: 0, gzip: 0, brotli: 0 });

/**
 * The hosted page's assets as loaded by Chromium (`responses` of one cold load with bodies), grouped:
 * `assets` (counted), `emulator` (/sandbox/*, Klarna's stand-in: not counted), `api` (/v1/*: per-session data).
 * `notLoaded`: files in www/pkg that the page did not fetch (lazy chunks would show up here).
 */
export function hostedPageSizes(www, base, responses) {
  const ours = responses.filter((r) => r.url.startsWith(base + '/') && r.body);
  const row = (r) => {
    const path = new URL(r.url).pathname;
    return { path: path.replace(/\/hpp\/hcs_[0-9a-f]+$/, '/hpp/{id}'), type: r.type, wire: r.encoding, ...compressed(r.body) };
  };
  const assets = ours.filter((r) => !new URL(r.url).pathname.startsWith('/sandbox/') && !new URL(r.url).pathname.startsWith('/v1/')).map(row);
  const emulator = ours.filter((r) => new URL(r.url).pathname.startsWith('/sandbox/')).map(row);
  const api = ours.filter((r) => new URL(r.url).pathname.startsWith('/v1/')).map((r) => {
    const x = row(r);
    return { ...x, path: x.path.replace(/hcs_[0-9a-f]+/, '{id}') };
  });
  const loaded = new Set(assets.map((a) => a.path));
  // The current build's files (www/pkg keeps the last three builds; scripts/publish-assets.mjs lists them), without
  // compressed copies and without the merchant-side scripts and parts, which the hosted page never loads.
  const builds = JSON.parse(readFileSync(join(www, 'pkg', 'builds.json'), 'utf8'));
  const notLoaded = builds[builds.length - 1].files
    .filter((f) => !/\.(br|gz)$/.test(f) && !/^(checkout\.[0-9a-f]{12}\.js|(osm|element|express|signin|features)\..*)$/.test(f))
    .map((f) => '/pkg/' + f)
    .filter((p) => !loaded.has(p));
  return { assets, total: sum(assets), emulator, emulatorTotal: sum(emulator), api, notLoaded };
}

/** checkout.js as built (`www` is the served copy of www/). */
export function checkoutJsSize(www) {
  return compressed(readFileSync(join(www, 'checkout.js')));
}

/**
 * Adyen Web from the npm package: esbuild bundles (minified, ESM, browser platform) of bench/adyen/klarna.js
 * (core + Klarna) and bench/adyen/core.js (core alone), and its CSS as shipped and minified by esbuild.
 */
export function adyenSizes(root) {
  const pkg = JSON.parse(readFileSync(join(root, 'node_modules/@adyen/adyen-web/package.json'), 'utf8'));
  const esbuild = join(root, 'node_modules/.bin/esbuild');
  const out = mkdtempSync(join(tmpdir(), 'khc-adyen-'));
  try {
    const bundle = (entry) => {
      const file = join(out, entry.replace(/\W/g, '_') + '.js');
      execFileSync(esbuild, [join(root, entry), '--bundle', '--minify', '--format=esm', '--platform=browser',
        `--outfile=${file}`, '--log-level=error'], { cwd: root });
      return compressed(readFileSync(file));
    };
    const exportsOf = (entry) => readFileSync(join(root, entry), 'utf8').match(/import \{([^}]+)\}/)[1].trim();
    const cssPath = join(root, 'node_modules/@adyen/adyen-web/dist/es/adyen.css');
    const cssMin = join(out, 'adyen.min.css');
    execFileSync(esbuild, [cssPath, '--minify', `--outfile=${cssMin}`, '--log-level=error'], { cwd: root });
    let available = null;
    try {
      // What the installed version exports (the entries above import `AdyenCheckout` and `Klarna` by name).
      available = Object.keys(JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e',
        "import * as m from '@adyen/adyen-web'; console.log(JSON.stringify(Object.fromEntries(Object.keys(m).map(k => [k, 1]))))"],
      { cwd: root, encoding: 'utf8', env: { ...process.env, NODE_NO_WARNINGS: '1' } }).trim().split('\n').pop()));
    } catch { /* the package may not load under Node; the bundle below still shows whether the names exist */ }
    return {
      version: pkg.version,
      exportsAvailable: available && available.length,
      hasKlarnaExport: available && available.includes('Klarna'),
      coreKlarna: { entry: 'bench/adyen/klarna.js', imports: exportsOf('bench/adyen/klarna.js'), ...bundle('bench/adyen/klarna.js') },
      core: { entry: 'bench/adyen/core.js', imports: exportsOf('bench/adyen/core.js'), ...bundle('bench/adyen/core.js') },
      css: compressed(readFileSync(cssPath)),
      cssMinified: compressed(readFileSync(cssMin)),
    };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
