// Boots the hosted page: instantiates the WebAssembly module (streaming, with
// its integrity checked) and mounts the checkout. A file, not inline, because
// the page's CSP forbids inline scripts. The {{…}} names are filled in by
// scripts/publish-assets.mjs with content-hashed paths and SRI hashes.
import init, { mountHosted } from '{{GLUE}}';

performance.mark('khc:boot');
// Ask for the session while the module downloads; the page takes this answer
// once instead of asking again (it falls back to its own request on failure).
try {
  const id = location.pathname.split('/').pop();
  const fragment = location.hash.includes('cs=') ? location.hash : sessionStorage.getItem(`khc:fragment:${id}`) || '';
  const cs = new URLSearchParams(fragment.slice(1)).get('cs');
  if (cs && id.startsWith('hcs_')) {
    globalThis.__khcConfig = fetch(`/v1/sessions/${id}/config`, { headers: { Authorization: `Bearer ${cs}` } })
      .catch(() => null);
  }
} catch {
  // No storage or no fetch: the page asks for itself.
}
await init({ module_or_path: fetch('{{WASM}}', { integrity: '{{WASM_SRI}}' }) });
performance.mark('khc:wasm-ready');
mountHosted('#app');
