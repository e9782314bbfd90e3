//! The merchant API's session types: the create body and answer, the
//! merchant view of a session, its authorization, the session list.

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

/// The body of `POST /v1/sessions` as documented: the session and,
/// optionally, `authorize` (the server reads the body field by field,
/// `checkout_core::session::validate_new_session_with`). The server's
/// document folds it into one closed object (the flattened `allOf` would
/// refuse every body with `authorize`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateSessionBody {
    /// The session.
    #[serde(flatten)]
    pub session: crate::session::NewSession,
    /// `true` with `klarna_network_session_token`: create and authorize at
    /// once; the answer adds Klarna's `outcome` (or `authorize_error`).
    /// `true` or `false` (not `null`).
    #[cfg_attr(feature = "openapi", schema(value_type = bool, required = false))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorize: Option<bool>,
}
