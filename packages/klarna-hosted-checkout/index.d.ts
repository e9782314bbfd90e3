// Type declarations of the `klarna-hosted-checkout` npm package (loader API, express button, Sign in with
// Klarna, on-site messaging, and every event). React and Vue: react.d.ts, vue.d.ts.

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
  /** Height (CSS px) the iframe reserves and keeps as its minimum; default {@link RESERVED_HEIGHT}. `0`: exactly the content's height. A whole number from 0 to 4000 (the content's height is capped at 4000 too). */
  minHeight?: number;
  /** The iframe's accessible title, a non-empty string (default, when absent or `null`: "Payment with Klarna"). */
  title?: string;
  /** Called with every event. The same events are dispatched on the target as `klarna-checkout:<type>`. */
  onEvent?: (event: CheckoutEvent) => void;
}

/** Klarna's presentation instruction. */
export type Instruction = 'HIDE_KLARNA' | 'SHOW_KLARNA' | 'PRESELECT_KLARNA' | 'SHOW_ONLY_KLARNA';

export interface ReadyEvent { type: 'ready' }
export interface AvailabilityEvent { type: 'availability'; instruction: Instruction }
export interface ResizeEvent { type: 'resize'; height: number }
/** `method` is one of the acquirer's other methods, or `klarna` with Klarna's `paymentOptionId` of the choice
 * (the standard or the saved option). */
export interface PaymentMethodSelectedEvent { type: 'payment_method_selected'; method: string; payment_option_id?: string }
export interface AuthorizedEvent { type: 'authorized'; payment_transaction_id: string }
export interface DeclinedEvent { type: 'declined' }
export interface AbortedEvent { type: 'aborted' }
/** Stable codes: `sdk_load_failed`, `sdk_blocked`, `sdk_load_timeout`, `sdk_init_failed`, `sdk_unsupported`, `presentation_failed`, `payment_failed`, `session_closed`, `invalid_appearance`, `protocol_version`, `invalid_config`, `frame_refused`, `session_unavailable` (see the README). */
/** `klarna_code`: Klarna's own `errorCode` when its SDK reported the failure (its `PaymentError`). */
export interface ErrorEvent { type: 'error'; code: string; message: string; klarna_code?: string }

/** Every event of the checkout. */
export type CheckoutEvent =
  | ReadyEvent | AvailabilityEvent | ResizeEvent | PaymentMethodSelectedEvent
  | AuthorizedEvent | DeclinedEvent | AbortedEvent | ErrorEvent;

/** Fields of {@link CheckoutHandle.update}; set them on the session (PATCH) first. */
export interface UpdateFields { amount?: number; currency?: string; locale?: string }

/**
 * A command's failure. `code` is stable: `session_mismatch` (the session doesn't have the `amount` or `currency`
 * given: PATCH it first), `invalid_locale`, `invalid_command` (the hosted page could not read it; the message
 * names the field), `session_ended` (the payment is over: paid, or the session closed; nothing changed), `timeout`,
 * `destroyed`, or the server's error code when re-reading the session failed.
 */
export interface CommandError extends Error { code?: string }

/** A mounted checkout. */
export interface CheckoutHandle {
  /** The iframe element. */
  readonly iframe: HTMLIFrameElement;
  /**
   * The order changed: the hosted page re-reads the session and asks Klarna again. An `amount` or `currency`
   * given is checked against the session re-read: a mismatch rejects with `session_mismatch` (the page shows
   * the session's values).
   */
  update(fields: UpdateFields): Promise<void>;
  /** Passes a Klarna network session token to the checkout. */
  setNetworkSessionToken(token: string): Promise<void>;
  /** Removes the checkout; safe to call twice. */
  destroy(): void;
}

/**
 * Creates the checkout. Throws a `TypeError` naming the bad option, also for an option name it does not know.
 * A checkout already in `target` (or inside it) is destroyed first.
 */
export function createCheckout(options: CheckoutOptions, baseUrl?: string): CheckoutHandle;

