// Type declarations of the `klarna-hosted-checkout` npm package (loader API and every event).

/** Appearance of the hosted page: colors, radius, font, spacing, light/dark. */
export interface Appearance {
  theme?: 'light' | 'dark';
  colors?: { background?: string; text?: string; accent?: string; border?: string; danger?: string; success?: string };
  radius?: string;
  font?: string;
  spacing?: string;
}

/** Options of {@link createCheckout}. */
export interface CheckoutOptions {
  /** The session's `hosted_url` (carries its client secret), or its id (`hcs_…`) with `clientSecret` and `baseUrl`. */
  session: string;
  /** The session's `client_secret`; optional when `session` is the `hosted_url`. */
  clientSecret?: string;
  /** The checkout server's URL, needed when `session` is an id. */
  baseUrl?: string;
  /** Where the checkout goes: a CSS selector or an element. Its content is replaced. */
  target: string | Element;
  /** A Klarna locale (language-country), e.g. `de-DE`; defaults to the session's. */
  locale?: string;
  /** Appearance of the hosted page. */
  appearance?: Appearance;
  /** Height (CSS px) the iframe reserves and keeps as its minimum; default {@link RESERVED_HEIGHT}. `0`: exactly the content's height. */
  minHeight?: number;
  /** The iframe's accessible title (default "Payment with Klarna"). */
  title?: string;
  /** Called with every event. The same events are dispatched on the target as `klarna-checkout:<type>`. */
  onEvent?: (event: CheckoutEvent) => void;
}

/** Klarna's presentation instruction. */
export type Instruction = 'HIDE_KLARNA' | 'SHOW_KLARNA' | 'PRESELECT_KLARNA' | 'SHOW_ONLY_KLARNA';

export interface ReadyEvent { type: 'ready' }
export interface AvailabilityEvent { type: 'availability'; instruction: Instruction }
export interface ResizeEvent { type: 'resize'; height: number }
export interface PaymentMethodSelectedEvent { type: 'payment_method_selected'; method: string }
export interface AuthorizedEvent { type: 'authorized'; payment_transaction_id: string }
export interface DeclinedEvent { type: 'declined' }
export interface AbortedEvent { type: 'aborted' }
/** Stable codes: `sdk_load_failed`, `sdk_blocked`, `sdk_load_timeout`, `sdk_init_failed`, `sdk_unsupported`, `presentation_failed`, `payment_failed`, `session_closed`, `invalid_appearance`, `protocol_version`, `invalid_config`, `frame_refused` (see the README). */
export interface ErrorEvent { type: 'error'; code: string; message: string }

/** Every event of the checkout. */
export type CheckoutEvent =
  | ReadyEvent | AvailabilityEvent | ResizeEvent | PaymentMethodSelectedEvent
  | AuthorizedEvent | DeclinedEvent | AbortedEvent | ErrorEvent;

/** Fields of {@link CheckoutHandle.update}; set them on the session (PATCH) first. */
export interface UpdateFields { amount?: number; currency?: string; locale?: string }

/** A command's failure. */
export interface CommandError extends Error { code?: string }

/** A mounted checkout. */
export interface CheckoutHandle {
  /** The iframe element. */
  readonly iframe: HTMLIFrameElement;
  /** The order changed: the hosted page re-reads the session and asks Klarna again. */
  update(fields: UpdateFields): Promise<void>;
  /** Passes a Klarna network session token to the checkout. */
  setNetworkSessionToken(token: string): Promise<void>;
  /** Removes the checkout; safe to call twice. */
  destroy(): void;
}

/** Creates the checkout. Throws a `TypeError` naming the bad option. */
export function createCheckout(options: CheckoutOptions, baseUrl?: string): CheckoutHandle;

/** Height (CSS px) the iframe reserves before the hosted page reports its own. */
export const RESERVED_HEIGHT: number;

/** Defines `<klarna-hosted-checkout session client-secret locale base-url>` (once). */
export function defineElement(name?: string, baseUrl?: string): void;

declare global {
  interface HTMLElementEventMap {
    'klarna-checkout:ready': CustomEvent<ReadyEvent>;
    'klarna-checkout:availability': CustomEvent<AvailabilityEvent>;
    'klarna-checkout:resize': CustomEvent<ResizeEvent>;
    'klarna-checkout:payment_method_selected': CustomEvent<PaymentMethodSelectedEvent>;
    'klarna-checkout:authorized': CustomEvent<AuthorizedEvent>;
    'klarna-checkout:declined': CustomEvent<DeclinedEvent>;
    'klarna-checkout:aborted': CustomEvent<AbortedEvent>;
    'klarna-checkout:error': CustomEvent<ErrorEvent>;
  }
  interface Window {
    /** Set by the `checkout.js` script tag. */
    KlarnaHostedCheckout?: { create(options: CheckoutOptions): CheckoutHandle; version: string };
  }
}

/** A notification the checkout server sends to a merchant's webhook endpoint. */
export interface CheckoutNotification {
  /** `evt_…`; deliveries of one event repeat it (deduplicate on it). */
  id: string;
  /** e.g. `session.authorized`, `payment.captured`, `payment.refunded`. */
  type: string;
  created_at: string;
  /** The session as `GET /v1/sessions/{id}` showed it right after the change. */
  data: Record<string, unknown>;
}

/**
 * Verifies `Checkout-Signature` (`t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`)
 * with the endpoint's secret and resolves to the parsed notification; rejects with an Error whose
 * `code` is `malformed`, `stale` or `mismatch`. Pass the raw body, before any JSON parsing.
 */
export function verifyNotification(
  body: string | Uint8Array,
  header: string,
  secret: string,
  options?: { toleranceSeconds?: number; now?: number },
): Promise<CheckoutNotification>;
