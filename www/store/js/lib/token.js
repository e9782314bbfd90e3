/**
 * The `sessionStorage` key under which /checkout.js keeps the network session token Sign in with Klarna
 * yielded, for the checkout to take (docs/signin.md); the store clears it when the shopper signs out.
 */
export const TOKEN_KEY = 'klarna-hosted-checkout:network-session-token';