/** Height (CSS px) the iframe reserves before the hosted page reports its own. */
export const RESERVED_HEIGHT: number;

/** Defines `<klarna-hosted-checkout session client-secret locale base-url>` (once). */
export function defineElement(name?: string, baseUrl?: string): void;

/** A bad option: `option` names it (or its `data-*` attribute in markup). */
export interface OptionError extends TypeError { name: 'OptionError'; option: string }

/** Klarna's button look. */
export type ButtonTheme = 'default' | 'light' | 'dark' | 'outlined';
export type ButtonShape = 'default' | 'pill' | 'rect';

/** What the express button sends to the merchant's session endpoint (`sessionUrl`) or `createSession`. */
export interface ExpressSessionRequest { amount: number; currency: string; locale: string; details?: Record<string, unknown> }
/** What the merchant's endpoint answers: the `POST /v1/sessions` answer (at least these two fields). */
export interface ExpressSession { id: string; client_secret: string }

/** A postal address (snake_case, as Klarna collected it). */
export interface Address {
  street_address?: string; street_address2?: string; postal_code?: string; city?: string; region?: string; country?: string;
}
/** The profile Klarna shared. */
export interface CustomerProfile { given_name?: string; family_name?: string; email?: string; phone?: string; address?: Address }
/** Where and how the order ships. */
export interface Shipping {
  recipient?: { given_name?: string; family_name?: string; email?: string; phone?: string };
  address?: Address;
  shipping_option?: { reference: string; display_name?: string; amount?: number };
}
/** A shipping option the merchant offers in Klarna's journey. */
export interface ShippingOption { id: string; name: string; amount: number; description?: string; type?: string }
/** The merchant's answer to a shipping change (after PATCHing the session to `amount`), or a refusal. */
export type ShippingAnswer =
  | { amount: number; shipping_options?: ShippingOption[]; selected_shipping_option?: string }
  | { reject: true };

/** Options of {@link express}. */
export interface ExpressOptions {
  /** Where Klarna's button goes: a CSS selector or an element. */
  target: string | Element;
  /** Total, minor units (11800 for 118.00). */
  amount: number;
  /** The market's currency (GBP for en-GB). */
  currency: string;
  /** A Klarna locale, e.g. `en-GB`. */
  locale: string;
  /** Your server's endpoint that creates the session with the merchant API (POST, JSON); or `createSession`. */
  sessionUrl?: string;
  /** Creates the session through your server; or `sessionUrl`. */
  createSession?: (request: ExpressSessionRequest) => Promise<ExpressSession> | ExpressSession;
  /** What is being bought, for your server (e.g. `{sku, quantity}`). */
  details?: Record<string, unknown>;
  /** What Klarna collects: the address (default), the address and your shipping options, or nothing. */
  shipping?: 'address' | 'options' | 'none';
  theme?: ButtonTheme;
  shape?: ButtonShape;
  /** Every event; also dispatched on the target as `klarna-express:<type>`. */
  onEvent?: (event: ExpressEvent) => void;
}

export interface ExpressReadyEvent { type: 'ready' }
export interface ShippingAddressChangeEvent {
  type: 'shipping_address_change'; session_id: string; address: Address;
  /** Answer with the new total (after PATCHing the session) and your options, or `{reject: true}`. */
  updateWith(answer: ShippingAnswer | Promise<ShippingAnswer>): void;
}
export interface ShippingOptionSelectEvent {
  type: 'shipping_option_select'; session_id: string; option: { id: string };
  updateWith(answer: ShippingAnswer | Promise<ShippingAnswer>): void;
}
export interface ExpressAuthorizedEvent {
  type: 'authorized'; session_id: string; payment_transaction_id: string; amount: number; currency: string;
  customer_profile?: CustomerProfile; shipping?: Shipping;
}
export interface ExpressDeclinedEvent { type: 'declined'; session_id: string }
export interface ExpressAbortedEvent { type: 'aborted'; session_id?: string }
/** Codes: `invalid_option`, `config_unavailable`, `sdk_unavailable`, `session_failed`, `shipping_update_failed`, `authorization_failed`, `klarna_error`. */
export interface ExpressErrorEvent {
  type: 'error'; code: string; message: string; option?: string; session_id?: string;
  klarna_code?: string; klarna_error_id?: string; klarna_error_type?: string;
}
export type ExpressEvent =
  | ExpressReadyEvent | ShippingAddressChangeEvent | ShippingOptionSelectEvent
  | ExpressAuthorizedEvent | ExpressDeclinedEvent | ExpressAbortedEvent | ExpressErrorEvent;

