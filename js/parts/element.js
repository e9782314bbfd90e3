/** `<klarna-hosted-checkout>`, imported by `checkout.js` once the page has one (content-hashed URL, listed in /sri.json). */
export { defineElement } from '../element.js';
