/**
 * The one on-demand part `checkout.js` names (its loader stays under 3 KB gzip
 * with a single versioned file to carry): a router that imports each feature
 * a page uses, from its own versioned file with its integrity checked
 * (js/origin.js; scripts/publish-assets.mjs fills in the names): on-site
 * messaging (osm.js) for `[data-klarna-placement]`, the
 * `<klarna-hosted-checkout>` element, Klarna's express button for
 * `[data-klarna-express]` and Sign in with Klarna for `[data-klarna-signin]`.
 * A page loads only the features it has.
 */
import { part } from './origin.js';

const TAG = 'klarna-hosted-checkout';
const FILES = {
  osm: '__KHC_PART_osm__',
  element: '__KHC_PART_element__',
  express: '__KHC_PART_express__',
  signin: '__KHC_PART_signin__',
};
const load = (name, base) => part(base, FILES[name]);

/** Defines `<klarna-hosted-checkout>` (for elements a script creates later). */
export const defineElement = (_, base) => load('element', base).then((m) => m.defineElement(TAG, base));
/** Mounts Klarna's express button (`KlarnaHostedCheckout.express`). */
export const express = (options, base) => load('express', base).then((m) => m.express(options, base));
/** Mounts Klarna's identity button (`KlarnaHostedCheckout.signIn`). */
export const signIn = (options, base) => load('signin', base).then((m) => m.signIn(options, base));

/** Loads and starts every feature whose markup is under `root`; a feature that fails is logged. */
export function mountAll(root, base) {
  const has = (selector) => root.querySelector(selector);
  const jobs = [];
  if (has('[data-klarna-placement]')) {
    const configUrl = new URL('v1/messaging/config', base).href;
    jobs.push(load('osm', base).then((m) => m.mountPlacements(root, { configUrl })));
  }
  if (has(TAG)) jobs.push(defineElement(TAG, base));
  if (has('[data-klarna-express]')) jobs.push(load('express', base).then((m) => m.mountAll(root, base)));
  if (has('[data-klarna-signin]')) jobs.push(load('signin', base).then((m) => m.mountAll(root, base)));
  return Promise.all(jobs.map((j) => j.catch(console.error)));
}
