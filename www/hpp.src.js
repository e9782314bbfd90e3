// Boots the hosted page: instantiates the WebAssembly module (streaming, with
// its integrity checked) and mounts the checkout. A file, not inline, because
// the page's CSP forbids inline scripts. The {{…}} names are filled in by
// scripts/publish-assets.mjs with content-hashed paths and SRI hashes.
import init, { mountHosted } from '{{GLUE}}';

performance.mark('khc:boot');
await init({ module_or_path: fetch('{{WASM}}', { integrity: '{{WASM_SRI}}' }) });
performance.mark('khc:wasm-ready');
mountHosted('#app');
