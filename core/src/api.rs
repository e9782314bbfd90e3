//! Wire types of the public HTTP API, shared by the server and the hosted page.
//!
//! JSON is snake_case, money is integer minor units, times are RFC 3339 UTC.

use crate::session::{Customer, OrderLine};
use crate::state::SessionState;
use serde::{Deserialize, Serialize};

/// Answer to `POST /v1/sessions`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedSession {
    /// Session id (`hcs_…`).
    pub id: String,
    /// Secret the hosted page uses for its API calls (`hcs_secret_…`).
    pub client_secret: String,
    /// URL of the hosted page; carries the client secret in its fragment,
    /// which browsers never send to a server.
    pub hosted_url: String,
    /// Always `open` at creation.
    pub state: SessionState,
    /// When the session expires.
    pub expires_at: String,
}

/// The authorization of an authorized session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Authorization {
    /// Klarna's payment transaction id.
    pub payment_transaction_id: String,
    /// Authorized amount, minor units.
    pub amount: i64,
    /// Currency of the amount.
    pub currency: String,
    /// When Klarna authorized it.
    pub authorized_at: String,
}

/// Answer to `GET /v1/sessions/{id}` (merchant view).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionView {
    /// Session id.
    pub id: String,
    /// Current state.
    pub state: SessionState,
    /// Total, minor units.
    pub amount: i64,
    /// Currency.
    pub currency: String,
    /// Purchase country.
    pub country: String,
    /// Klarna locale.
    pub locale: String,
    /// Merchant's reference.
    pub merchant_reference: String,
    /// Order lines.
    pub order_lines: Vec<OrderLine>,
    /// Where the shopper returns.
    pub return_url: String,
    /// Origins allowed to embed the hosted page.
    pub allowed_origins: Vec<String>,
    /// Klarna intents.
    pub intents: Vec<String>,
    /// Whether a network session token is on file (the token itself is not echoed).
    pub has_network_session_token: bool,
    /// The shopper as the merchant sent them (absent once erased, or when
    /// nothing was sent).
    #[serde(default, skip_serializing_if = "Customer::is_empty")]
    pub customer: Customer,
    /// When the shopper's personal data was erased (retention or
    /// `POST /v1/sessions/{id}/erase`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub personal_data_erased_at: Option<String>,
    /// Set once authorized.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorization: Option<Authorization>,
    /// The profile Klarna shared (express checkout).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_profile: Option<crate::express::CustomerProfile>,
    /// Where and how the order ships, as collected by Klarna (express checkout).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shipping: Option<crate::express::Shipping>,
    /// `manual` or `automatic`.
    #[serde(default)]
    pub capture_method: crate::payment::CaptureMethod,
    /// The payment after authorization: amounts, captures, refunds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment: Option<crate::operations::PaymentView>,
    /// Creation time.
    pub created_at: String,
    /// Expiry time.
    pub expires_at: String,
}

/// Answer to `GET /v1/sessions`: the merchant's sessions, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionList {
    /// Each as `GET /v1/sessions/{id}` shows it.
    pub data: Vec<SessionView>,
}

/// Klarna settings the hosted page needs to initialize the Web SDK.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KlarnaSdkConfig {
    /// Where to `import()` the SDK from.
    pub sdk_url: String,
    /// The acquirer's Klarna client id.
    pub client_id: String,
    /// The merchant's partner account id at Klarna, when acting on its behalf.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partner_account_id: Option<String>,
    /// Server-issued SDK token (exchanged from the network session token).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sdk_token: Option<String>,
    /// SDK products to load.
    pub products: Vec<String>,
    /// `sandbox`, `test` or `live`.
    pub mode: String,
    /// Time limit of one attempt at loading the SDK, in milliseconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub load_timeout_ms: Option<u32>,
}

/// An acquirer payment method shown beside Klarna (handled by the acquirer's
/// own form: choosing it hands over to the merchant page through an event).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OtherMethod {
    /// Stable id, e.g. `card`.
    pub id: String,
    /// Label shown to the shopper.
    pub label: String,
}

/// Answer to `GET /v1/sessions/{id}/config` (hosted page view).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HostedConfig {
    /// Session id.
    pub session_id: String,
    /// Current state.
    pub state: SessionState,
    /// Total, minor units.
    pub amount: i64,
    /// Currency.
    pub currency: String,
    /// Purchase country.
    pub country: String,
    /// Klarna locale.
    pub locale: String,
    /// Klarna intents.
    pub intents: Vec<String>,
    /// Merchant's order reference (shown on the confirmation).
    pub merchant_reference: String,
    /// Order lines.
    pub order_lines: Vec<OrderLine>,
    /// The shopper.
    pub customer: Customer,
    /// Network session token, verbatim, when one is on file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub klarna_network_session_token: Option<String>,
    /// Klarna SDK settings.
    pub klarna: KlarnaSdkConfig,
    /// Origins allowed to embed the page (exact `postMessage` targets).
    pub allowed_origins: Vec<String>,
    /// The acquirer's other methods.
    pub other_methods: Vec<OtherMethod>,
    /// Set when already authorized (a reload after paying shows the confirmation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorization: Option<Authorization>,
    /// Time limit of the page's API calls, in milliseconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_timeout_ms: Option<u32>,
    /// The merchant's `appearance` (the request's `appearance` query
    /// parameter), checked: the defaults when there was none.
    #[serde(default)]
    pub appearance: crate::appearance::Applied,
}

/// Body of `POST /v1/sessions/{id}/klarna/authorize` (from the SDK's `initiate`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuthorizeRequest {
    /// Token the SDK passed to `initiate`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub klarna_network_session_token: Option<String>,
    /// Payment option the shopper chose.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_option_id: Option<String>,
}

