/**
 * npm entry of `klarna-hosted-checkout`: embed the hosted Klarna checkout
 * from your bundle. `createCheckout({session: hostedUrl, target, onEvent})`,
 * or pass `baseUrl` with a session id and `clientSecret`; Klarna's express
 * button (`express(options, baseUrl)`), Sign in with Klarna
 * (`signIn(options, baseUrl)`) and on-site messaging (`mountPlacements`).
 * React and Vue components: `klarna-hosted-checkout/react`, `/vue`.
 */
export { createCheckout, RESERVED_HEIGHT } from './embed.js';
export { defineElement } from './element.js';
export { express } from './express.js';
export { signIn } from './signin.js';
export { mountPlacements } from '../www/osm.js';
export { verifyNotification } from './notification.js';
