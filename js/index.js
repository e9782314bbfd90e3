/**
 * npm entry of `klarna-hosted-checkout`: embed the hosted Klarna checkout
 * from your bundle. `createCheckout({session: hostedUrl, target, onEvent})`,
 * or pass `baseUrl` with a session id and `clientSecret`.
 */
export { createCheckout, RESERVED_HEIGHT } from './embed.js';
export { defineElement } from './element.js';
export { verifyNotification } from './notification.js';
