/**
 * Klarna's Web SDK types, transcribed by hand from Klarna's Typedoc pages, one namespace per revision of
 * `https://js.klarna.com/web-sdk/v2/klarna.mjs` (R6, R8, V2) plus the legacy v1 `Interoperability.resolve()`.
 *
 * The emulator (`klarna.js`, `sdk/*.js`) is checked against these types by `tsc --noEmit -p www/sandbox`
 * (`npm test`): a shape it hands out that Klarna's types don't name fails the check.
 *
 * Every interface names the page it came from (`WSDK` = https://docs.klarna.com/websdk). Where no copy of
 * Klarna's pages at hand shows a shape, the comment says "unconfirmed" and what the shape follows instead;
 * the hosted page tolerates both readings there. Only the parts the hosted page and the emulator use are
 * transcribed (no Customer, no shipping callbacks, `Identity` only by its members the emulator has): an
 * omission is not a claim that Klarna lacks it.
 */

// ───────────────────────────── shared by every revision ─────────────────────────────

/** Sign in with Klarna: `Identity` of r8's `klarna.Klarna` (`WSDK/v2-r8/interfaces/klarna.Klarna.html`). Its
 * members are not transcribed from a Klarna page: these are what the emulator's `sdk/identity.js` offers
 * (`docs/signin.md`), unconfirmed. */
export interface KlarnaIdentity {
  button(config: { scope: string; redirectUri: string; interactionMode?: InitiationMode; theme?: Theme; shape?: ButtonShape; logoAlignment?: string }): unknown;
  on(event: 'signin' | 'error', callback: (payload: any) => unknown): void;
  off(event: 'signin' | 'error', callback: (payload: any) => unknown): void;
}

/** `WSDK/v2-r6/enums/constants.PaymentPresentationInstruction.html` (same values in r8 and v2). */
export type Instruction = 'HIDE_KLARNA' | 'SHOW_KLARNA' | 'PRESELECT_KLARNA' | 'SHOW_ONLY_KLARNA';

/** `WSDK/v2-r8/interfaces/payment.PaymentPresentationData.html` (`intents`). */
export type Intent = 'PAY' | 'SUBSCRIBE' | 'SIGNUP' | 'SIGNIN' | 'DONATE';

/** `WSDK/v2-r6/interfaces/common.ButtonConfiguration.html`. */
export type ButtonShape = 'default' | 'pill' | 'rect';
/** `WSDK/v2-r6/interfaces/common.ButtonConfiguration.html`. */
export type Theme = 'default' | 'light' | 'dark' | 'outlined';
/** `WSDK/v2-r6/interfaces/common.ButtonConfiguration.html`, `WSDK/v2-r6/enums/constants.FlowInitiationMode.html`. */
export type InitiationMode = 'DEVICE_BEST' | 'REDIRECT' | 'ON_PAGE' | 'POPUP';
/** `WSDK/v2-r6/interfaces/payment.PaymentPresentation.html` (`icon.component`'s `shape`). */
export type IconShape = 'default' | 'badge' | 'rectangle' | 'square';
/** `WSDK/v2-r8/interfaces/klarna.SDKConfig.html`. */
export type Product = 'PAYMENT' | 'CUSTOMER' | 'IDENTITY' | 'MESSAGING';

/** A rendered Klarna part. Unconfirmed on Klarna's pages (`KlarnaUIElement` is listed in every revision's
 * hierarchy, its members are not in the copies at hand); the members follow Adyen's `klarna-web-sdk-types.ts`. */
export interface KlarnaUIElement {
  htmlElement: HTMLElement;
  mount(container: string | Element): KlarnaUIElement;
  unmount(): KlarnaUIElement;
}

/** `KlarnaPaymentButton` (`WSDK/v2-r6/hierarchy.html`: a `KlarnaButton`, itself a `KlarnaUIElement`);
 * `toggleState` follows Adyen's code (unconfirmed). */
export interface KlarnaPaymentButton extends KlarnaUIElement {
  toggleState(state: 'loading' | 'disabled', on?: boolean): void;
}

/** `WSDK/v2-r6/enums/constants.ErrorType.html`. */
export type ErrorType = 'ACCESS_ERROR' | 'INPUT_ERROR' | 'RESOURCE_ERROR' | 'TECHNICAL_ERROR';
/** `ErrorCode` (`WSDK/v2-r6/modules/constants.html` lists the enumeration; its members are not in the copies at
 * hand): unconfirmed, a string. The emulator's codes are its own (`docs/sandbox.md`). */
