/** The Sign in with Klarna part `checkout.js` loads on demand (a versioned, SRI-checked file: scripts/publish-assets.mjs). */
export { signIn } from '../signin.js';
export { mountAll } from '../signin-markup.js';
