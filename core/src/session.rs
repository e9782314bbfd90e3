//! Validation of `POST /v1/sessions` and `PATCH /v1/sessions/{id}` bodies.
//!
//! Every problem is reported with its field path; nothing stops at the first.

mod create;
mod intents;
mod patch;

pub use create::{validate_new_session, validate_new_session_with, Rules};
pub use intents::{unsupported_intent, INTENTS, NOT_SUPPORTED_YET, SUPPORTED_INTENTS};
pub use patch::validate_patch;

use crate::fields::Fields;
use crate::money::MAX_AMOUNT_MINOR;
use serde::{Deserialize, Serialize};

pub use crate::network::{check_token_value, MAX_NETWORK_DATA_LEN, MAX_TOKEN_LEN};
pub use crate::order::{
    check_lines_sum, lines_total, read_nonempty_order_lines, read_order_lines, Customer, OrderLine,
};

/// A validated session-creation request, as stored. Its schema lists only
/// what a `POST /v1/sessions` body may carry: the fields Klarna or an
/// erasure fill in later are `schema(ignore)`d.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "amount": 11800, "currency": "EUR", "country": "DE", "locale": "de-DE",
    "merchant_reference": "order-123", "return_url": "https://shop.example/return",
    "order_lines": [{"name": "Sneakers", "quantity": 1, "unit_price": 11800, "total_amount": 11800}],
    "customer": {"email": "customer+de@klarna.com"}
})))]
pub struct NewSession {
    /// Total in minor units.
    #[cfg_attr(
        feature = "openapi",
        schema(minimum = 1, maximum = 100_000_000_000_i64)
    )]
    pub amount: i64,
    /// ISO 4217 code, the market's currency.
    #[cfg_attr(feature = "openapi", schema(pattern = "^[A-Z]{3}$"))]
    pub currency: String,
    /// ISO 3166-1 alpha-2 purchase country.
    #[cfg_attr(feature = "openapi", schema(pattern = "^[A-Z]{2}$"))]
    pub country: String,
    /// Klarna locale for the country.
    #[cfg_attr(feature = "openapi", schema(pattern = "^[a-z]{2}-[A-Z]{2}$"))]
    pub locale: String,
    /// The merchant's order reference.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 255))]
    pub merchant_reference: String,
    /// Order lines; their totals add up to `amount` (at least one line, or
    /// leave the field out).
    #[cfg_attr(
        feature = "openapi",
        schema(required = false, min_items = 1, max_items = 1000)
    )]
    pub order_lines: Vec<OrderLine>,
    /// The shopper.
    #[cfg_attr(feature = "openapi", schema(required = false))]
    pub customer: Customer,
    /// Where the shopper goes after paying.
    #[cfg_attr(feature = "openapi", schema(max_length = 2048))]
    pub return_url: String,
    /// Origins allowed to embed the hosted page.
    #[cfg_attr(feature = "openapi", schema(required = false, max_items = 20))]
    pub allowed_origins: Vec<String>,
    /// Klarna intents, `["PAY"]` by default.
    #[cfg_attr(
        feature = "openapi",
        schema(required = false, min_items = 1, max_items = 6)
    )]
    pub intents: Vec<String>,
    /// Klarna network session token, kept verbatim.
    #[cfg_attr(feature = "openapi", schema(max_length = 8192))]
    pub klarna_network_session_token: Option<String>,
    /// Serialized JSON for Klarna, server-only, forwarded unmodified.
    #[cfg_attr(feature = "openapi", schema(max_length = 16384))]
    pub klarna_network_data: Option<String>,
    /// The profile Klarna shared after an express checkout.
    #[cfg_attr(feature = "openapi", schema(ignore))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_profile: Option<crate::express::CustomerProfile>,
    /// The shipping details Klarna collected in an express checkout.
    #[cfg_attr(feature = "openapi", schema(ignore))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shipping: Option<crate::express::Shipping>,
    /// When the money is captured (`manual` unless the merchant asked otherwise).
    #[serde(default)]
    pub capture_method: crate::payment::CaptureMethod,
    /// When the shopper's personal data (customer, Klarna's profile and
    /// shipping) was erased, RFC 3339; amounts, states and Klarna ids stay.
    #[cfg_attr(feature = "openapi", schema(ignore))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub personal_data_erased_at: Option<String>,
}

/// A validated partial update of an open session. Its schema is the
/// `PATCH /v1/sessions/{id}` body: the fields only the server sets (from
/// Klarna or `POST …/network-token`) are `schema(ignore)`d.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionPatch {
    /// New total.
    #[cfg_attr(
        feature = "openapi",
        schema(minimum = 1, maximum = 100_000_000_000_i64)
    )]
    pub amount: Option<i64>,
    /// New currency.
    #[cfg_attr(feature = "openapi", schema(pattern = "^[A-Z]{3}$"))]
    pub currency: Option<String>,
    /// New locale.
    #[cfg_attr(feature = "openapi", schema(pattern = "^[a-z]{2}-[A-Z]{2}$"))]
    pub locale: Option<String>,
    /// New order lines.
    #[cfg_attr(feature = "openapi", schema(max_items = 1000))]
    pub order_lines: Option<Vec<OrderLine>>,
    /// What Klarna shared about the shopper (express checkout; never from a
    /// merchant's PATCH body).
    #[cfg_attr(feature = "openapi", schema(ignore))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_profile: Option<crate::express::CustomerProfile>,
    /// The shipping Klarna collected (express checkout; never from a PATCH body).
    #[cfg_attr(feature = "openapi", schema(ignore))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shipping: Option<crate::express::Shipping>,
    /// New `klarna_network_data` (from the merchant's server with a network
    /// token, `POST …/network-token`; never from a PATCH body).
    #[cfg_attr(feature = "openapi", schema(ignore))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub klarna_network_data: Option<String>,
}

/// Longest URL accepted (`return_url`, `image_url`, `product_url`).
pub const MAX_URL_LEN: usize = 2048;

/// What an amount must be, said the same way whatever was wrong with it (a
/// fraction, a string, a number past `i64`, zero or past the cap).
fn amount_reason() -> String {
    format!("expected a whole number of minor units from 1 to {MAX_AMOUNT_MINOR}")
}

/// Reads an amount field: an integer, else [`amount_reason`] (its range is
/// checked by [`check_amount`]).
pub(crate) fn read_amount(f: &mut Fields<'_>, name: &'static str, required: bool) -> Option<i64> {
    let v = if required {
        f.required(name)
    } else {
        f.raw(name)
    }?;
    let n = v.as_i64();
    if n.is_none() {
        f.fail(name, amount_reason());
    }
    n
}

pub(crate) fn check_amount(f: &mut Fields<'_>, name: &'static str, a: i64) {
    if a <= 0 || a > MAX_AMOUNT_MINOR {
        f.fail(name, amount_reason());
    }
}
