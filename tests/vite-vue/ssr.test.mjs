// Server-side rendering: importing klarna-hosted-checkout/vue and rendering its components in Node (no window,
// no document) works and touches nothing of the browser; the browser work starts on mount.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSSRApp, h } from 'vue';
import { renderToString } from 'vue/server-renderer';

test('the Vue components render on the server without a window', async () => {
  assert.equal(typeof globalThis.window, 'undefined');
  const { KlarnaCheckout, KlarnaExpressButton, KlarnaPlacement } = await import('klarna-hosted-checkout/vue');
  const app = createSSRApp({
    render: () => h('main', [
      h(KlarnaCheckout, { session: 'https://checkout.example/hpp/hcs_12345678#cs=x' }),
      h(KlarnaExpressButton, { baseUrl: 'https://checkout.example/', amount: 11800, currency: 'GBP', locale: 'en-GB', sessionUrl: '/s' }),
      h(KlarnaPlacement, { placement: 'credit-promotion-badge', locale: 'en-GB', amount: 11800 }),
    ]),
  });
  const html = await renderToString(app);
  assert.match(html, /data-klarna-placement="credit-promotion-badge"/);
  assert.equal(typeof globalThis.window, 'undefined');
});
