/**
 * Where the store's pages find the checkout server's public Klarna settings (the SDK URL and the
 * acquirer's client id), for on-site messaging; /checkout.js's express and sign-in parts read the same.
 */

export const MESSAGING_CONFIG_URL = '/v1/messaging/config';
