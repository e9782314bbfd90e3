// Publishes the hosted page's build: bundles the boot script with the
// wasm-bindgen glue, drops the module exports that bundle never calls, gives
// every asset a content-hashed name (served with `Cache-Control: immutable`),
// fills the page shell and the boot script with those names and their
// Subresource-Integrity hashes, and writes www/sri.json with the integrity of
// checkout.js, osm.js and every hosted-page asset (the README shows how to use it).
// checkout.js and osm.js get versioned copies too (www/pkg/checkout.<hash>.js,
// www/pkg/osm.<hash>.js, immutable, served with CORS), and checkout.js carries
// osm.js's versioned name and integrity, so it loads it with SRI.
// It reads the build from the staging directory target/hpp-pkg (wasm-pack's and
// esbuild's output) and never deletes a file a running server may serve: the hashed
// files of the last three builds stay (www/pkg/builds.json lists them), and
// hpp.html, checkout.js and sri.json are each replaced in one rename.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { build, transform } from 'esbuild';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';
import { readFileSync, writeFileSync, readdirSync, statSync, rmSync, renameSync, existsSync, mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const www = fileURLToPath(new URL('../www/', import.meta.url));
const pkg = join(www, 'pkg');
const stage = fileURLToPath(new URL('../target/hpp-pkg/', import.meta.url));
mkdirSync(pkg, { recursive: true });
/** Writes `path` in one rename, so a server reading it never sees half a file. */
const writeAtomic = (path, data) => {
  writeFileSync(path + '.tmp', data);
  renameSync(path + '.tmp', path);
};
/** This build's files under www/pkg (compressed copies and builds.json follow them). */
const written = [];
const sri = (buf) => 'sha384-' + createHash('sha384').update(buf).digest('base64');
const short = (buf) => createHash('sha256').update(buf).digest('hex').slice(0, 12);

/** Copies `path` to www/pkg as `<name>.<hash><ext>` (`name`: the file's own, unless given). */
function hashed(path, ext, name = path.split('/').pop().slice(0, -ext.length)) {
  const buf = readFileSync(path);
  const out = join(pkg, `${name}.${short(buf)}${ext}`);
  writeAtomic(out, buf);
  written.push(out);
  return { file: out, url: '/' + relative(www, out), integrity: sri(buf) };
}

// The glue, bundled into the boot script (one module instead of three, minified, tree-shaken). wasm-bindgen
// writes a class for every exported Rust type, including wasm-streams' stream adapters that Leptos' server
// functions link in and this page never uses; two kinds of top-level statement would keep them: the
// `Symbol.dispose` aliases (only for `using` declarations, which nothing here writes) and the
// FinalizationRegistry constructors, which are marked pure so that an unused class's registry goes with it.
const gluePath = join(stage, 'klarna_hosted_checkout.js');
writeFileSync(gluePath, readFileSync(gluePath, 'utf8')
  .replace(/^if \(Symbol\.dispose\) .*$/gm, '')
  .replaceAll('new FinalizationRegistry', '/* @__PURE__ */ new FinalizationRegistry'));
// hpp.src.js imports './pkg/klarna_hosted_checkout.js'; the glue is in the staging directory.
const fromStage = {
  name: 'glue-from-stage',
  setup(b) {
    b.onResolve({ filter: /^\.\/pkg\/klarna_hosted_checkout\.js$/ }, () => ({ path: gluePath }));
  },
};
const bundled = await build({
  entryPoints: [join(www, 'hpp.src.js')], bundle: true, minify: true, format: 'esm', target: 'es2022',
  write: false, logLevel: 'warning', legalComments: 'none', plugins: [fromStage],
});
let bootCode = bundled.outputFiles[0].text;

// The module's exports that the bundle never names (the stream adapters' methods, wasm-bindgen helpers the
// glue doesn't call) are removed with binaryen's wasm-metadce, and the code only they reached goes with them.
// wasm-metadce is made for this: a module's exports are roots that wasm-opt alone must keep.
const binaryen = (tool) => fileURLToPath(new URL(`../node_modules/.bin/${tool}`, import.meta.url));
const FEATURES = ['--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-reference-types',
  '--enable-sign-ext', '--enable-mutable-globals', '--enable-multivalue'];
// Worked on in a copy, so the staged build can be published again.
const wasmPath = join(stage, 'published.wasm');
writeFileSync(wasmPath, readFileSync(join(stage, 'klarna_hosted_checkout_bg.wasm')));
const exportNames = WebAssembly.Module.exports(new WebAssembly.Module(readFileSync(wasmPath))).map((e) => e.name);
const named = (n) => new RegExp(`(^|[^\\w$])${n.replace(/\$/g, '\\$')}($|[^\\w$])`).test(bootCode);
const used = exportNames.filter(named);
if (!used.includes('memory') || !used.includes('mountHosted')) throw new Error('publish: the bundle names neither memory nor mountHosted');
const graphPath = join(stage, 'exports.graph.json');
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
// - `--flatten --rereloop` rebuilds the control flow before shrinking again (−0.5 kB; a second round after the
//   first's -Oz another −0.2 kB, a third gives nothing back);
// - `--converge` repeats until nothing changes; the producers and target-features sections only tools read (−0.7 kB
//   with the converging -Oz).
execFileSync(binaryen('wasm-opt'), ['--low-memory-unused', '-Oz', '--flatten', '--rereloop', '-Oz', '-Oz', '--flatten', '--rereloop', '-Oz', '-Oz', '--converge',
  '--strip-debug', '--strip-producers', '--strip-target-features', ...FEATURES, wasmPath, '-o', wasmPath], { stdio: 'inherit' });

const wasm = hashed(wasmPath, '.wasm', 'klarna_hosted_checkout_bg');
const css = readFileSync(join(www, 'styles', 'checkout.css'));
const cssFile = join(pkg, `checkout.${short(css)}.css`);
writeAtomic(cssFile, css);
written.push(cssFile);
const style = { url: '/' + relative(www, cssFile), integrity: sri(css) };

const boot = bootCode.replace('{{WASM}}', wasm.url).replace('{{WASM_SRI}}', wasm.integrity);
const bootFile = join(pkg, `hpp.${short(Buffer.from(boot))}.js`);
writeAtomic(bootFile, boot);
written.push(bootFile);
const hpp = { url: '/' + relative(www, bootFile), integrity: sri(Buffer.from(boot)) };

// The wasm is fetched by the boot script with the same mode and integrity: start it at once.
const preloads = `  <link rel="preload" href="${wasm.url}" as="fetch" type="application/wasm" crossorigin integrity="${wasm.integrity}">`;
// The first script (www/early.src.js), inline in the document's <head>: minified into an IIFE (its names stay its
// own). The server allows it in the page's CSP by its SHA-256 (server/src/csp.rs), so it must be the exact text
// between the tags; `</script` or `<!--` inside would end it early or be taken for a comment below.
const early = (await transform(readFileSync(join(www, 'early.src.js'), 'utf8'),
  { minify: true, format: 'iife', target: 'es2022', legalComments: 'none' })).code.trim();
if (/<\/script|<!--/i.test(early)) throw new Error('publish: the inline script holds </script or <!--');
const html = readFileSync(join(www, 'hpp.src.html'), 'utf8')
  .replace('{{EARLY_JS}}', () => early)
  .replace('{{CSS}}', style.url).replace('{{CSS_SRI}}', style.integrity)
  .replace('{{PRELOADS}}', preloads)
  .replace('{{HPP_JS}}', hpp.url).replace('{{HPP_SRI}}', hpp.integrity);
// The source's comments are for readers of the repository, not for shoppers.

// The merchant-side scripts. checkout.js (bundled by esbuild into the staging directory) names one on-demand
// part, js/features.js, which loads each feature a page uses from its own part: osm.js (a plain module), the
// custom element, Klarna's express button and Sign in with Klarna (bundled here). Each part is published as
// `<name>.<base64url SHA-256>.js`; the placeholders `__KHC_PART_<name>__` (in features.js for the features, in
// checkout.js for features.js) get those names, and the loaders derive each part's integrity from the name (one
// string per part, not two). checkout.js itself gets an immutable versioned copy (`checkout.<hash>.js`) beside
// the hosted page's assets; /checkout.js and /osm.js stay as short-cached aliases of the same bytes.
const b64url = (buf) => createHash('sha256').update(buf).digest('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const bundlePart = async (entry) => {
  const r = await build({
    entryPoints: [fileURLToPath(new URL(`../js/${entry}`, import.meta.url))], bundle: true, minify: true,
    format: 'esm', target: 'es2020', write: false, logLevel: 'warning', legalComments: 'none',
  });
  return r.outputFiles[0].text;
};
const partUrls = {};
/** Fills the part placeholders of `source` with the published names. */
const fill = (source, where) => {
  for (const [name, p] of Object.entries(partUrls)) source = source.replace(`__KHC_PART_${name}__`, p.url.split('/').pop());
  const left = source.match(/__KHC_PART_\w+__/);
  if (left) throw new Error(`publish: ${where} names a part this build lacks: ${left[0]}`);
  return source;
};
const publishPart = (name, buf) => {
  const file = join(pkg, `${name}.${b64url(buf)}.js`);
  writeAtomic(file, buf);
  written.push(file);
  partUrls[name] = { url: '/' + relative(www, file), integrity: sri(buf) };
};
publishPart('osm', readFileSync(join(www, 'osm.js')));
publishPart('element', Buffer.from(await bundlePart('element.js')));
publishPart('express', Buffer.from(await bundlePart('parts/express.js')));
publishPart('signin', Buffer.from(await bundlePart('parts/signin.js')));
publishPart('features', Buffer.from(fill(await bundlePart('features.js'), 'features.js')));
const parts = { osm: readFileSync(join(www, 'osm.js')) };
const loaderSource = fill(readFileSync(join(stage, 'checkout.js'), 'utf8'), 'checkout.js');
const loader = Buffer.from(loaderSource);
writeAtomic(join(stage, 'checkout.published.js'), loader);
const checkout = hashed(join(stage, 'checkout.published.js'), '.js', 'checkout');

// Compressed once here (brotli -q 11, gzip -9), served as they are by the server.
const compress = (f) => {
  const buf = readFileSync(f);
  writeAtomic(f + '.br', brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: buf.length } }));
  writeAtomic(f + '.gz', gzipSync(buf, { level: 9 }));
};
for (const f of [...written]) {
  compress(f);
  written.push(f + '.br', f + '.gz');
}
writeAtomic(join(www, 'checkout.js'), loader);
compress(join(www, 'checkout.js'));
compress(join(www, 'osm.js'));
writeAtomic(join(www, 'hpp.html'), html.replace(/[ \t]*<!--[\s\S]*?-->\n?/g, ''));

