// Server-side rendering: importing klarna-hosted-checkout/react and rendering its components in Node (no window,
// no document) works and touches nothing of the browser; the browser work starts on mount.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';

test('the React components render on the server without a window', async () => {
  assert.equal(typeof globalThis.window, 'undefined');
  const { KlarnaCheckout, KlarnaExpressButton, KlarnaPlacement } = await import('klarna-hosted-checkout/react');
  const html = renderToString(createElement('main', null,
    createElement(KlarnaCheckout, { session: 'https://checkout.example/hpp/hcs_12345678#cs=x' }),
    createElement(KlarnaExpressButton, { baseUrl: 'https://checkout.example/', amount: 11800, currency: 'GBP', locale: 'en-GB', sessionUrl: '/s' }),
    createElement(KlarnaPlacement, { placement: 'credit-promotion-badge', locale: 'en-GB', amount: 11800 })));
  assert.match(html, /data-klarna-placement="credit-promotion-badge"/);
  assert.equal(typeof globalThis.window, 'undefined');
});