export type ErrorCode = string;
/** `ValidationError` (`WSDK/v2-r6/modules/payment.html`): members unconfirmed. */
export interface ValidationError {
  [key: string]: unknown;
}

/** `WSDK/v2-r6/types/payment.PaymentRequestStateType.html` values, from
 * `WSDK/v2-r8/enums/constants.PaymentRequestState.html`. */
export type PaymentRequestState = 'SUBMITTED' | 'IN_PROGRESS' | 'COMPLETED' | 'EXPIRED' | 'CANCELED';
/** `WSDK/v2-r8/types/payment.PaymentRequestStateReasonType.html` values. */
export type PaymentRequestStateReason = 'PARTNER_CANCELED' | 'PURCHASE_FLOW_ABORTED' | 'TECHNICAL_ERROR';

/** `WSDK/v2-r6/interfaces/payment.PaymentRequestData.html`: what `initiate` may resolve to create the payment
 * request on the client. */
export interface PaymentRequestData {
  amount?: number;
  currency: string;
  customerInteractionConfig?: { returnUrl?: string };
  paymentOptionId?: string;
  paymentRequestReference?: string;
  supplementaryPurchaseData?: unknown;
  /** The express fields of the latest types (`docs/express.md`; r8 names a `shippingConfig` instead): no copy
   * of that page is at hand, unconfirmed. The emulator's `sdk/express-journey.js` reads them. */
  collectCustomerProfile?: string[];
  collectShippingData?: { scopes: ('SHIPPING_ADDRESS' | 'SHIPPING_OPTION')[]; supportedCountries?: string[] };
  intent?: Intent;
  requestCustomerToken?: unknown;
}

/** What `initiate` resolves to, every revision: `WSDK/v2-r6/interfaces/payment.KlarnaPaymentButtonConfig.html`
 * (`PaymentRequestData`, `{paymentRequestId}`, `{returnUrl?}`) and `WSDK/v2/types/payment.PresentationInitiateCallback.html`
 * (adds `{paymentRequestUrl}`; `{paymentRequestId}` deprecated there). */
export type InitiateResult =
  | PaymentRequestData
  | { paymentRequestUrl: string }
  | { paymentRequestId: string }
  | { returnUrl?: string };

// ───────────────────────────── R6 (WSDK/v2-r6) ─────────────────────────────

export namespace R6 {
  /** `WSDK/v2-r6/interfaces/klarna.SDKConfig.html`. */
  interface SDKConfig {
    clientId: string;
    locale?: string;
    partnerAccountId?: string;
    sdkToken?: string;
  }

  /** `WSDK/v2-r6/interfaces/klarna.KlarnaJS.html` (Customer not transcribed). */
  interface KlarnaJS {
    Config: KlarnaConfig;
    Interoperability: KlarnaInteroperability;
    Payment: KlarnaPayment;
  }

  /** `WSDK/v2-r6/interfaces/config.KlarnaConfig.html`. */
  interface KlarnaConfig {
    setPartnerAccountId(partnerAccountId: string): Promise<void>;
    setSdkToken(sdkToken: string): Promise<void>;
  }

  /** `KlarnaInteroperability` (`WSDK/v2-r6/interfaces/klarna.KlarnaJS.html` names it): unconfirmed members, those of
   * `WSDK/v2-r8/interfaces/interoperability.KlarnaInteroperability.html` (`token()`, `on("tokenupdate")`). */
  interface KlarnaInteroperability {
    token(): string;
    on(event: 'tokenupdate', callback: (token: string) => void): void;
    off(event: 'tokenupdate', callback: (token: string) => void): void;
  }

  /** `WSDK/v2-r6/interfaces/payment.KlarnaPayment.html` (`presentation` from the same revision's module page). */
  interface KlarnaPayment {
    button(config: KlarnaPaymentButtonConfig): KlarnaPaymentButton;
    presentation(data: PaymentPresentationData): Promise<PaymentPresentation>;
    cancel(paymentRequestId: string): Promise<PaymentRequest>;
    fetch(paymentRequestId: string): Promise<PaymentRequest>;
    on(event: 'complete', callback: OnCompleteCallback): void;
    on(event: 'abort', callback: OnAbortCallback): void;
    on(event: 'error', callback: OnErrorCallback): void;
    on(event: 'presentationupdate', callback: OnPresentationUpdateCallback): void;
    off(event: string, callback: Function): void;
  }

