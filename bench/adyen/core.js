// Adyen Web's core alone (AdyenCheckout): the baseline under bench/adyen/klarna.js.
import { AdyenCheckout } from '@adyen/adyen-web';

export { AdyenCheckout };
