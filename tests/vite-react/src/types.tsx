// Compiled by `tsc --noEmit` only (never bundled): the package's React types accept the documented props and
// refuse wrong ones.
import { KlarnaCheckout, KlarnaExpressButton, KlarnaPlacement } from 'klarna-hosted-checkout/react';
import type { CheckoutEvent, ExpressEvent } from 'klarna-hosted-checkout';

export const ok = [
  <KlarnaCheckout session="https://checkout.example/hpp/hcs_x#cs=y" locale="en-GB" amount={5900}
    onEvent={(e: CheckoutEvent) => e.type === 'authorized' && e.payment_transaction_id} />,
  <KlarnaExpressButton baseUrl="https://checkout.example/" amount={11800} currency="GBP" locale="en-GB"
    sessionUrl="/session" shipping="options" onEvent={(e: ExpressEvent) => {
      if (e.type === 'shipping_address_change') e.updateWith({ amount: 11800, shipping_options: [] });
      if (e.type === 'authorized') return e.shipping?.address?.city;
    }} />,
  <KlarnaPlacement placement="credit-promotion-badge" locale="en-GB" amount={11800} />,
];

// @ts-expect-error amount is a number of minor units
export const wrongAmount = <KlarnaExpressButton baseUrl="x" amount="118" currency="GBP" locale="en-GB" sessionUrl="/s" />;
// @ts-expect-error a placement needs its locale
export const noLocale = <KlarnaPlacement placement="footer" />;
