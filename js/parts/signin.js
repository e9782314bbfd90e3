/** The Sign in with Klarna part `checkout.js` imports on demand (content-hashed URL, listed in /sri.json). */
export { signIn } from '../signin.js';
export { mountAll } from '../signin-markup.js';
