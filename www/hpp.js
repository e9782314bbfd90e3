// Boots the hosted page: instantiates the WebAssembly module (streaming) and
// mounts the checkout. A separate file because the page's CSP forbids inline scripts.
import init, { mountHosted } from '/pkg/klarna_hosted_checkout.js';

performance.mark('khc:boot');
await init({ module_or_path: '/pkg/klarna_hosted_checkout_bg.wasm' });
performance.mark('khc:wasm-ready');
mountHosted('#app');
