/**
 * `<klarna-hosted-checkout session="…" client-secret="…" locale="…">`: the
 * checkout as a custom element, for pages without a bundler. Events are
 * dispatched on the element as `klarna-checkout:<type>` CustomEvents.
 */
import { createCheckout } from './embed.js';

/** Defines the element under `name` (once); `baseUrl` is the checkout server's URL. */
export function defineElement(name = 'klarna-hosted-checkout', baseUrl) {
  if (typeof customElements === 'undefined' || customElements.get(name)) return;
  customElements.define(
    name,
    class extends HTMLElement {
      static get observedAttributes() {
        return ['session', 'client-secret', 'locale'];
      }
      connectedCallback() {
        this.mount();
      }
      disconnectedCallback() {
        if (this.handle) this.handle.destroy();
        this.handle = null;
      }
      attributeChangedCallback(attr, before, after) {
        if (!this.isConnected || before === after) return;
        if (attr === 'locale' && this.handle && after) this.handle.update({ locale: after }).catch(() => {});
        else {
          this.disconnectedCallback();
          this.mount();
        }
      }
      mount() {
        const session = this.getAttribute('session');
        if (!session || this.handle) return;
        try {
          this.handle = createCheckout(
            { session, clientSecret: this.getAttribute('client-secret') || undefined, target: this, locale: this.getAttribute('locale') || undefined },
            this.getAttribute('base-url') || baseUrl,
          );
        } catch (e) {
          console.error(e);
          this.dispatchEvent(new CustomEvent('klarna-checkout:error', { detail: { type: 'error', code: 'invalid_config', message: e.message }, bubbles: true }));
        }
      }
      /** Same as the handle's `update`. */
      update(fields) {
        return this.handle ? this.handle.update(fields) : Promise.reject(new Error('not mounted'));
      }
      /** Same as the handle's `setNetworkSessionToken`. */
      setNetworkSessionToken(token) {
        return this.handle ? this.handle.setNetworkSessionToken(token) : Promise.reject(new Error('not mounted'));
      }
    },
  );
}
