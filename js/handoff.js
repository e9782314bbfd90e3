/**
 * How a network session token from Sign in with Klarna reaches the checkout
 * on the same site: kept in the tab's `sessionStorage` under `TOKEN` (a
 * checkout created later, on the next page, picks it up) and announced as a
 * `TOKEN` CustomEvent on `window` (a checkout already on the page takes it
 * at once), so a shopper Klarna has authenticated sees Klarna preselected.
 */
export const TOKEN = 'klarna-hosted-checkout:network-session-token';
