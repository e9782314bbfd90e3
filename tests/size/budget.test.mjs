// Size budgets (regression guards, not benchmarks): checkout.js at most 3 KB gzip -9; the sizes of its
// on-demand parts (the features router, and express, sign-in, the element, on-site messaging, which it loads
// only on pages that use them) are printed.
// Runs after `npm run build`: `node --test tests/size/`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gzipSync, constants } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const www = fileURLToPath(new URL('../../www/', import.meta.url));
const gzip = (buf) => gzipSync(buf, { level: constants.Z_BEST_COMPRESSION }).length;

test('checkout.js is at most 3 KB gzip', () => {
  const js = readFileSync(www + 'checkout.js');
  const size = gzip(js);
  console.log(`size: checkout.js ${js.length} B, gzip -9 ${size} B (budget 3072 B)`);
  assert.ok(size <= 3072, `checkout.js is ${size} B gzip, over the 3072 B budget`);
});

test("checkout.js's on-demand parts: their sizes (each loads only on pages that use it)", () => {
  const manifest = JSON.parse(readFileSync(www + 'sri.json', 'utf8'));
  const byName = Object.fromEntries(Object.keys(manifest.parts).map((u) => [u.split('/').pop().split('.')[0], u]));
  for (const name of ['features', 'express', 'signin', 'element', 'osm']) {
    assert.ok(byName[name], `sri.json lists the ${name} part`);
    const js = readFileSync(www + byName[name].slice(1));
    console.log(`size: ${name} part ${js.length} B, gzip -9 ${gzip(js)} B (loaded on demand)`);
  }
});

// Issue 6's budget for everything a shopper downloads for the hosted page (the shell and every asset listed in
// sri.json), brotli -q 11, was 100 kB (100 000 B); the page was at 99 943 B when issue 20 put it on the stack the
// product names (HTTP through gloo-net, typed values across the JS boundary with serde-wasm-bindgen and serde's
// derives, field paths by serde_path_to_error, in place of a hand-written fetch and hand-written codecs): 146 999 B.
// As issue 20 says, the budget is that figure plus 2 %; BENCHMARKS.md has the breakdown. Issue 15 (Klarna started
// by the boot script while the module compiles, adopted by the bindings) added 536 B on issue 20's page (147 535 B).
const HOSTED_BROTLI_BUDGET = 149_939;

/**
 * The raw size and brotli -q 11 of the shell and of each hosted-page asset in sri.json (`lazy`: those loaded after
 * first paint). The raw size is printed beside brotli's: brotli's figure moves by up to ~300 B with the module's
 * layout alone, so a step of a few hundred bytes shows in the raw size first.
 */
