/**
 * Entry of `checkout.js`, the classic script merchants add with a script tag:
 *   <script src="https://checkout.acquirer.example/checkout.js" data-session="hcs_…"
 *           data-client-secret="hcs_secret_…" data-target="#pay" async></script>
 * Defines `window.KlarnaHostedCheckout` (`create`, `express`, `signIn`),
 * mounts the script tag's own checkout, and imports what a page needs only
 * when it has it, like on-site messaging (osm.js, for `[data-klarna-placement]`):
 * the express part (`[data-klarna-express]`, `express()`), the sign-in part
 * (`[data-klarna-signin]`, `signIn()`) and the `<klarna-hosted-checkout>`
 * element. The parts have content-hashed names (built into this file) and
 * their Subresource Integrity hashes are published in /sri.json.
 */
import { createCheckout } from './embed.js';

const script = document.currentScript;
const base = new URL('.', (script && script.src) || location.href).href;
/* global __PARTS__ */
const PARTS = __PARTS__;
const part = (name) => import(`${base}parts/${name}.${PARTS[name]}.js`);
const TAG = 'klarna-hosted-checkout';

const K = (window.KlarnaHostedCheckout = { create: (options) => createCheckout(options, base), version: '1' });
for (const fn of ['express', 'signIn']) K[fn] = (options) => part(fn.toLowerCase()).then((m) => m[fn](options, base));

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
  const has = (name) => document.querySelector(`[data-klarna-${name}]`);
  if (has('placement')) {
    import(new URL('osm.js', base).href)
      .then((m) => m.mountPlacements(document, { configUrl: new URL('v1/messaging/config', base).href }))
      .catch((e) => console.warn('klarna-hosted-checkout: on-site messaging could not load:', e));
  }
  for (const name of ['express', 'signin']) if (has(name)) part(name).then((m) => m.mountAll(document, base), console.error);
  // The element's code comes when the page has one (now or later): its instances upgrade on definition.
  const elements = document.getElementsByTagName(TAG);
  const define = () => elements.length > 0 && part('element').then((m) => m.defineElement(TAG, base), console.error);
  if (!define()) {
    const o = new MutationObserver(() => define() && o.disconnect());
    o.observe(document, { childList: true, subtree: true });
  }
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot);
else boot();
