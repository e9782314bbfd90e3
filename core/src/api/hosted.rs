//! The hosted page's calls: its config, the authorize and confirm bodies,
//! Klarna's outcome, the page's result report and the network token.

use super::{Authorization, KlarnaSdkConfig};
use crate::session::{Customer, OrderLine};
use crate::state::SessionState;
use serde::{Deserialize, Serialize};

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
    /// `true` while an authorization (or confirmation) of this `open`
    /// session is running at Klarna: the shopper reloaded the page while
    /// paying, or the instance that asked stopped and the check job will ask
    /// again. Absent otherwise. The page then shows no Klarna button and
    /// waits for the answer: the session turns `authorized` or `declined`,
    /// or stays `open` without this field (Klarna refused the call, or it
    /// ended without an answer and the page may try again).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub authorization_pending: bool,
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

/// Klarna's answer to an authorization, as the hosted page sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(
    tag = "result",
    rename_all = "SCREAMING_SNAKE_CASE",
    try_from = "super::authorize_wire::AuthorizeWire"
)]
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
