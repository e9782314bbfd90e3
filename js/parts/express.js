/** The express part `checkout.js` imports on demand (content-hashed URL, listed in /sri.json). */
export { express } from '../express.js';
export { mountAll } from '../express-markup.js';
