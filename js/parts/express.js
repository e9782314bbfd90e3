/** The express part `checkout.js` loads on demand (a versioned, SRI-checked file: scripts/publish-assets.mjs). */
export { express } from '../express.js';
export { mountAll } from '../express-markup.js';