  /** `PaymentPresentationData` (`WSDK/v2-r6/modules/payment.html` lists it; the page is not in the copies at
   * hand): unconfirmed, r8's fields. */
  interface PaymentPresentationData {
    amount: number;
    currency: string;
    locale: string;
    intents?: Intent[];
  }

  /** `WSDK/v2-r6/interfaces/payment.PaymentPresentation.html`: the parts at the top level. */
  interface PaymentPresentation {
    instruction: Instruction;
    header: { component: () => KlarnaUIElement; text: string };
    subheader: {
      enriched: { component: () => KlarnaUIElement; link: { href: string; linkText: string }; text: string };
      short: { component: () => KlarnaUIElement; text: string };
    };
    icon: {
      alt: string;
      badgeImageUrl: string;
      rectangleImageUrl: string;
      squareImageUrl: string;
      component: (config: { shape: IconShape }) => KlarnaUIElement;
    };
    paymentButton: { component: (config: KlarnaPaymentButtonConfig) => KlarnaPaymentButton; text: string };
  }

  /** `WSDK/v2-r6/interfaces/payment.KlarnaPaymentButtonConfig.html`: `initiate` takes no arguments. */
  interface KlarnaPaymentButtonConfig {
    disabled?: boolean;
    id?: string;
    initiate?: () => Promise<InitiateResult>;
    initiationMode?: InitiationMode;
    intents?: Intent[];
    loading?: boolean;
    locale?: string;
    shape?: ButtonShape;
    theme?: Theme;
  }

  /** `WSDK/v2-r6/interfaces/payment.PaymentError.html`. */
  interface PaymentError {
    errorCode: ErrorCode;
    errorId: string;
    errorMessage: string;
    errorType: ErrorType;
    validationErrors?: ValidationError[];
  }

  /** `PaymentRequest` (`WSDK/v2-r6/modules/payment.html`): the fields of `WSDK/v2-r8/interfaces/payment.PaymentRequest.html`. */
  interface PaymentRequest {
    paymentRequestId: string;
    state: PaymentRequestState;
    previousState?: PaymentRequestState;
    stateReason?: PaymentRequestStateReason;
    stateContext?: { paymentToken?: string; interoperabilityToken?: string };
  }

  /** `OnCompleteCallback`: resolving `false` keeps the SDK from following `returnUrl`. */
  type OnCompleteCallback = (paymentRequest: PaymentRequest) => Promise<boolean> | boolean | void;
  /** `OnAbortCallback`. */
  type OnAbortCallback = (paymentRequest: PaymentRequest) => Promise<void> | void;
  /** `WSDK/v2-r6/types/payment.OnErrorCallback.html`: the payment request is not optional in r6. */
  type OnErrorCallback = (error: PaymentError | Error, paymentRequest: PaymentRequest) => Promise<void> | void;
  /** `WSDK/v2-r6/types/payment.OnPresentationUpdateCallback.html`. */
  type OnPresentationUpdateCallback = (presentation: PaymentPresentation) => void;
}

// ───────────────────────────── R8 (WSDK/v2-r8) ─────────────────────────────

export namespace R8 {
  /** `WSDK/v2-r8/interfaces/klarna.SDKConfig.html`. */
  interface SDKConfig {
    clientId: string;
    locale?: string;
    partnerAccountId?: string;
    products?: Product[];
    sdkToken?: string;
  }

  /** `WSDK/v2-r8/interfaces/klarna.Klarna.html` (Customer not transcribed). `Messaging` is in the r8
   * klarna module (`WSDK/v2-r8/modules/klarna.html`: `KlarnaMessaging`); that it hangs here is unconfirmed. */
  interface Klarna {
    Config: R6.KlarnaConfig;
    Identity: KlarnaIdentity;
    Interoperability: R6.KlarnaInteroperability;
    Messaging: KlarnaMessaging;
    Payment: KlarnaPayment;
  }

