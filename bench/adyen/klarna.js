// Adyen Web's core + Klarna component, as a merchant using the npm package would import it (tree-shaken ESM).
// Bundled by bench/size.mjs with esbuild (minified, ESM, browser platform) for the size comparison.
import { AdyenCheckout, Klarna } from '@adyen/adyen-web';

export { AdyenCheckout, Klarna };
