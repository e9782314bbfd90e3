/**
 * Entry of `checkout.js`, the classic script merchants add with a script tag:
 *   <script src="https://checkout.acquirer.example/pkg/checkout.<hash>.js" integrity="sha384-…"
 *           crossorigin="anonymous" data-session="hcs_…" data-client-secret="hcs_secret_…"
 *           data-target="#pay" async></script>
 * Defines `window.KlarnaHostedCheckout.create(...)`, mounts the script tag's
 * own checkout, and loads each on-demand part only when the page's markup
 * asks for it: on-site messaging (osm.js and Klarna's SDK) for
 * `[data-klarna-placement]`, the `<klarna-hosted-checkout>` element for such
 * an element (`KlarnaHostedCheckout.defineElement()` defines it for elements
 * a script creates later).
 */
import { createCheckout, invalid } from './embed.js';
import { serverBase, part } from './origin.js';

const script = document.currentScript;
const base = serverBase((script && script.src) || location.href);
const TAG = 'klarna-hosted-checkout';

// The on-demand parts of this build: the markup that asks for one, its versioned file (scripts/publish-assets.mjs
// fills in the name, which carries the file's SHA-256, so the loader checks its integrity) and what to do with it.
const PARTS = [
  ['[data-klarna-placement]', '__KHC_PART_osm__', (m) => m.mountPlacements(document, { configUrl: new URL('v1/messaging/config', base).href })],
  [TAG, '__KHC_PART_element__', (m) => m.defineElement(TAG, base)],
];
const load = ([, file, use]) => part(base, file).then(use);

window.KlarnaHostedCheckout = { create: (options) => createCheckout(options, base), defineElement: () => load(PARTS[1]) };

function boot() {
  const d = script ? script.dataset : {};
  if (d.session) {
    try {
      createCheckout({ session: d.session, clientSecret: d.clientSecret, target: d.target, locale: d.locale }, base);
    } catch (e) {
      invalid(d.target && document.querySelector(d.target), e);
    }
  }
  for (const p of PARTS) {
    // A failed part names its URL in the error.
    if (document.querySelector(p[0])) load(p).catch(console.error);
  }
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot);
else boot();