  /** `WSDK/v2-r8/interfaces/payment.KlarnaPayment.html`. */
  interface KlarnaPayment {
    button(config: KlarnaPaymentButtonConfig): KlarnaPaymentButton;
    presentation(data: PaymentPresentationData): Promise<PaymentPresentation>;
    cancel(paymentRequestId: string): Promise<PaymentRequest>;
    fetch(paymentRequestId: string): Promise<PaymentRequest>;
    on(event: 'complete', callback: R6.OnCompleteCallback): void;
    on(event: 'abort', callback: R6.OnAbortCallback): void;
    on(event: 'error', callback: OnErrorCallback): void;
    on(event: 'presentationupdate', callback: (presentation: PaymentPresentation) => void): void;
    off(event: string, callback: Function): void;
  }

  /** `WSDK/v2-r8/interfaces/payment.PaymentPresentationData.html`. */
  interface PaymentPresentationData {
    amount: number;
    currency: string;
    intents?: Intent[];
    locale: string;
  }

  /** One presented option of the r8 answer: unconfirmed (the r8 `PaymentPresentation` page is not in the copies at
   * hand). The parts expose only `component()`, as on `WSDK/v2/interfaces/payment.PaymentPresentation.html`;
   * `paymentOptionId`, `message` and the saved option's `badge` follow Klarna's demo
   * (akinwebdev/klarna-network-payment-selector) and Adyen's `KlarnaNetwork`. */
  interface PresentedOption {
    paymentOptionId: string;
    header: { component: () => KlarnaUIElement };
    subheader: { component: () => KlarnaUIElement };
    icon: { component: (config?: { shape: IconShape }) => KlarnaUIElement };
    message: { component: () => KlarnaUIElement };
    badge?: { component: () => KlarnaUIElement };
    paymentButton: { component: (config: KlarnaPaymentButtonConfig) => KlarnaPaymentButton };
  }

  /** The r8 answer: unconfirmed, see `PresentedOption`. `paymentStatus` is named on
   * `WSDK/v2/interfaces/payment.PaymentPresentation.html`. */
  interface PaymentPresentation {
    instruction: Instruction;
    paymentOption: PresentedOption;
    savedPaymentOption?: PresentedOption;
    paymentStatus?: PaymentStatus;
  }

  /** `WSDK/v2/interfaces/payment.PaymentPresentation.html` (`paymentStatus`). */
  type PaymentStatus = 'PENDING_PARTNER_AUTHORIZATION' | 'REQUIRES_CUSTOMER_ACTION';

  /** `WSDK/v2-r8/interfaces/common.ButtonConfiguration.html` plus `initiate`, whose r8 form is unconfirmed:
   * Klarna's demo reads `{klarnaNetworkSessionToken, paymentOptionId}` from it (r6's takes nothing). */
  interface KlarnaPaymentButtonConfig {
    disabled?: boolean;
    hideOverlay?: boolean;
    id?: string;
    initiate?: (params?: { klarnaNetworkSessionToken?: string; paymentOptionId?: string }) => Promise<InitiateResult>;
    initiationMode?: InitiationMode;
    intents?: Intent[];
    loading?: boolean;
    locale?: string;
    shape?: ButtonShape;
    theme?: Theme;
  }

  /** `WSDK/v2-r8/interfaces/payment.PaymentError.html` (a `KlarnaError`, `WSDK/v2-r8/interfaces/common.KlarnaError.html`). */
  interface PaymentError {
    errorCode: ErrorCode;
    errorId: string;
    errorMessage: string;
    errorType: ErrorType;
    name: string;
    originalError?: unknown;
    validationErrors?: ValidationError[];
  }

  /** `WSDK/v2-r8/interfaces/payment.PaymentRequest.html`, `…PaymentRequestStateContext.html`. */
  interface PaymentRequest {
    paymentRequestId: string;
    state: PaymentRequestState;
    previousState?: PaymentRequestState;
    stateReason?: PaymentRequestStateReason;
    stateContext?: { paymentToken?: string; interoperabilityToken?: string };
  }

  /** `WSDK/v2-r8/types/payment.OnErrorCallback.html`: the payment request is optional. */
  type OnErrorCallback = (error: PaymentError | Error, paymentRequest?: PaymentRequest) => Promise<void> | void;

  /** `Messaging.placement(options)` (`WSDK/v2/interfaces/messaging.KlarnaPlacementOptions.html`). */
  interface KlarnaMessaging {
    placement(options: KlarnaPlacementOptions): KlarnaPlacement;
  }

