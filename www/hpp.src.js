// Boots the hosted page: instantiates the WebAssembly module (streaming, with
// its integrity checked) and mounts the checkout. A file, not inline, because
// the page's CSP forbids inline scripts. scripts/publish-assets.mjs bundles it
// with the wasm-bindgen glue into one module and fills the {{…}} names with
// the module's content-hashed path and SRI hash.
import { initSync, mountHosted } from './pkg/klarna_hosted_checkout.js';

performance.mark('khc:boot');
// Ask for the session while the module downloads; the page takes this answer
// once instead of asking again (it falls back to its own request on failure).
// The body is read at once: read later, it waits behind the first render.
// For an open session Klarna's SDK module is preloaded from the URL the
// session names (fetched and parsed, not run: the page imports it itself).
// The merchant's appearance goes with the request: the server checks it.
try {
  const id = location.pathname.split('/').pop();
  const fragment = location.hash.includes('cs=') ? location.hash : sessionStorage.getItem(`khc:fragment:${id}`) || '';
  const params = new URLSearchParams(fragment.slice(1));
  const cs = params.get('cs');
  const query = ['appearance', 'locale']
    .filter((k) => params.get(k) !== null)
    .map((k, i) => `${i ? '&' : '?'}${k}=${encodeURIComponent(params.get(k))}`)
    .join('');
  if (cs && id.startsWith('hcs_')) {
    globalThis.__khcConfig = fetch(`/v1/sessions/${id}/config${query}`, { headers: { Authorization: `Bearer ${cs}` } })
      .then(async (r) => {
        const answer = { ok: r.ok, status: r.status, text: await r.text() };
        try {
          const cfg = r.ok && JSON.parse(answer.text);
          if (cfg && cfg.state === 'open' && typeof cfg.klarna?.sdk_url === 'string') {
            const link = document.createElement('link');
            link.rel = 'modulepreload';
            link.href = cfg.klarna.sdk_url;
            document.head.append(link);
          }
        } catch {
          // Not JSON: the page reports it.
        }
        return answer;
      })
      .catch(() => null);
  }
  // Tell an embedding checkout.js at once that this page may be framed by it: without this message after the
  // frame's load, checkout.js reports `frame_refused` (its origin is not in the session's allowed_origins). Only
  // the origin named in the fragment can receive it, and the browser runs this page only inside an allowed one.
  // Last in this block: without `po` it throws.
  if (parent !== window) parent.postMessage(JSON.stringify({ khc: 1, channel: params.get('ch'), type: 'boot' }), params.get('po'));
} catch {
  // No storage or no fetch: the page asks for itself.
}
// A page opened on its own (a payment link) has no merchant script to take the shopper back: five seconds after
// the confirmation shows its "Back to the shop" link, the page follows it. In a frame the shopper decides.
if (parent === window) {
  new MutationObserver((_, seen) => {
    const back = document.querySelector('.khc-return');
    if (back) {
      seen.disconnect();
      setTimeout(() => back.click(), 5000);
    }
  }).observe(document, { childList: true, subtree: true });
}
// Compiled while it streams in, then instantiated by the glue's initSync: the
// glue's asynchronous loader (URL and MIME-type fallbacks this page doesn't
// need) stays out of the bundle. The server sends the module as
// application/wasm, which streaming compilation requires.
initSync({ module: await WebAssembly.compileStreaming(fetch('{{WASM}}', { integrity: '{{WASM_SRI}}' })) });
performance.mark('khc:wasm-ready');
mountHosted('#app');
