//! Klarna's payment API behind one trait, [`KlarnaApi`]: the real client
//! ([`RealKlarna`], over HTTPS) and the offline emulator ([`crate::sandbox::SandboxKlarna`]).

use async_trait::async_trait;
use checkout_core::api::AcquiringConfig;
use checkout_core::presentation::Instruction;
use checkout_core::session::{Customer, OrderLine};
pub use transactions::{TransactionCall, TransactionOp, TransactionSnapshot};

pub mod idempotency;
pub mod management;
mod management_real;
pub mod management_wire;
mod metered;
pub mod notifications;
mod notifications_real;
pub mod notifications_wire;
pub mod payment_request;
pub mod purchase;
mod real;
pub mod recording;
pub mod requests;
pub mod transactions;
pub mod wire;

pub use metered::MeteredKlarna;
pub use payment_request::PaymentRequestInfo;
pub use real::RealKlarna;

/// Which authorization call this is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthorizeStep {
    /// The first call, from the SDK's `initiate`; Klarna may ask for a step-up
    /// journey, which will return the shopper to `return_url`.
    Initial {
        /// `step_up_config.customer_interaction_config.return_url`, carrying
        /// the `{klarna.payment_request.*}` placeholders.
        return_url: String,
    },
    /// The final authorization after a completed payment request.
    Final {
        /// The completed payment request.
        payment_request_id: String,
    },
}

/// Everything a `payment/authorize` call needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthorizeCall {
    /// `payment_request_reference`: our session id (webhooks correlate by it).
    pub session_id: String,
    /// `payment_transaction_reference`.
    pub transaction_reference: String,
    /// `purchase_reference`: the merchant's order reference.
    pub merchant_reference: String,
    /// Amount, minor units.
    pub amount: i64,
    /// Currency.
    pub currency: String,
    /// Order lines.
    pub order_lines: Vec<OrderLine>,
    /// The shopper.
    pub customer: Customer,
    /// The shipping Klarna collected (express checkout), sent back with
    /// the order.
    pub shipping: Option<checkout_core::express::Shipping>,
    /// Option the shopper chose, if the SDK said.
    pub payment_option_id: Option<String>,
    /// `Klarna-Network-Session-Token` header value.
    pub network_session_token: Option<String>,
    /// `klarna_network_data`, forwarded unmodified.
    pub network_data: Option<String>,
    /// `acquiring_config`: which payment account, when the acquirer names one.
    pub acquiring_config: Option<AcquiringConfig>,
    /// Initial or final.
    pub step: AuthorizeStep,
    /// `Klarna-Idempotency-Key` ([`idempotency::derive_key`]).
    pub idempotency_key: String,
    /// `Partner-Correlation-Id`: our request id, when known.
    pub correlation_id: Option<String>,
    /// Ask Klarna to capture at authorization (`capture_method: automatic`).
    pub capture_now: bool,
}

/// Klarna's answer to an authorization (serializable so the sandbox can
/// replay it for a repeated `Klarna-Idempotency-Key`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "result", rename_all = "snake_case")]
pub enum AuthorizeResult {
    /// A payment transaction was created.
    Approved {
        /// Its id.
        payment_transaction_id: String,
        /// Auto-capture and network data that came with it.
        #[serde(default)]
        extras: ApprovalExtras,
    },
    /// The shopper must finish a purchase journey first.
    StepUpRequired {
        /// The payment request to follow.
        payment_request_id: String,
        /// Its journey URL, when given.
        payment_request_url: Option<String>,
    },
    /// Klarna declined.
    Declined {
        /// Why, when Klarna said.
        reason: Option<String>,
    },
}

/// What an approval carries beyond the transaction id.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct ApprovalExtras {
    /// Captures Klarna made at authorization (`capture: "NOW"`): Klarna's
    /// `payment_capture_id` and amount.
    pub captures: Vec<(String, i64)>,
    /// `klarna_network_response_data`, verbatim, for the merchant.
    pub network_response_data: Option<String>,
    /// `payment_transaction.expires_at` (RFC 3339): when the uncaptured
    /// part of the authorization lapses, as Klarna said.
    #[serde(default)]
    pub expires_at: Option<String>,
    /// The partner account the call was made on: not Klarna's, stamped by
    /// the caller ([`crate::merchants::call_account::authorize_on`]) and kept on the
    /// payment for its later operations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partner_account_id: Option<String>,
}

/// Everything a payment-confirmation call needs (v1 `resolve()`'s
/// `PAYMENT_PENDING_CONFIRMATION`: the shopper already agreed; the acquirer
/// confirms with the `paymentConfirmationToken`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfirmCall {
    /// Our session id; not sent to Klarna (the token names the payment), kept
    /// by the sandbox with the call and on the transaction it opens.
    pub session_id: String,
    /// The `paymentConfirmationToken` (goes into the URL path, encoded).
    pub payment_confirmation_token: String,
    /// Currency of the session.
    pub currency: String,
    /// Amount of the session, minor units (`payment_amount`).
    pub amount: i64,
    /// `Klarna-Network-Session-Token` header value, when one is on file.
    pub network_session_token: Option<String>,
    /// The shopper; not sent to Klarna (the sandbox decides by its persona).
    pub customer: Customer,
    /// `Klarna-Idempotency-Key` ([`idempotency::derive_key`]).
    pub idempotency_key: String,
    /// `Partner-Correlation-Id`: our request id, when known.
    pub correlation_id: Option<String>,
}