  /** `WSDK/v2/interfaces/messaging.KlarnaPlacementOptions.html`; `currency` follows Klarna's acquirer OSM guide. */
  interface KlarnaPlacementOptions {
    key: PlacementKey;
    amount?: number;
    currency?: string;
    locale?: string;
    theme?: Theme;
    messagePrefix?: string;
    instance?: string;
  }

  /** `WSDK/v2-r6/enums/klarna.PlacementKey.html`. */
  type PlacementKey =
    | 'checkout' | 'credit-promotion-auto-size' | 'credit-promotion-badge' | 'footer' | 'homepage-banner'
    | 'info-page' | 'sidebar' | 'top-strip-promotion-auto-size' | 'top-strip-promotion-badge';

  /** `KlarnaPlacement` (a `KlarnaUIElement`, `WSDK/v2-r8/hierarchy.html`); `key` and `text` are the emulator's extras. */
  interface KlarnaPlacement {
    key: PlacementKey;
    text: string;
    mount(container: string | Element): KlarnaPlacement;
    unmount(): KlarnaPlacement;
  }
}

// ───────────────────────────── V2 (WSDK/v2, the newest) ─────────────────────────────

export namespace V2 {
  /** `WSDK/v2/types/common.AcquiringConfig.html`. */
  type AcquiringConfig = { paymentAccountId: string } | { paymentAcquiringAccountId: string; paymentAccountReference: string };

  /** `SDKConfig`: r8's fields plus `acquiringConfig` (named by `WSDK/v2/types/common.AcquiringConfig.html`; that
   * `SDKConfig` carries it is unconfirmed: Adyen passes it there). */
  interface SDKConfig extends R8.SDKConfig {
    acquiringConfig?: AcquiringConfig;
  }

  /** `WSDK/v2/interfaces/klarna.Klarna.html` plus `Network.Session`
   * (`WSDK/v2/interfaces/network-session.KlarnaNetworkSession.html`) and `Messaging`, `Identity` (r8). */
  interface Klarna {
    Config: R6.KlarnaConfig;
    Identity: KlarnaIdentity;
    Interoperability: R6.KlarnaInteroperability;
    Messaging: R8.KlarnaMessaging;
    Network: { Session: KlarnaNetworkSession };
    Payment: KlarnaPayment;
  }

  /** `WSDK/v2/interfaces/network-session.KlarnaNetworkSession.html`. */
  interface KlarnaNetworkSession {
    token(): string;
    on(event: 'tokenupdate', callback: (token: string) => void): void;
    off(event: 'tokenupdate', callback: (token: string) => void): void;
  }

  /** `KlarnaPayment` of v2: r8's methods (the v2 page is not in the copies at hand: unconfirmed). */
  interface KlarnaPayment {
    button(config: KlarnaPaymentButtonConfig): KlarnaPaymentButton;
    presentation(data: PaymentPresentationData): Promise<PaymentPresentation>;
    cancel(paymentRequestId: string): Promise<PaymentRequest>;
    fetch(paymentRequestId: string): Promise<PaymentRequest>;
    on(event: 'complete', callback: (paymentRequest: PaymentRequest) => Promise<boolean> | boolean | void): void;
    on(event: 'abort', callback: (paymentRequest: PaymentRequest) => Promise<void> | void): void;
    on(event: 'error', callback: (error: PaymentError | Error, paymentRequest?: PaymentRequest) => Promise<void> | void): void;
    on(event: 'presentationupdate', callback: (presentation: PaymentPresentation) => void): void;
    off(event: string, callback: Function): void;
  }

  /** v2 presentation input: unconfirmed (the v2 page is not in the copies at hand). `intent` (singular) follows the
   * latest `PaymentRequestData` and Adyen's `KlarnaNetwork`, which sends `{amount, currency, locale, intent}`;
   * `acquiringConfig` as on `SDKConfig`. */
  interface PaymentPresentationData {
    amount: number;
    currency: string;
    locale: string;
    intent?: Intent;
    acquiringConfig?: AcquiringConfig;
  }

  /** `WSDK/v2/interfaces/common.PaymentPresentation.html`. `paymentStatus` is named on
   * `WSDK/v2/interfaces/payment.PaymentPresentation.html`, not on this list page: unconfirmed here. */
  interface PaymentPresentation {
    instruction: Instruction;
    paymentOptions: PaymentOption[];
    paymentStatus?: R8.PaymentStatus;
  }

