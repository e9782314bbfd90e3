// The conformance kit's browser step (conformance/lib/browser.mjs) against Klarna's real SDK: Klarna's button
// has none of the emulator's test ids, so the step must find whatever Klarna mounted into the chosen row, and
// must still fail when nothing was mounted there. A hosted page is stood in for by a static one in Debian's
// Chromium (skipped where there is none, as the kit itself skips).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { throughToTheButton } from '../../conformance/lib/browser.mjs';

const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** A page shaped like the hosted page with Klarna's option; `pay` is what sits in the chosen row's slot. */
const page = (pay) => `<!doctype html><html><body>
<ul data-testid="methods" data-instruction="PRESELECT_KLARNA"><li data-testid="klarna-option">
<div class="khc-choice"><label>Klarna</label><div class="khc-pay">${pay}</div></div></li></ul></body></html>`;

async function serve(html, run) {
  const server = createServer((_, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(html));
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  try {
    return await run(`http://127.0.0.1:${server.address().port}/hpp/hcs_test`);
  } finally {
    server.close();
  }
}

test("Klarna's real button, without the emulator's test id, counts as shown", async (t) => {
  const out = await serve(page('<div><button type="button">Pay with Klarna</button></div>'), (url) => throughToTheButton(url, { executablePath, timeoutMs: 5000 }));
  if (out.skipped) return t.skip(out.skipped);
  assert.equal(out.ok, true, out.error);
  assert.equal(out.seen.button, true);
  assert.equal(out.seen.instruction, 'PRESELECT_KLARNA');
});

test('an empty row is no button: the step fails', async (t) => {
  const out = await serve(page(''), (url) => throughToTheButton(url, { executablePath, timeoutMs: 1500 }));
  if (out.skipped) return t.skip(out.skipped);
  assert.equal(out.ok, false);
  assert.equal(out.seen.button, false);
});
