// Test pages served through Playwright's router (no files in www/): merchant pages on the server's own
// origin and an attacker page on another origin.
import { expect } from '@playwright/test';

/** Creates a sandbox session through the demo backend. */
export async function newSession(request, body = {}) {
  const resp = await request.post('/demo/sessions', { data: { persona: 'approve', country: 'DE', ...body } });
  expect(resp.status(), await resp.text()).toBe(201);
  return resp.json();
}

/** Serves `html` at `url` for this page (same origin as the server when the URL is). */
export async function serve(page, url, html) {
  await page.route(url, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: html }));
}

/** A merchant page shell that records every checkout event in `window.__events`. */
export function merchantPage(body, head = '') {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Merchant</title>${head}</head>
<body style="margin:0;font-family:sans-serif">
<header style="height:120px">Merchant header</header>
${body}
<footer id="below" style="height:400px;background:#eee">Content below the checkout</footer>
<script>
  window.__events = [];
  document.addEventListener('klarna-checkout:ready', () => {}, true);
  for (const t of ['ready','availability','resize','payment_method_selected','authorized','declined','aborted','error']) {
    document.addEventListener('klarna-checkout:' + t, (e) => window.__events.push(e.detail), true);
  }
</script>
</body></html>`;
}

/** Event types recorded so far on the merchant page. */
export async function eventTypes(page) {
  return page.evaluate(() => window.__events.map((e) => e.type));
}
