// Boots the hosted page: instantiates the WebAssembly module (streaming, with
// its integrity checked) and mounts the checkout. Klarna's side started before
// it, in the document's inline script (early.src.js), whose globals the module
// adopts. scripts/publish-assets.mjs bundles this file with the wasm-bindgen
// glue into one module and fills the {{…}} names with the module's
// content-hashed path and SRI hash.
import { initSync, mountHosted } from './pkg/klarna_hosted_checkout.js';

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
const compiled = WebAssembly.compileStreaming(fetch('{{WASM}}', { integrity: '{{WASM_SRI}}' }));
// The module's start-up is one task on the main thread; the config answer (which starts Klarna, see
// early.src.js) is waited for first, so Klarna's requests don't queue behind it. The page would wait for this
// answer anyway: it adopts it before anything but the skeleton, which the HTML already shows.
await globalThis.__khcConfig;
// Klarna first (early.src.js `earlyButton`): the module waits for the early button, at most 1 s, so the module's start-up
// doesn't delay Klarna's module graph and presentation. Then it runs at once: its start-up, up to serving the button's
// clicks, is short (~20 ms), and the page's first render waits for the button's first paint (src/flow/view.rs).
if (globalThis.__khcEarlyButton) {
  await Promise.race([globalThis.__khcEarlyButton.catch(() => {}), new Promise((r) => setTimeout(r, 1000))]);
}
initSync({ module: await compiled });
performance.mark('khc:wasm-ready');
mountHosted('#app');
