/**
 * Entry of `checkout.js`, the classic script merchants add with a script tag:
 *   <script src="https://checkout.acquirer.example/pkg/checkout.<hash>.js" integrity="sha384-…"
 *           crossorigin="anonymous" data-session="hcs_…" data-client-secret="hcs_secret_…"
 *           data-target="#pay" async></script>
 * Defines `window.KlarnaHostedCheckout` (`create`, `express`, `signIn`,
 * `defineElement`), mounts the script tag's own checkout, and loads the rest
 * only when the page's markup (or a call) asks for it: js/features.js, one
 * versioned file whose name carries its SHA-256 (scripts/publish-assets.mjs
 * fills it in, so the loader checks its integrity), which in turn loads each
 * feature the page has from its own versioned file: on-site messaging for
 * `[data-klarna-placement]`, the `<klarna-hosted-checkout>` element,
 * Klarna's express button for `[data-klarna-express]`, Sign in with Klarna
 * for `[data-klarna-signin]`.
 */
import { createCheckout, find, invalid } from './embed.js';
import { serverBase, part } from './origin.js';

const script = document.currentScript;
const base = serverBase(script?.src || location.href);
const features = (fn, arg) => part(base, '__KHC_PART_features__').then((m) => m[fn](arg, base));

const K = (window.KlarnaHostedCheckout = { create: (options) => createCheckout(options, base) });
// `express(options)` and `signIn(options)` resolve with the mounted button's handle (a bad option rejects);
// `defineElement()` defines `<klarna-hosted-checkout>` for elements a script creates later.
['express', 'signIn', 'defineElement'].forEach((fn) => (K[fn] = (options) => features(fn, options)));

function boot() {
  const d = script ? script.dataset : {};
  if (d.session) {
    try {
      const { session, clientSecret, target, locale } = d;
      createCheckout({ session, clientSecret, target, locale }, base);
    } catch (e) {
      // Without a target (none, or a selector that is not one) the event goes out from this script tag.
      invalid(find(d.target) || script, e);
    }
  }
  const markup = 'klarna-hosted-checkout,[data-klarna-placement],[data-klarna-express],[data-klarna-signin]';
  // A failed part names its URL in the error.
  if (document.querySelector(markup)) features('mountAll', document).catch(console.error);
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot);
else boot();
