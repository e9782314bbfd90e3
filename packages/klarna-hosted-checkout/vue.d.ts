// Type declarations of `klarna-hosted-checkout/vue` (Vue 3.3+). Events are emitted by their type
// (`@authorized`, `@error`, …) and as `@event`.
import type { DefineComponent } from 'vue';
import type { Appearance, CheckoutEvent, ExpressEvent, ExpressOptions } from './index.js';

export interface KlarnaCheckoutProps {
  session: string;
  clientSecret?: string;
  baseUrl?: string;
  locale?: string;
  amount?: number;
  appearance?: Appearance;
  minHeight?: number;
  title?: string;
}
/** The hosted checkout in an iframe. */
export const KlarnaCheckout: DefineComponent<KlarnaCheckoutProps, {}, {}, {}, {}, {}, {}, {
  event: (e: CheckoutEvent) => void;
  ready: (e: CheckoutEvent) => void;
  availability: (e: CheckoutEvent) => void;
  resize: (e: CheckoutEvent) => void;
  payment_method_selected: (e: CheckoutEvent) => void;
  authorized: (e: CheckoutEvent) => void;
  declined: (e: CheckoutEvent) => void;
  aborted: (e: CheckoutEvent) => void;
  error: (e: CheckoutEvent) => void;
}>;

export type KlarnaExpressButtonProps = Omit<ExpressOptions, 'target' | 'onEvent'> & { baseUrl: string };
/** Klarna's express button. */
export const KlarnaExpressButton: DefineComponent<KlarnaExpressButtonProps, {}, {}, {}, {}, {}, {}, {
  event: (e: ExpressEvent) => void;
  ready: (e: ExpressEvent) => void;
  shipping_address_change: (e: ExpressEvent) => void;
  shipping_option_select: (e: ExpressEvent) => void;
  authorized: (e: ExpressEvent) => void;
  declined: (e: ExpressEvent) => void;
  aborted: (e: ExpressEvent) => void;
  error: (e: ExpressEvent) => void;
}>;

export interface KlarnaPlacementProps {
  baseUrl?: string;
  placement: string;
  locale: string;
  amount?: number;
  currency?: string;
  theme?: 'default' | 'light' | 'dark' | 'outlined';
}
/** A Klarna on-site messaging placement. */
export const KlarnaPlacement: DefineComponent<KlarnaPlacementProps>;
