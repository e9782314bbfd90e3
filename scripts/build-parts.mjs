// Builds the on-demand parts of checkout.js (the express button, Sign in with Klarna, the
// <klarna-hosted-checkout> element) as ES modules under www/parts/ with content-hashed names
// (`parts/express.<12 hex>.js`, served immutable and with CORS, their SRI in /sri.json like osm.js's) and
// prints, as JSON, the hash of each ({"express": "<12 hex>", …}) for checkout.js to import them by.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = `${root}www/parts/`;
mkdirSync(out, { recursive: true });
for (const f of readdirSync(out)) rmSync(out + f); // one build's parts at a time
const parts = {};
for (const name of ['express', 'signin', 'element']) {
  const r = await build({
    entryPoints: [`${root}js/parts/${name}.js`], bundle: true, minify: true, format: 'esm', target: 'es2020',
    legalComments: 'none', write: false, logLevel: 'warning',
  });
  const code = r.outputFiles[0].contents;
  const hash = createHash('sha256').update(code).digest('hex').slice(0, 12);
  writeFileSync(`${out}${name}.${hash}.js`, code);
  parts[name] = hash;
}
process.stdout.write(JSON.stringify(parts));
