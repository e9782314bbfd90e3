// The hosted page's module by function, with names: what is in it and who calls it. The published module keeps no
// names, so this takes the last release build's rustc output (target/wasm-size, after `npm run build`), runs
// wasm-bindgen on it with its names kept and binaryen's `wasm-opt -Oz -g` (the size pass of the build, not the
// publishing steps: the unused exports are still in), then reads each function's body size from the code section and
// its name from the name section. It found the float formatting that only serde's error messages linked, and core's
// two-way substring searcher (BENCHMARKS.md, steps 9 and 10 of issue 15).
//   node bench/spikes/module-functions.mjs [TOP]        the TOP (40) largest functions, and the code by crate
//   node bench/spikes/module-functions.mjs --callers RE  the direct callers of each function whose name matches RE
// Needs wasm-bindgen (the CLI the build uses) and npm's binaryen.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const raw = join(root, 'target/wasm-size/wasm32-unknown-unknown/release/klarna_hosted_checkout.wasm');
if (!existsSync(raw)) {
  console.error(`no release build at ${raw}: run npm run build first`);
  process.exit(2);
}
const FEATURES = ['--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-sign-ext',
  '--enable-mutable-globals', '--enable-reference-types', '--enable-multivalue'];
const wasmOpt = join(root, 'node_modules/.bin/wasm-opt');
const dir = mkdtempSync(join(tmpdir(), 'khc-functions-'));
execFileSync('wasm-bindgen', ['--target', 'web', '--out-dir', dir, '--keep-debug', raw], { stdio: 'inherit' });
const named = join(dir, 'named.wasm');
execFileSync(wasmOpt, ['-Oz', '-g', join(dir, 'klarna_hosted_checkout_bg.wasm'), '-o', named, ...FEATURES]);

/** Reads an unsigned LEB128 at `at`: [value, next offset]. */
function leb(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const b = bytes[at++];
    value += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if (b < 0x80) return [value, at];
  }
}

/** Each defined function of the module at `path`: { name, size } (body bytes). */
function functions(path) {
  const bytes = readFileSync(path);
  const sections = [];
  for (let at = 8; at < bytes.length;) {
    const id = bytes[at];
    const [size, start] = leb(bytes, at + 1);
    sections.push({ id, start, size });
    at = start + size;
  }
  let imported = 0;
  const names = new Map();
  const bodies = [];
  for (const { id, start, size } of sections) {
    let at = start;
    if (id === 2) { // imports: only imported functions shift the indices of the defined ones
      let n; [n, at] = leb(bytes, at);
      for (let i = 0; i < n; i++) {
        for (let s = 0; s < 2; s++) { let len; [len, at] = leb(bytes, at); at += len; }
        const kind = bytes[at++];
        if (kind === 0) { [, at] = leb(bytes, at); imported++; }
        else if (kind === 1) { at++; let flags; [flags, at] = leb(bytes, at); [, at] = leb(bytes, at); if (flags & 1) [, at] = leb(bytes, at); }
        else if (kind === 2) { let flags; [flags, at] = leb(bytes, at); [, at] = leb(bytes, at); if (flags & 1) [, at] = leb(bytes, at); }
        else if (kind === 3) at += 2;
        else throw new Error(`import kind ${kind}`);
      }
    } else if (id === 10) {
      let n; [n, at] = leb(bytes, at);
      for (let i = 0; i < n; i++) { let len; [len, at] = leb(bytes, at); bodies.push(len); at += len; }
    } else if (id === 0) {
      let len; [len, at] = leb(bytes, at);
      if (bytes.toString('utf8', at, at + len) !== 'name') continue;
      at += len;
      while (at < start + size) {
        const sub = bytes[at];
        let subSize; [subSize, at] = leb(bytes, at + 1);
        const end = at + subSize;
        if (sub === 1) {
          let n; [n, at] = leb(bytes, at);
          for (let i = 0; i < n; i++) {
            let index, nameLen; [index, at] = leb(bytes, at); [nameLen, at] = leb(bytes, at);
            names.set(index, bytes.toString('utf8', at, at + nameLen)); at += nameLen;
          }
        }
        at = end;
      }
    }
  }
  return bodies.map((size, i) => ({ name: names.get(imported + i) ?? `#${imported + i}`, size }));
}

/** The crate a demangled name is grouped under: the first `crate[hash]` in it (for `<A as B>`, A's crate). */
const crateOf = (name) => /([a-z_][a-z0-9_]*)\[[0-9a-f]+\]/.exec(name)?.[1] ?? name.slice(0, 30);

const all = functions(named).sort((a, b) => b.size - a.size);
const args = process.argv.slice(2);
if (args[0] === '--callers') {
  const re = new RegExp(args[1] ?? '.');
  const graph = execFileSync(wasmOpt, [named, '-g', '--print-call-graph', '-o', '/dev/null', ...FEATURES],
    { maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'ignore'] }).toString();
  for (const line of graph.split('\n')) {
    const edge = /^\s*"(.*)" -> "(.*)"; \/\/ call/.exec(line);
    if (edge && re.test(edge[2])) console.log(`${edge[1]}\n  -> ${edge[2]}`);
  }
  console.log('(direct calls only: a function called through the table, as a Display impl is, shows none)');
} else {
  const top = Number(args[0] ?? 40);
  const total = all.reduce((n, f) => n + f.size, 0);
  console.log(`${all.length} functions, ${total} B of code (before the publishing steps)\n\nlargest:`);
  for (const f of all.slice(0, top)) console.log(`${String(f.size).padStart(7)}  ${f.name.slice(0, 160)}`);
  const byCrate = new Map();
  for (const f of all) byCrate.set(crateOf(f.name), (byCrate.get(crateOf(f.name)) ?? 0) + f.size);
  console.log('\nby crate:');
  for (const [crate, size] of [...byCrate].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
    console.log(`${String(size).padStart(7)}  ${crate}`);
  }
}
