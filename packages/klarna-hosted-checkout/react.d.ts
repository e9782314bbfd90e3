// Type declarations of `klarna-hosted-checkout/react` (React 18 and 19).
import type { CSSProperties, ReactElement } from 'react';
import type { Appearance, CheckoutEvent, ExpressOptions } from './index.js';

interface Common { className?: string; style?: CSSProperties }

/** Props of {@link KlarnaCheckout}: the options of `createCheckout` without `target`. */
export interface KlarnaCheckoutProps extends Common {
  /** The session's `hosted_url`, or its id with `clientSecret` and `baseUrl`. Changing it mounts a new checkout. */
  session: string;
  clientSecret?: string;
  baseUrl?: string;
  /** A change updates the mounted checkout. */
  locale?: string;
  /** A change updates the mounted checkout; PATCH the session from your server first. */
  amount?: number;
  appearance?: Appearance;
  minHeight?: number;
  title?: string;
  onEvent?: (event: CheckoutEvent) => void;
}
/** The hosted checkout in an iframe (one, under StrictMode too). */
export function KlarnaCheckout(props: KlarnaCheckoutProps): ReactElement;

/** Props of {@link KlarnaExpressButton}: the express options without `target`, plus the checkout server's URL. */
export interface KlarnaExpressButtonProps extends Common, Omit<ExpressOptions, 'target'> {
  baseUrl: string;
}
/** Klarna's express button; `amount`, `currency`, `locale` and `details` changes update it. */
export function KlarnaExpressButton(props: KlarnaExpressButtonProps): ReactElement;

/** Props of {@link KlarnaPlacement}. */
export interface KlarnaPlacementProps extends Common {
  baseUrl?: string;
  /** A placement key, e.g. `credit-promotion-badge`. */
  placement: string;
  locale: string;
  amount?: number;
  currency?: string;
  theme?: 'default' | 'light' | 'dark' | 'outlined';
}
/** A Klarna on-site messaging placement; prop changes re-render it. */
export function KlarnaPlacement(props: KlarnaPlacementProps): ReactElement;
