// Publishes the hosted page's build: bundles the boot script with the
// wasm-bindgen glue, drops the module exports that bundle never calls, gives
// every asset a content-hashed name (served with `Cache-Control: immutable`),
// fills the page shell and the boot script with those names and their
// Subresource-Integrity hashes, and writes www/sri.json with the integrity of
// checkout.js, osm.js, checkout.js's on-demand parts and every hosted-page asset
// (the README shows how to use it).
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { build } from 'esbuild';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';
import { readFileSync, writeFileSync, readdirSync, statSync, copyFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const www = fileURLToPath(new URL('../www/', import.meta.url));
const pkg = join(www, 'pkg');
const sri = (buf) => 'sha384-' + createHash('sha384').update(buf).digest('base64');
const short = (buf) => createHash('sha256').update(buf).digest('hex').slice(0, 12);

function hashed(path, ext) {
  const buf = readFileSync(path);
  const base = path.slice(0, -ext.length);
  const out = `${base}.${short(buf)}${ext}`;
  copyFileSync(path, out);
  return { file: out, url: '/' + relative(www, out), integrity: sri(buf) };
}

function walk(dir) {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

// Earlier hashed copies go first, so the directory holds one build.
for (const f of walk(pkg)) if (/\.[0-9a-f]{12}\.(js|wasm|css)(\.br|\.gz)?$/.test(f)) rmSync(f);

// The glue, bundled into the boot script (one module instead of three, minified, tree-shaken). wasm-bindgen
// writes a class for every exported Rust type, including wasm-streams' stream adapters that Leptos' server
// functions link in and this page never uses; two kinds of top-level statement would keep them: the
// `Symbol.dispose` aliases (only for `using` declarations, which nothing here writes) and the
// FinalizationRegistry constructors, which are marked pure so that an unused class's registry goes with it.
const gluePath = join(pkg, 'klarna_hosted_checkout.js');
writeFileSync(gluePath, readFileSync(gluePath, 'utf8')
  .replace(/^if \(Symbol\.dispose\) .*$/gm, '')
  .replaceAll('new FinalizationRegistry', '/* @__PURE__ */ new FinalizationRegistry'));
const bundled = await build({
  entryPoints: [join(www, 'hpp.src.js')], bundle: true, minify: true, format: 'esm', target: 'es2022',
  write: false, logLevel: 'warning', legalComments: 'none',
});
let bootCode = bundled.outputFiles[0].text;

// The module's exports that the bundle never names (the stream adapters' methods, wasm-bindgen helpers the
// glue doesn't call) are removed with binaryen's wasm-metadce, and the code only they reached goes with them.
// wasm-metadce is made for this: a module's exports are roots that wasm-opt alone must keep.
const binaryen = (tool) => fileURLToPath(new URL(`../node_modules/.bin/${tool}`, import.meta.url));
const FEATURES = ['--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-reference-types',
  '--enable-sign-ext', '--enable-mutable-globals', '--enable-multivalue'];
const wasmPath = join(pkg, 'klarna_hosted_checkout_bg.wasm');
const exportNames = WebAssembly.Module.exports(new WebAssembly.Module(readFileSync(wasmPath))).map((e) => e.name);
const named = (n) => new RegExp(`(^|[^\\w$])${n.replace(/\$/g, '\\$')}($|[^\\w$])`).test(bootCode);
const used = exportNames.filter(named);
if (!used.includes('memory') || !used.includes('mountHosted')) throw new Error('publish: the bundle names neither memory nor mountHosted');
const graphPath = join(pkg, 'exports.graph.json');
writeFileSync(graphPath, JSON.stringify([
  { name: 'js', root: true, reaches: used.map((n) => `export:${n}`) },
  ...exportNames.map((n) => ({ name: `export:${n}`, export: n })),
]));
execFileSync(binaryen('wasm-metadce'), ['-f', graphPath, wasmPath, '-o', wasmPath, ...FEATURES], { stdio: ['ignore', 'ignore', 'inherit'] });
rmSync(graphPath);
const dropped = exportNames.filter((n) => !used.includes(n));
console.log(`publish: ${dropped.length} unused module exports removed (${dropped.filter((n) => /intounderlying/.test(n)).length} of wasm-streams' adapters)`);

// wasm-bindgen names each import after its JavaScript function plus a 16-digit hash, in a module named after
// the glue file, and some exports after whole Rust type paths: about 11 KB of names, written once in the module
// and once in the glue, the hashes incompressible. binaryen renames them to one or two letters and prints the
// old → new map, which is applied to the bundle: import names and export names are unique tokens there; the
// two short export names (`memory`, `mountHosted`) are only ever read as properties of the exports object.
const minified = execFileSync(binaryen('wasm-opt'), [...FEATURES, '--minify-imports-and-exports-and-modules', wasmPath, '-o', wasmPath],
  { encoding: 'utf8', maxBuffer: 1 << 24 });
const names = JSON.parse(minified.slice(minified.indexOf('{')));
const moduleNames = new Set(WebAssembly.Module.imports(new WebAssembly.Module(readFileSync(wasmPath))).map((i) => i.module));
const oldModules = new Set(names.imports.map(([m]) => m));
if (moduleNames.size !== 1 || oldModules.size !== 1) throw new Error(`publish: expected one import module, got ${[...oldModules]} → ${[...moduleNames]}`);
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const token = (s) => new RegExp(`(?<![\\w$])${escape(s)}(?![\\w$])`, 'g');
const [oldModule] = oldModules;
const [newModule] = moduleNames;
const moduleKey = new RegExp(`(["'])${escape(oldModule)}\\1`, 'g');
if (!moduleKey.test(bootCode)) throw new Error(`publish: the bundle never names the import module ${oldModule}`);
// Replacements are functions: binaryen's names may hold `$`, which a replacement string would read as a pattern.
bootCode = bootCode.replace(moduleKey, () => JSON.stringify(newModule));
const rename = (kind, pattern, to) => {
  if (!pattern.test(bootCode)) throw new Error(`publish: the bundle never names the ${kind} ${pattern.source}`);
  bootCode = bootCode.replace(pattern, () => to);
};
for (const [, from, to] of names.imports) rename('import', token(from), to);
for (const [from, to] of names.exports) {
  if (/^[A-Za-z]+$/.test(from)) rename('export', new RegExp(`\\.${from}(?![\\w$])`, 'g'), `.${to}`);
  else rename('export', token(from), to);
}
console.log(`publish: ${names.imports.length} imports and ${names.exports.length} exports renamed to short names`);

// A last size pass over what the steps above left (each measured on this module, brotli):
// - `--low-memory-unused`: addresses below 1024 hold nothing (Rust's wasm target puts its 1 MiB stack first, growing
//   down towards 0), so constant offsets fold into loads and stores (−0.4 kB);
// - `--flatten --rereloop` rebuilds the control flow before shrinking again (−0.5 kB);
// - `--converge` repeats until nothing changes; the producers and target-features sections only tools read (−0.7 kB
//   with the converging -Oz).
execFileSync(binaryen('wasm-opt'), ['--low-memory-unused', '-Oz', '--flatten', '--rereloop', '-Oz', '-Oz', '--converge',
  '--strip-debug', '--strip-producers', '--strip-target-features', ...FEATURES, wasmPath, '-o', wasmPath], { stdio: 'inherit' });

const wasm = hashed(wasmPath, '.wasm');
const css = readFileSync(join(www, 'styles', 'checkout.css'));
const cssFile = join(pkg, `checkout.${short(css)}.css`);
writeFileSync(cssFile, css);
const style = { url: '/' + relative(www, cssFile), integrity: sri(css) };

const boot = bootCode.replace('{{WASM}}', wasm.url).replace('{{WASM_SRI}}', wasm.integrity);
const bootFile = join(pkg, `hpp.${short(Buffer.from(boot))}.js`);
writeFileSync(bootFile, boot);
const hpp = { url: '/' + relative(www, bootFile), integrity: sri(Buffer.from(boot)) };

// The wasm is fetched by the boot script with the same mode and integrity: start it at once.
const preloads = `  <link rel="preload" href="${wasm.url}" as="fetch" type="application/wasm" crossorigin integrity="${wasm.integrity}">`;
const html = readFileSync(join(www, 'hpp.src.html'), 'utf8')
  .replace('{{CSS}}', style.url).replace('{{CSS_SRI}}', style.integrity)
  .replace('{{PRELOADS}}', preloads)
  .replace('{{HPP_JS}}', hpp.url).replace('{{HPP_SRI}}', hpp.integrity);
// The source's comments are for readers of the repository, not for shoppers.
writeFileSync(join(www, 'hpp.html'), html.replace(/[ \t]*<!--[\s\S]*?-->\n?/g, ''));

// The page loads only the hashed copies (the glue and its snippets are inside the boot script).
rmSync(wasmPath);
rmSync(gluePath);
rmSync(join(pkg, 'snippets'), { recursive: true, force: true });

// Compressed once here (brotli -q 11, gzip -9), served as they are by the server.
const parts = join(www, 'parts');
const partFiles = walk(parts).filter((f) => f.endsWith('.js'));
const compressible = [...walk(pkg).filter((f) => /\.(js|wasm|css)$/.test(f)), join(www, 'checkout.js'), join(www, 'osm.js'), ...partFiles];
for (const f of compressible) {
  const buf = readFileSync(f);
  writeFileSync(f + '.br', brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: buf.length } }));
  writeFileSync(f + '.gz', gzipSync(buf, { level: 9 }));
}

const manifest = {
  'checkout.js': sri(readFileSync(join(www, 'checkout.js'))),
  'osm.js': sri(readFileSync(join(www, 'osm.js'))),
  hosted_page: Object.fromEntries([hpp, style, wasm].map((a) => [a.url, a.integrity])),
  // checkout.js's on-demand parts (express, sign-in, the element), by their content-hashed URLs.
  parts: Object.fromEntries(partFiles.map((f) => ['/' + relative(www, f), sri(readFileSync(f))])),
};
writeFileSync(join(www, 'sri.json'), JSON.stringify(manifest, null, 2) + '\n');
console.log(`publish: ${Object.keys(manifest.hosted_page).length} hosted-page assets hashed; checkout.js ${manifest['checkout.js']}`);