/// Query of the server-side presentation fallback.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PresentationQuery {
    /// Klarna locale.
    pub locale: String,
    /// Amount, minor units.
    pub amount: i64,
    /// Currency.
    pub currency: String,
    /// Intents.
    pub intents: Vec<String>,
    /// Network session token, when one is on file.
    pub network_session_token: Option<String>,
    /// `acquiring_config[…]`: which payment account, when the acquirer names one.
    pub acquiring_config: Option<AcquiringConfig>,
}

/// Klarna's presentation answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Presentation {
    /// The instruction.
    pub instruction: Instruction,
    /// The whole answer as Klarna gave it (handed to the page unchanged).
    pub body: serde_json::Value,
}

/// A failed call to Klarna.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KlarnaError {
    /// Klarna failed (5xx), could not be reached, timed out or answered nonsense.
    Upstream(String),
    /// Klarna refused the request (4xx).
    Rejected {
        /// HTTP status Klarna answered.
        status: u16,
        /// Klarna's error message or code.
        message: String,
    },
}

impl std::fmt::Display for KlarnaError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            KlarnaError::Upstream(m) => write!(f, "Klarna is unavailable: {m}"),
            KlarnaError::Rejected { status, message } => {
                write!(f, "Klarna refused the request ({status}): {message}")
            }
        }
    }
}

impl std::error::Error for KlarnaError {}

/// How a [`KlarnaError::Rejected`] message carries Klarna's `Retry-After`
/// (whole seconds), appended by the real client's transport.
pub const RETRY_AFTER_MARK: &str = " (Retry-After: ";

impl KlarnaError {
    /// Whether the call's outcome is unknown and worth asking again rather
    /// than a refusal: Klarna failed or was not reached, or answered `408`
    /// (it gave up waiting), `409` (the idempotency key's first call is
    /// still running) or `429` (rate limited). Klarna may have carried out
    /// the request, so its result must be read from a replay of the same
    /// `Klarna-Idempotency-Key`, never taken as a refusal.
    pub fn is_retryable(&self) -> bool {
        matches!(
            self,
            KlarnaError::Upstream(_)
                | KlarnaError::Rejected {
                    status: 408 | 409 | 429,
                    ..
                }
        )
    }

    /// The delay Klarna asked for with `Retry-After` (seconds form), in
    /// milliseconds, when it did.
    pub fn retry_after_ms(&self) -> Option<i64> {
        let KlarnaError::Rejected { message, .. } = self else {
            return None;
        };
        let at = message.rfind(RETRY_AFTER_MARK)? + RETRY_AFTER_MARK.len();
        let secs: i64 = message[at..].strip_suffix(" s)")?.parse().ok()?;
        Some(secs.saturating_mul(1000))
    }
}

/// Klarna's payment API as the server uses it.
#[async_trait]
pub trait KlarnaApi: Send + Sync + 'static {
    /// `POST /v2/accounts/{partner}/payment/authorize` (initial or final).
    async fn authorize(&self, call: &AuthorizeCall) -> Result<AuthorizeResult, KlarnaError>;
    /// `GET /v2/accounts/{partner}/payment/presentation` (server-side fallback).
    async fn presentation(&self, query: &PresentationQuery) -> Result<Presentation, KlarnaError>;
    /// `POST /v2/accounts/{partner}/payment/confirmation-tokens/{token}/confirm`
    /// with `{currency, payment_amount}`; answered like an authorization.
    async fn confirm(&self, call: &ConfirmCall) -> Result<AuthorizeResult, KlarnaError>;
    /// Exchanges a network session token for an SDK token.
    async fn sdk_token(&self, network_session_token: &str) -> Result<String, KlarnaError>;
    /// Reads a payment request (one the Web SDK created on a merchant's page,
    /// for an express checkout): state, reference, amount, and what Klarna
    /// collected about the customer and the shipping.
    async fn payment_request(&self, id: &str) -> Result<PaymentRequestInfo, KlarnaError>;
    /// Captures part or all of a transaction; answers Klarna's `payment_capture_id`.
    async fn capture(&self, call: &TransactionCall) -> Result<String, KlarnaError>;
    /// Refunds part of a transaction or of one capture; answers Klarna's refund id.
    async fn refund(&self, call: &TransactionCall) -> Result<String, KlarnaError>;
    /// Releases the uncaptured rest of a transaction.
    async fn void(&self, call: &TransactionCall) -> Result<(), KlarnaError>;
    /// Reads a transaction back.
    async fn read_transaction(
        &self,
        payment_transaction_id: &str,
    ) -> Result<TransactionSnapshot, KlarnaError>;
    /// The longest one call can take before it gives up (the real client's
    /// time limit): a job that asks Klarna again about an operation runs only
    /// after its request's own call can no longer be in flight.
    /// No default: a wrapper that forgot to forward it made the in-process
    /// sandbox's pending operations wait as long as Klarna's API.
    fn longest_call(&self) -> std::time::Duration;
    /// Cancels a payment request that did not end in a transaction (Klarna
    /// asks acquirers to do so); `idempotency_key` makes retries safe.
    async fn cancel_payment_request(
        &self,
        payment_request_id: &str,
        idempotency_key: &str,
    ) -> Result<(), KlarnaError>;
    /// Reads a payment request's state (`SUBMITTED`, `IN_PROGRESS`,
    /// `COMPLETED`, `DECLINED`, `CANCELED`, `EXPIRED`): how the server checks
    /// a page's report instead of taking its word.
    /// Every client implements it: a wrapper that forgot to forward it
    /// left declined reports unconfirmed, so there is no default.
    async fn payment_request_state(&self, payment_request_id: &str) -> Result<String, KlarnaError>;
}