async function hostedFiles() {
  const { brotliCompressSync, constants: z } = await import('node:zlib');
  const manifest = JSON.parse(readFileSync(www + 'sri.json', 'utf8'));
  const lazy = new Set(Object.keys(manifest.hosted_page_lazy ?? {}));
  return ['hpp.html', ...Object.keys(manifest.hosted_page)].map((u) => {
    const f = u.replace(/^\//, '');
    const bytes = readFileSync(www + f);
    return { file: f, lazy: lazy.has(u), raw: bytes.length, brotli: brotliCompressSync(bytes, { params: { [z.BROTLI_PARAM_QUALITY]: 11 } }).length };
  });
}

// Issue 15's regression budget on what a shopper downloads before Klarna's button is interactive: the shell and
// the assets the page needs for it (no part of the module loads later yet: issue 15's code-splitting spike is in
// BENCHMARKS.md), set just above the measured 147 535 B. 0.4.0 brought it to 126 242 B (from 147 511 B): the field
// paths of decoding errors come from a locator that reads edited copies after a failure instead of
// serde_path_to_error's wrapped visitors (src/bindings/codec/locate.rs), and the postMessage envelope and the
// authorize answer are read through flat forms instead of serde's buffered tagged enums (core's inbound_wire.rs,
// authorize_wire.rs), and the config through a view without the order lines and the shopper (hosted_view.rs). The
// locale's fallback chain moved to checkout-core (the server preloads the language tables along it): the module is
// 8 B larger and compresses 90 B worse, 126 332 B. The per-session API answers (config, the language table)
// come on top; `npm run bench` measures them on a real load (BENCHMARKS.md, "Before the first payment").
// After 0.7.0 the page answers what it used to drop (session_unavailable, invalid_command, session_mismatch,
// the document's lang, focus after "Try again"): 126 371 → 127 448 B, and brotli moves by ±200 B on small
// changes, so the budget is 127 600 B. After 0.8.0 the page shows HUF's minor units, tells a stale tab that its
// session was declined or closed instead of "try again", and localizes the document's title: 127 797 B; then it
// refuses the merchant page's commands once the payment is over (session_ended): 127 891 B, and 127 960 B as
// 0.9.0 (the version is in the module), 127 935 B as 0.10.0, so the budget is 128 000 B. "Klarna first" (the
// boot script mounts Klarna's button and hands it to the module, issue 15) adds 0.9 kB to the boot script and
// 0.5 kB to the module for 48 ms less to Klarna's button: 129 431 B; with its CSS rule for embedded pages and
// as 0.11.0, 129 608 B, so the budget is 129 800 B. 0.12.0 inlines the first script into the document (the two
// scripts compress apart): 129 719 B. A page reloaded while its payment is on the way waits for it
// (`authorization_pending`, src/flow/pending.rs): 130 079 B, and 130 168 B as 0.13.0, so the budget is 130 400 B.
// The release build then displays serde's unexpected floats as "number" (scripts/serde-size-patch.sh), which
// leaves core's float formatting out of the module: 124 649 B. The two searches for a substring left (the
// postMessage error's prefix, locate.rs's `, expected `) no longer link core's two-way searcher: 123 400 B, and
// 123 474 B as 0.14.0, so the budget is 123 650 B. The page then serves the early button's clicks as soon as it
// can pay, before it adopts the button, and takes the language table the boot script read from the preload
// (issue 15's strict "interactive", 51 ms sooner): 123 990 B, and 124 057 B as 0.15.0, so the budget is 124 250 B.
// The page's first render then waits until the start-up has served those clicks and the button is painted
// (src/flow/view.rs): 124 365 B. Three objects that are no wire type (the boot script's config answer, the
// arguments of Klarna's `initiate` and the legacy `resolve()`'s answer) are then read with the bindings' own
// helpers (src/bindings/js.rs), not serde's derives: 123 429 B as 0.16.0, and 123 736 B once the version reads
// 0.16.1 (the same code before the change: 124 382 and 124 374 B). The crate's version changes its symbols' hashes
// and with them the module's layout, and brotli's figure moves by up to ~300 B with it, so the budget is 123 900 B.
// The start-up's marks, which compile to nothing without their feature (2 B less raw), moved it to 123 558 B.
// The fragment's copy to sessionStorage and the address's cleaning then moved to the view's mount (the module
// 437 B larger raw): 123 500 B, and 123 630 B as 0.16.2 (6 B more raw).
const FIRST_LOAD_BROTLI_BUDGET = 123_900;

test('what the hosted page needs before Klarna is interactive is at most its budget', async () => {
  const first = (await hostedFiles()).filter((f) => !f.lazy);
  const total = first.reduce((n, f) => n + f.brotli, 0);
  const raw = first.reduce((n, f) => n + f.raw, 0);
  console.log(`size: before Klarna's button ${first.map((f) => f.file).join(', ')}: raw ${raw} B, brotli -q 11 ${total} B (budget ${FIRST_LOAD_BROTLI_BUDGET} B)`);
  assert.ok(total <= FIRST_LOAD_BROTLI_BUDGET, `the first load is ${total} B brotli, over the ${FIRST_LOAD_BROTLI_BUDGET} B budget`);
});

test('the hosted page is within its brotli budget (issue 20: 146,999 B + 2 %)', async () => {
  const { brotliCompressSync, constants: z } = await import('node:zlib');
  const manifest = JSON.parse(readFileSync(www + 'sri.json', 'utf8'));
  const files = ['hpp.html', ...Object.keys(manifest.hosted_page).map((u) => u.slice(1))];
  let total = 0;
  for (const f of files) {
    const buf = readFileSync(www + f);
    total += brotliCompressSync(buf, { params: { [z.BROTLI_PARAM_QUALITY]: 11 } }).length;
  }
  console.log(`size: hosted page ${files.length} files, brotli -q 11 ${total} B (budget ${HOSTED_BROTLI_BUDGET} B)`);
  assert.ok(total <= HOSTED_BROTLI_BUDGET, `hosted page is ${total} B brotli, over the ${HOSTED_BROTLI_BUDGET} B budget`);
});
