/**
 * The shopper signed in with Klarna, as the store remembers it (localStorage) once its backend has
 * verified Klarna's id token. Only a demo concern: a real store keeps this in its server-side session.
 */
import { TOKEN_KEY } from './token.js';

const KEY = 'khc-store:account';

/** @returns {{subject: string, name: string, email?: string}|undefined} */
export function currentAccount() {
  try {
    const a = JSON.parse(localStorage.getItem(KEY) ?? 'null');
    return a && typeof a.subject === 'string' ? a : undefined;
  } catch {
    return undefined;
  }
}

/** Remembers a verified account. */
export function rememberAccount(account) {
  try {
    localStorage.setItem(KEY, JSON.stringify(account));
  } catch {
    // not remembered: this page still shows it
  }
}

/** Forgets the account and Klarna's network session token (checkout.js's hand-off to the checkout). */
export function signOut() {
  try {
    localStorage.removeItem(KEY);
    sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    // storage blocked: nothing was kept
  }
}
