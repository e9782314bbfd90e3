/**
 * Entry of `checkout.js`, the classic script merchants add with a script tag:
 *   <script src="https://checkout.acquirer.example/checkout.js" data-session="hcs_…"
 *           data-client-secret="hcs_secret_…" data-target="#pay" async></script>
 * Defines `window.KlarnaHostedCheckout.create(...)`, the `<klarna-hosted-checkout>`
 * element, mounts the script tag's own checkout, and loads on-site messaging
 * (osm.js and Klarna's SDK) only when the page has `[data-klarna-placement]`.
 */
import { createCheckout } from './embed.js';
import { defineElement } from './element.js';

const script = document.currentScript;
const base = new URL('.', (script && script.src) || location.href).href;

window.KlarnaHostedCheckout = { create: (options) => createCheckout(options, base), version: '1' };
defineElement('klarna-hosted-checkout', base);

function boot() {
  const d = script ? script.dataset : {};
  if (d.session) {
    try {
      createCheckout({ session: d.session, clientSecret: d.clientSecret, target: d.target, locale: d.locale }, base);
    } catch (e) {
      console.error(e);
      const t = d.target && document.querySelector(d.target);
      if (t) t.dispatchEvent(new CustomEvent('klarna-checkout:error', { detail: { type: 'error', code: 'invalid_config', message: e.message }, bubbles: true }));
    }
  }
  if (document.querySelector('[data-klarna-placement]')) {
    import(new URL('osm.js', base).href)
      .then((m) => m.mountPlacements(document, { configUrl: new URL('v1/messaging/config', base).href }))
      .catch((e) => console.warn('klarna-hosted-checkout: on-site messaging could not load:', e));
  }
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot);
else boot();
