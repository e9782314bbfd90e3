// Publishes the hosted page's build: gives every asset a content-hashed name
// (served with `Cache-Control: immutable`), fills the page shell and its boot
// script with those names and their Subresource-Integrity hashes, and writes
// www/sri.json with the integrity of checkout.js, osm.js and every hosted-page
// asset (the README shows how to use it).
import { createHash } from 'node:crypto';
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

const wasm = hashed(join(pkg, 'klarna_hosted_checkout_bg.wasm'), '.wasm');
const glue = hashed(join(pkg, 'klarna_hosted_checkout.js'), '.js');
const snippets = walk(join(pkg, 'snippets')).filter((f) => f.endsWith('.js'))
  .map((f) => ({ url: '/' + relative(www, f), integrity: sri(readFileSync(f)) }));
const css = readFileSync(join(www, 'styles', 'checkout.css'));
const cssFile = join(pkg, `checkout.${short(css)}.css`);
writeFileSync(cssFile, css);
const style = { url: '/' + relative(www, cssFile), integrity: sri(css) };

const boot = readFileSync(join(www, 'hpp.src.js'), 'utf8')
  .replace('{{GLUE}}', glue.url).replace('{{WASM}}', wasm.url).replace('{{WASM_SRI}}', wasm.integrity);
const bootFile = join(pkg, `hpp.${short(Buffer.from(boot))}.js`);
writeFileSync(bootFile, boot);
const hpp = { url: '/' + relative(www, bootFile), integrity: sri(Buffer.from(boot)) };

const preloads = [glue, ...snippets]
  .map((m) => `  <link rel="modulepreload" href="${m.url}" integrity="${m.integrity}">`).join('\n')
  // The wasm is fetched by the boot script with the same mode and integrity: start it at once.
  + `\n  <link rel="preload" href="${wasm.url}" as="fetch" type="application/wasm" crossorigin integrity="${wasm.integrity}">`;
const html = readFileSync(join(www, 'hpp.src.html'), 'utf8')
  .replace('{{CSS}}', style.url).replace('{{CSS_SRI}}', style.integrity)
  .replace('{{PRELOADS}}', preloads)
  .replace('{{HPP_JS}}', hpp.url).replace('{{HPP_SRI}}', hpp.integrity);
writeFileSync(join(www, 'hpp.html'), html);

// The page loads only the hashed copies.
rmSync(join(pkg, 'klarna_hosted_checkout_bg.wasm'));
rmSync(join(pkg, 'klarna_hosted_checkout.js'));

// Compressed once here (brotli -q 11, gzip -9), served as they are by the server.
const compressible = [...walk(pkg).filter((f) => /\.(js|wasm|css)$/.test(f)), join(www, 'checkout.js'), join(www, 'osm.js')];
for (const f of compressible) {
  const buf = readFileSync(f);
  writeFileSync(f + '.br', brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: buf.length } }));
  writeFileSync(f + '.gz', gzipSync(buf, { level: 9 }));
}

const manifest = {
  'checkout.js': sri(readFileSync(join(www, 'checkout.js'))),
  'osm.js': sri(readFileSync(join(www, 'osm.js'))),
  hosted_page: Object.fromEntries([hpp, style, glue, wasm, ...snippets].map((a) => [a.url, a.integrity])),
};
writeFileSync(join(www, 'sri.json'), JSON.stringify(manifest, null, 2) + '\n');
console.log(`publish: ${Object.keys(manifest.hosted_page).length} hosted-page assets hashed; checkout.js ${manifest['checkout.js']}`);