  /** `WSDK/v2/interfaces/common.PaymentOption.html`: no payment button; `select()` when the shopper picks it. */
  interface PaymentOption {
    content: PaymentOptionContent;
    paymentOptionId: string;
    select: () => Promise<void>;
    selected: boolean;
  }

  /** `WSDK/v2/interfaces/common.PaymentOptionContent.html`: plain strings. */
  interface PaymentOptionContent {
    header: string;
    logo: Logo;
    subheader: string;
  }

  /** `WSDK/v2/interfaces/common.Logo.html`. */
  interface Logo {
    alt: string;
    url: string;
  }

  /** `WSDK/v2/types/payment.PresentationInitiateCallback.html`. */
  type PresentationInitiateCallback = (params: {
    acquiringConfig?: AcquiringConfig;
    klarnaNetworkSessionToken: string;
    paymentOptionId: string;
  }) => Promise<InitiateResult>;

  /** `KlarnaPaymentButtonConfig` of v2: r8's `ButtonConfiguration` with the `PresentationInitiateCallback`
   * (the v2 button page is not in the copies at hand: unconfirmed). */
  interface KlarnaPaymentButtonConfig {
    disabled?: boolean;
    hideOverlay?: boolean;
    id?: string;
    initiate?: PresentationInitiateCallback;
    initiationMode?: InitiationMode;
    loading?: boolean;
    locale?: string;
    shape?: ButtonShape;
    theme?: Theme;
  }

  /** `WSDK/v2/interfaces/payment.PaymentError.html`. */
  interface PaymentError extends R8.PaymentError {}

  /** `PaymentRequest` of v2: r8's, with the token under its newer name (`klarnaNetworkSessionToken`, the 2025
   * renaming of `payment_token`; unconfirmed in the SDK's `stateContext`). */
  interface PaymentRequest {
    paymentRequestId: string;
    state: PaymentRequestState;
    previousState?: PaymentRequestState;
    stateReason?: PaymentRequestStateReason;
    stateContext?: { klarnaNetworkSessionToken?: string; paymentToken?: string };
  }
}

// ───────────────────────────── legacy: v1 Interoperability.resolve() ─────────────────────────────

export namespace Legacy {
  /** `WSDK/v1/types/interoperability.InteroperabilityContext.html` (camelCase; the first typedocs used snake_case). */
  interface InteroperabilityContext {
    interoperabilityToken?: string;
    merchantReference?: string;
    platformReference?: string;
  }

  /** `WSDK/v1/types/interoperability.InteroperabilityOptions.html`. */
  interface InteroperabilityOptions {
    country?: string;
    currency: string;
    paymentAmount?: number;
  }

  /** `WSDK/typedocs/enums/interoperability.InteroperabilityStatus.html`. */
  type InteroperabilityStatus =
    | 'PAYMENT_SUPPORTED' | 'PAYMENT_UNSUPPORTED' | 'PAYMENT_PREPARED' | 'PAYMENT_PENDING_CONFIRMATION';

  /** `WSDK/v1/types/interoperability.InteroperabilityResponse.html`. */
  interface InteroperabilityResponse {
    status: InteroperabilityStatus;
    shoppingSessionId: string;
    paymentConfirmationToken?: string;
  }

  /** `Interoperability.resolve` (`WSDK/v1/types/interoperability.KlarnaInteroperability.html`). */
  type Resolve = (context: InteroperabilityContext, options: InteroperabilityOptions) => Promise<InteroperabilityResponse>;
}

// ───────────────────────────── the sandbox's own types (not Klarna's) ─────────────────────────────

/** `sdk/facts.js`, written by `checkout-core` (`core/src/sandbox.rs`). */
export interface SandboxFacts {
  amount_range: { min: number; max: number };
  instruction_triggers: Instruction[];
  fast_track_trigger: string;
  resolve_pending_trigger: string;
  markets: Record<string, { currency: string; locales: string[] }>;
  minor_digits: Record<string, number>;
  cases: Array<{
    token: string; amount: number; currency: string; locale: string;
    instruction: Instruction; saved_option: boolean; payment_status: R8.PaymentStatus;
  }>;
}

/** The emulator's revisions (`?surface=`). */
export type Surface = 'r6' | 'r8' | 'v2';