const manifest = {
  'checkout.js': checkout.integrity,
  'osm.js': sri(parts.osm),
  versioned: { 'checkout.js': checkout.url, ...Object.fromEntries(Object.entries(partUrls).map(([n, p]) => [`${n}.js`, p.url])) },
  parts: Object.fromEntries(Object.values(partUrls).map((p) => [p.url, p.integrity])),
  hosted_page: Object.fromEntries([hpp, style, wasm].map((a) => [a.url, a.integrity])),
};
writeAtomic(join(www, 'sri.json'), JSON.stringify(manifest, null, 2) + '\n');

// Keep the hashed files of the last three builds (a page loaded from an earlier hpp.html still finds its
// assets); delete only older builds' files.
const buildsPath = join(pkg, 'builds.json');
const builds = existsSync(buildsPath) ? JSON.parse(readFileSync(buildsPath, 'utf8')) : [];
const inPkg = (files) => files.map((f) => relative(pkg, f));
builds.push({ at: new Date().toISOString(), files: inPkg(written) });
const kept = builds.slice(-3);
const keep = new Set(kept.flatMap((b) => b.files));
for (const old of builds.slice(0, -3).flatMap((b) => b.files)) {
  if (!keep.has(old)) rmSync(join(pkg, old), { force: true });
}
writeAtomic(buildsPath, JSON.stringify(kept, null, 2) + '\n');
console.log(`publish: ${Object.keys(manifest.hosted_page).length} hosted-page assets hashed; checkout.js ${manifest['checkout.js']}`);
