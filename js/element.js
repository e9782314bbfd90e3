/**
 * `<klarna-hosted-checkout session="…" client-secret="…" locale="…">`: the
 * checkout as a custom element, for pages without a bundler. Events are
 * dispatched on the element as `klarna-checkout:<type>` CustomEvents.
 *
 * The element's behaviour is a set of hooks on the element instance, so the
 * npm package can define the whole element at once (`defineElement`) and
 * `checkout.js` can define a small stub that loads these hooks on demand
 * (js/element-stub.js), keeping the script tag's loader small.
 */
import { createCheckout, invalid } from './embed.js';

/** Attributes whose changes the element follows. */
export const OBSERVED = ['session', 'client-secret', 'locale'];

/** What a mount is made of: the same attributes again need no new mount. */
const madeOf = (el) => [...OBSERVED, 'base-url'].map((a) => el.getAttribute(a)).join('\n');

function mount(el, baseUrl) {
  const session = el.getAttribute('session');
  if (!session || el.handle) return;
  el.madeOf = madeOf(el);
  try {
    el.handle = createCheckout(
      { session, clientSecret: el.getAttribute('client-secret') || undefined, target: el, locale: el.getAttribute('locale') || undefined },
      el.getAttribute('base-url') || baseUrl,
    );
  } catch (e) {
    invalid(el, e);
  }
}

/** The element entered the page. */
export const connected = (el, baseUrl) => mount(el, baseUrl);

/** The element left the page: the checkout is destroyed. */
export function disconnected(el) {
  if (el.handle) el.handle.destroy();
  el.handle = el.madeOf = null;
}

/**
 * An observed attribute changed: a new locale updates in place (a bad one is an `invalid_config` event), anything
 * else remounts. The remount waits for a microtask and happens once, only when the attributes differ from the
 * mount's: an upgrade reports every attribute at once, right before `connectedCallback` mounts.
 */
export function changed(el, baseUrl, attr, before, after) {
  if (!el.isConnected || before === after) return;
  if (attr === 'locale' && el.handle && after) {
    el.handle.update({ locale: after }).catch((e) => invalid(el, e));
    return;
  }
  queueMicrotask(() => {
    if (!el.isConnected || el.madeOf === madeOf(el)) return;
    disconnected(el);
    mount(el, baseUrl);
  });
}

/** Calls the mounted checkout's `name` (`update`, `setNetworkSessionToken`). */
export const call = (el, name, arg) => (el.handle ? el.handle[name](arg) : Promise.reject(new Error('not mounted')));

/** Defines the element under `name` (once); `baseUrl` is the checkout server's URL. */
export function defineElement(name = 'klarna-hosted-checkout', baseUrl) {
  if (typeof customElements === 'undefined' || customElements.get(name)) return;
  customElements.define(
    name,
    class extends HTMLElement {
      static get observedAttributes() {
        return OBSERVED;
      }
      connectedCallback() {
        connected(this, baseUrl);
      }
      disconnectedCallback() {
        disconnected(this);
      }
      attributeChangedCallback(attr, before, after) {
        changed(this, baseUrl, attr, before, after);
      }
      /** Same as the handle's `update`. */
      update(fields) {
        return call(this, 'update', fields);
      }
      /** Same as the handle's `setNetworkSessionToken`. */
      setNetworkSessionToken(token) {
        return call(this, 'setNetworkSessionToken', token);
      }
    },
  );
}
