// Issue 15's second code-splitting spike: how small can the first load's module get if it holds only the functions
// that actually run before Klarna's button is interactive (or before the confirmation of a paid session)? Binaryen's
// `wasm-split` does a profile-guided split: `--instrument` adds a counter per function, the page is loaded in
// Chromium with that module, `__write_profile` writes which functions ran, and `--split --profile` moves every
// function that never ran into a secondary module. The primary module's size is the floor of any function-level
// split of today's module, whatever tool does it (Leptos' `#[lazy]`, wasm-split, a second module).
//
// Not part of `npm run bench`: it needs Debian's `binaryen` package (`apt-get install binaryen`, for `wasm-split`;
// npm's binaryen does not ship it) and the last build (`bash scripts/build.sh`, `cargo build --release -p
// checkout-server`). Usage: `node bench/spikes/split-profile.mjs [button|pay] [runs]`. It serves a copy of www/
// with the instrumented module (its SRI fixed up) from the release server, and prints the sizes.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants } from 'node:zlib';
import { startServer, demoSession } from '../lib/server.mjs';
import { launch, INIT_SCRIPT, waitForKlarna } from '../lib/browser.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const mode = process.argv[2] ?? 'button';
const runs = Number(process.argv[3] ?? 3);
if (!['button', 'pay'].includes(mode) || !(runs > 0)) throw new Error('usage: split-profile.mjs [button|pay] [runs]');
const tmp = mkdtempSync(join(tmpdir(), 'khc-split-'));
const www = join(tmp, 'www');
cpSync(join(root, 'www'), www, { recursive: true });
const FEATURES = ['--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-reference-types',
  '--enable-sign-ext', '--enable-mutable-globals', '--enable-multivalue'];
const npmTool = (t) => join(root, 'node_modules/.bin', t);
const sri = (b) => 'sha384-' + createHash('sha384').update(b).digest('base64');
const brotli = (b) => brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

// The instrumented module in place of the published one; the boot script and the document name its new SRI.
const hosted = JSON.parse(readFileSync(join(www, 'sri.json'), 'utf8')).hosted_page;
const wasmUrl = Object.keys(hosted).find((u) => u.endsWith('.wasm'));
const bootUrl = Object.keys(hosted).find((u) => u.endsWith('.js'));
const published = join(root, 'www', wasmUrl);
const instrumented = join(tmp, 'instrumented.wasm');
execFileSync('wasm-split', ['--instrument', ...FEATURES, published, '-o', instrumented]);
// Debian's binaryen (108) exports the first table (funcref) under the name of the externref table the glue
// grows: point the export back at the second table, through the text format of npm's newer binaryen.
const table = WebAssembly.Module.exports(new WebAssembly.Module(readFileSync(published))).find((e) => e.kind === 'table').name;
execFileSync(npmTool('wasm-dis'), [...FEATURES, instrumented, '-o', `${instrumented}.wat`]);
const wat = readFileSync(`${instrumented}.wat`, 'utf8');
writeFileSync(`${instrumented}.wat`, wat.replace(`(export "${table}" (table $0))`, `(export "${table}" (table $1))`));
execFileSync(npmTool('wasm-as'), [...FEATURES, `${instrumented}.wat`, '-o', instrumented]);
const module = readFileSync(instrumented);
writeFileSync(join(www, wasmUrl), module);
const boot = readFileSync(join(www, bootUrl), 'utf8').replace(hosted[wasmUrl], sri(module));
writeFileSync(join(www, bootUrl), boot);
for (const f of [wasmUrl, bootUrl]) for (const ext of ['.br', '.gz']) rmSync(join(www, f + ext), { force: true });
for (const f of ['sri.json', 'hpp.html']) {
  const text = readFileSync(join(www, f), 'utf8');
  writeFileSync(join(www, f), text.replaceAll(hosted[wasmUrl], sri(module)).replaceAll(hosted[bootUrl], sri(Buffer.from(boot))));
}

/** Keeps the page's wasm instance, to call the instrumentation's `__write_profile` on it. */
const KEEP_INSTANCE = () => {
  const Instance = WebAssembly.Instance;
  WebAssembly.Instance = function (m, imports) { return (window.__splitInstance = new Instance(m, imports)); };
  WebAssembly.Instance.prototype = Instance.prototype;
};
const WRITE_PROFILE = () => {
  const e = window.__splitInstance.exports;
  const memory = Object.values(e).find((v) => v instanceof WebAssembly.Memory);
  const at = memory.grow(1) * 65536;
  const n = e.__write_profile(at, 65536);
  return Array.from(new Uint8Array(memory.buffer, at, n));
};

const server = await startServer({ root, bin: join(root, 'target/release/checkout-server'), wwwDir: www });
const browser = await launch();
try {
  const profiles = [];
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext({ viewport: { width: 480, height: 800 } });
    const page = await context.newPage();
    await page.addInitScript(INIT_SCRIPT);
    await page.addInitScript(KEEP_INSTANCE);
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // `pay`: the step-up persona, paid through the emulator's journey to the confirmation view.
    const s = await demoSession(server.base, mode === 'pay' ? { persona: 'stepup' } : {});
    await page.goto(s.hosted_url);
    await waitForKlarna(page.mainFrame(), 15_000, errors);
    if (mode === 'pay') {
      await page.getByTestId('klarna-payment-button').click();
      await page.getByTestId('klarna-journey-confirm').click();
      await page.getByTestId('confirmation').waitFor({ timeout: 15_000 });
    }
    const profile = join(tmp, `run${i}.profile`);
    writeFileSync(profile, Buffer.from(await page.evaluate(WRITE_PROFILE)));
    profiles.push(profile);
    if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
    await context.close();
  }
  const merged = join(tmp, 'merged.profile');
  execFileSync('wasm-split', ['--merge-profiles', ...profiles, '-o', merged]);
  // The profile: an 8-byte module hash, then one 4-byte first-call counter per function (0: never ran).
  const p = readFileSync(merged);
  let ran = 0;
  for (let o = 8; o < p.length; o += 4) if (p.readUInt32LE(o)) ran++;
  const primary = join(tmp, 'primary.wasm');
  const secondary = join(tmp, 'secondary.wasm');
  execFileSync('wasm-split', ['--split', ...FEATURES, published, '--profile', merged, '-o1', primary, '-o2', secondary]);
  for (const f of [primary, secondary]) execFileSync(npmTool('wasm-opt'), [...FEATURES, '-Oz', f, '-o', f]);
  const size = (f) => { const b = readFileSync(f); return `${b.length} B raw, ${brotli(b)} B brotli`; };
  console.log(`profile to ${mode === 'pay' ? 'the confirmation' : "Klarna's button"}, ${runs} loads: ${ran} of ${(p.length - 8) / 4} functions ran`);
  console.log(`published module: ${size(published)}`);
  console.log(`primary (what ran): ${size(primary)}`);
  console.log(`secondary (the rest): ${size(secondary)}`);
} finally {
  await browser.close();
  await server.stop();
  rmSync(tmp, { recursive: true, force: true });
}