/** A mounted express button. */
export interface ExpressHandle {
  /** Settles once the button is mounted (or its load failed, reported as an `error` event). */
  readonly ready: Promise<void>;
  update(fields: { amount?: number; currency?: string; locale?: string; details?: Record<string, unknown> }): Promise<void>;
  destroy(): void;
}

/** Mounts Klarna's express button. Throws an {@link OptionError} (also reported) for a bad option. */
export function express(options: ExpressOptions, baseUrl: string): ExpressHandle;

/** Options of {@link signIn}. */
export interface SignInOptions {
  target: string | Element;
  /** Scopes, e.g. `"openid offline_access profile:name profile:email"`. */
  scope: string;
  /** Your callback page (Klarna's redirect after a redirect journey). */
  redirectUri: string;
  locale?: string;
  theme?: ButtonTheme;
  shape?: ButtonShape;
  logoAlignment?: 'default' | 'left' | 'center';
  interactionMode?: 'DEVICE_BEST' | 'REDIRECT';
  onEvent?: (event: SignInEvent) => void;
}
export interface SignInReadyEvent { type: 'ready' }
/** Verify `id_token` on your server (`POST /v1/identity/verify`) before trusting anything here. */
export interface SignInSuccessEvent {
  type: 'signin'; id_token?: string; refresh_token?: string;
  profile?: CustomerProfile & { sub?: string; email_verified?: boolean; [claim: string]: unknown };
  /** Handed to the checkout as well (sessionStorage `klarna-hosted-checkout:network-session-token`). */
  klarna_network_session_token?: string;
}
export interface SignInErrorEvent { type: 'error'; code: string; message: string; option?: string; klarna_code?: string }
export type SignInEvent = SignInReadyEvent | SignInSuccessEvent | SignInErrorEvent;

/** Mounts Klarna's identity button. Throws an {@link OptionError} (also reported) for a bad option. */
export function signIn(options: SignInOptions, baseUrl: string): { readonly ready: Promise<void>; destroy(): void };

/** Renders every `[data-klarna-placement]` under `root` and keeps them current (docs/osm.md). */
export function mountPlacements(root?: ParentNode, options?: { configUrl?: string | URL }): { settled(): Promise<void>; disconnect(): void };

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
    /** Set by the `checkout.js` script tag (`baseUrl` is where checkout.js came from). */
    KlarnaHostedCheckout?: {
      create(options: CheckoutOptions): CheckoutHandle;
      express(options: ExpressOptions): Promise<ExpressHandle>;
      signIn(options: SignInOptions): Promise<{ readonly ready: Promise<void>; destroy(): void }>;
      /** Defines `<klarna-hosted-checkout>` for elements a script creates later (markup ones load it by themselves). */
      defineElement(): Promise<void>;
      version: string;
    };
  }
}

/** A notification the checkout server sends to a merchant's webhook endpoint. */
export interface CheckoutNotification {
  /** `evt_…`; deliveries of one event repeat it (deduplicate on it). */
  id: string;
  /** e.g. `session.authorized`, `payment.captured`, `payment.refunded`. */
  type: string;
  /** RFC 3339, whole seconds: several events of one session can share it. */
  created_at: string;
  /** The event's place among its session's events (1, 2, …, in the order they were written): order by it. */
  sequence: number;
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