/// Body of `POST /v1/sessions/{id}/klarna/confirm`: the
/// `paymentConfirmationToken` of a `PAYMENT_PENDING_CONFIRMATION` resolve.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ConfirmRequest {
    /// The token, verbatim.
    pub payment_confirmation_token: String,
}

/// Answer of `GET /v1/messaging/config`: what a merchant's own pages need to
/// show Klarna's on-site messaging with the acquirer's Web SDK settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MessagingConfig {
    /// Web SDK module URL.
    pub sdk_url: String,
    /// The acquirer's Web SDK client id.
    pub client_id: String,
    /// Partner account id, when configured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partner_account_id: Option<String>,
    /// `sandbox`, `test` or `live`.
    pub mode: String,
    /// Klarna locales messaging can be shown in.
    pub locales: Vec<String>,
    /// Currencies messaging can be shown for.
    pub currencies: Vec<String>,
}

/// Klarna's answer to an authorization, as the hosted page sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "result", rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AuthorizeOutcome {
    /// A payment transaction exists; resolve `initiate` with `{returnUrl}`.
    Approved {
        /// Klarna's transaction id.
        payment_transaction_id: String,
        /// Where the SDK may send the shopper.
        return_url: String,
    },
    /// The shopper must finish a purchase journey.
    StepUpRequired {
        /// Klarna's payment request id.
        payment_request_id: String,
        /// Journey URL, when Klarna gave one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        payment_request_url: Option<String>,
    },
    /// Klarna declined.
    Declined {
        /// Why, when known.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
    },
}

/// What the hosted page reports after the SDK's `complete`, `abort` or `error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ResultOutcome {
    /// The SDK completed the payment.
    Authorized,
    /// Klarna declined.
    Declined,
    /// The shopper closed Klarna's journey.
    Aborted,
    /// The SDK or the network failed.
    Error,
}

impl ResultOutcome {
    /// The wire name (`authorized`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            ResultOutcome::Authorized => "authorized",
            ResultOutcome::Declined => "declined",
            ResultOutcome::Aborted => "aborted",
            ResultOutcome::Error => "error",
        }
    }

    /// Parses the wire name.
    pub fn parse(s: &str) -> Option<ResultOutcome> {
        [
            ResultOutcome::Authorized,
            ResultOutcome::Declined,
            ResultOutcome::Aborted,
            ResultOutcome::Error,
        ]
        .into_iter()
        .find(|o| o.as_str() == s)
    }
}

/// Body of `POST /v1/sessions/{id}/result`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResultRequest {
    /// What happened.
    pub outcome: ResultOutcome,
    /// Klarna's payment request id (step-up journeys).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_request_id: Option<String>,
    /// Klarna's transaction id (direct approvals).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_transaction_id: Option<String>,
    /// Token from the completed payment request, for the final authorization.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub klarna_network_session_token: Option<String>,
    /// Stable error code, for `error`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_code: Option<String>,
}

/// Answer to `POST /v1/sessions/{id}/result`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResultResponse {
    /// The session's state after taking the result.
    pub state: SessionState,
    /// The authorization, when authorized.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorization: Option<Authorization>,
}

/// Body of `POST /v1/sessions/{id}/network-token`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NetworkTokenRequest {
    /// The token (the legacy name `interoperability_token` is accepted too).
    #[serde(alias = "interoperability_token")]
    pub klarna_network_session_token: String,
    /// Serialized JSON for Klarna, at most 16 KiB, merchant secret only
    /// (the legacy name `interoperability_data` is accepted too).
    #[serde(
        default,
        alias = "interoperability_data",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(max_length = 16384))]
    pub klarna_network_data: Option<String>,
}

/// The body of `POST /v1/sessions` as documented: the session and,
/// optionally, `authorize` (the server reads the body field by field,
/// `checkout_core::session::validate_new_session_with`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateSessionBody {
    /// The session.
    #[serde(flatten)]
    pub session: crate::session::NewSession,
    /// `true` with `klarna_network_session_token`: create and authorize at
    /// once; the answer adds Klarna's `outcome` (or `authorize_error`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorize: Option<bool>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authorize_outcome_wire_shape() {
        let a = AuthorizeOutcome::Approved {
            payment_transaction_id: "krn:t".into(),
            return_url: "https://r".into(),
        };
        let v = serde_json::to_value(&a).unwrap();
        assert_eq!(v["result"], "APPROVED");
        assert_eq!(v["return_url"], "https://r");
        let s: AuthorizeOutcome =
            serde_json::from_str(r#"{"result":"STEP_UP_REQUIRED","payment_request_id":"pr"}"#)
                .unwrap();
        assert_eq!(
            s,
            AuthorizeOutcome::StepUpRequired {
                payment_request_id: "pr".into(),
                payment_request_url: None
            }
        );
        let d: AuthorizeOutcome = serde_json::from_str(r#"{"result":"DECLINED"}"#).unwrap();
        assert_eq!(d, AuthorizeOutcome::Declined { reason: None });
    }

    #[test]
    fn result_outcome_names_match_serde() {
        for o in [
            ResultOutcome::Authorized,
            ResultOutcome::Declined,
            ResultOutcome::Aborted,
            ResultOutcome::Error,
        ] {
            assert_eq!(serde_json::to_value(o).unwrap(), o.as_str());
            assert_eq!(ResultOutcome::parse(o.as_str()), Some(o));
        }
    }

    #[test]
    fn network_token_accepts_legacy_name() {
        let r: NetworkTokenRequest =
            serde_json::from_str(r#"{"interoperability_token":"krn:x"}"#).unwrap();
        assert_eq!(r.klarna_network_session_token, "krn:x");
    }
}
