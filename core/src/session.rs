//! Validation of `POST /v1/sessions` and `PATCH /v1/sessions/{id}` bodies.
//!
//! Every problem is reported with its field path; nothing stops at the first.

use crate::errors::FieldError;
use crate::fields::{is_http_url, Fields};
use crate::market_rules::{check_currency, check_locale, check_market};
use crate::money::MAX_AMOUNT_MINOR;
use crate::network::{read_network_data, read_token};
use crate::order::customer::read_customer;
use crate::origin::{check_origin, MAX_ALLOWED_ORIGINS};
use crate::text::check_text;
use serde::{Deserialize, Serialize};
use serde_json::Value;

pub use crate::network::{check_token_value, MAX_NETWORK_DATA_LEN, MAX_TOKEN_LEN};
pub use crate::order::{check_lines_sum, lines_total, read_order_lines, Customer, OrderLine};

/// Klarna payment intents (Klarna's `intents` names).
pub const INTENTS: &[&str] = &[
    "PAY",
    "SUBSCRIBE",
    "SIGNUP",
    "SIGNIN",
    "DONATE",
    "ADD_TO_WALLET",
];

/// Intents the checkout serves: a one-off payment (`PAY`), which Klarna may
/// present with its sign-in (`SIGNIN`) or as a donation (`DONATE`).
pub const SUPPORTED_INTENTS: &[&str] = &["PAY", "SIGNIN", "DONATE"];

/// Start of the reason of an intent the checkout can't serve yet (the
/// server answers `422` when that is all that is wrong).
pub const NOT_SUPPORTED_YET: &str = "not supported yet";

/// Why an intent of Klarna's is not served yet, when it is not.
pub fn unsupported_intent(intent: &str) -> Option<String> {
    let why = match intent {
        "SUBSCRIBE" => "subscriptions need a customer token and recurring charges",
        "ADD_TO_WALLET" => "saving Klarna to the shopper's wallet needs a customer token",
        "SIGNUP" => "signing up without a purchase needs a customer token",
        _ => return None,
    };
    Some(format!(
        "{NOT_SUPPORTED_YET}: {intent} ({why}, which this checkout does not create); \
         a session is a one-off payment: use {}",
        SUPPORTED_INTENTS.join(", ")
    ))
}

/// A validated session-creation request.
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
    /// Order lines; their totals add up to `amount`.
    #[cfg_attr(feature = "openapi", schema(required = false, max_items = 1000))]
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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_profile: Option<crate::express::CustomerProfile>,
    /// The shipping details Klarna collected in an express checkout.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shipping: Option<crate::express::Shipping>,
    /// When the money is captured (`manual` unless the merchant asked otherwise).
    #[serde(default)]
    pub capture_method: crate::payment::CaptureMethod,
    /// When the shopper's personal data (customer, Klarna's profile and
    /// shipping) was erased, RFC 3339; amounts, states and Klarna ids stay.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub personal_data_erased_at: Option<String>,
}

/// A validated partial update of an open session.
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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_profile: Option<crate::express::CustomerProfile>,
    /// The shipping Klarna collected (express checkout; never from a PATCH body).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shipping: Option<crate::express::Shipping>,
    /// New `klarna_network_data` (from the merchant's server with a network
    /// token, `POST …/network-token`; never from a PATCH body).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub klarna_network_data: Option<String>,
}

/// Longest URL accepted (`return_url`, `image_url`, `product_url`).
pub const MAX_URL_LEN: usize = 2048;

/// Rules that depend on where the server runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Rules {
    /// Whether `http://` origins of loopback hosts are allowed (sandbox
    /// mode, where the demo and the tests run on 127.0.0.1).
    pub http_loopback_origins: bool,
}

/// Validates a creation body with the production rules; on failure returns
/// every problem found.
pub fn validate_new_session(body: &Value) -> Result<NewSession, Vec<FieldError>> {
    validate_new_session_with(body, Rules::default())
}

/// Validates a creation body under `rules`; on failure returns every
/// problem found.
pub fn validate_new_session_with(
    body: &Value,
    rules: Rules,
) -> Result<NewSession, Vec<FieldError>> {
    let mut errors = Vec::new();
    let Some(mut f) = Fields::new(body, "", &mut errors) else {
        return Err(errors);
    };
    let amount = f.integer("amount", true);
    let cur = f.string("currency", true);
    let country = f.string("country", true);
    let locale = f.string("locale", true);
    let reference = f.string("merchant_reference", true);
    let return_url = f.string("return_url", true);
    let order_lines = read_order_lines(&mut f);
    let customer = read_customer(&mut f);
    let origins = f.strings("allowed_origins").unwrap_or_default();
    let intents = f.strings("intents");
    let token = read_token(&mut f);
    let data = read_network_data(&mut f);
    let capture_method = read_capture_method(&mut f);

    if let Some(a) = amount {
        check_amount(&mut f, "amount", a);
    }
    check_market(&mut f, cur, country, locale);
    if let Some(Err(e)) = reference.map(|r| check_text(r, 1, 255)) {
        f.fail("merchant_reference", e);
    }
    if let Some(u) = return_url {
        if !is_http_url(u) || u.len() > MAX_URL_LEN {
            f.fail(
                "return_url",
                format!("expected an absolute http(s) URL of at most {MAX_URL_LEN} characters"),
            );
        }
    }
    if origins.len() > MAX_ALLOWED_ORIGINS {
        f.fail(
            "allowed_origins",
            format!("expected at most {MAX_ALLOWED_ORIGINS} origins"),
        );
    } else {
        for (i, o) in origins.iter().enumerate() {
            if let Err(e) = check_origin(o, rules.http_loopback_origins) {
                f.fail(&format!("allowed_origins[{i}]"), e);
            }
        }
    }
    let intents: Vec<String> = match intents {
        None => vec!["PAY".to_string()],
        Some(list) => {
            if list.is_empty() || list.len() > INTENTS.len() {
                f.fail(
                    "intents",
                    format!("expected 1 to {} different intents", INTENTS.len()),
                );
            } else {
                for (i, it) in list.iter().enumerate() {
                    let name = format!("intents[{i}]");
                    if !INTENTS.contains(it) {
                        f.fail(&name, format!("expected one of {}", INTENTS.join(", ")));
                    } else if list[..i].contains(it) {
                        f.fail(&name, "expected each intent once");
                    } else if let Some(why) = unsupported_intent(it) {
                        f.fail(&name, why);
                    }
                }
            }
            list.iter().map(|s| s.to_string()).collect()
        }
    };
    if let (Some(lines), Some(a)) = (&order_lines, amount) {
        check_lines_sum(&mut f, lines, a);
    }
    f.finish(&mut errors);
    if !errors.is_empty() {
        return Err(errors);
    }
    // Every unwrap below is guarded by `errors.is_empty()`: each required
    // field recorded an error when it was absent.
    Ok(NewSession {
        amount: amount.unwrap_or_default(),
        currency: cur.unwrap_or_default().to_string(),
        country: country.unwrap_or_default().to_string(),
        locale: locale.unwrap_or_default().to_string(),
        merchant_reference: reference.unwrap_or_default().to_string(),
        order_lines: order_lines.unwrap_or_default(),
        customer: customer.unwrap_or_default(),
        return_url: return_url.unwrap_or_default().to_string(),
        allowed_origins: origins.iter().map(|s| s.to_string()).collect(),
        intents,
        klarna_network_session_token: token,
        klarna_network_data: data,
        customer_profile: None,
        shipping: None,
        capture_method: capture_method.unwrap_or_default(),
        personal_data_erased_at: None,
    })
}

fn read_capture_method(f: &mut Fields<'_>) -> Option<crate::payment::CaptureMethod> {
    let m = f.string("capture_method", false)?;
    let parsed = crate::payment::CaptureMethod::parse(m);
    if parsed.is_none() {
        f.fail("capture_method", "expected manual or automatic");
    }
    parsed
}

/// Validates a patch body against the session's country.
pub fn validate_patch(body: &Value, country: &str) -> Result<SessionPatch, Vec<FieldError>> {
    let mut errors = Vec::new();
    let Some(mut f) = Fields::new(body, "", &mut errors) else {
        return Err(errors);
    };
    let amount = f.integer("amount", false);
    let cur = f.string("currency", false);
    let locale = f.string("locale", false);
    let order_lines = read_order_lines(&mut f);
    if let Some(a) = amount {
        check_amount(&mut f, "amount", a);
    }
    if let Some(c) = cur {
        check_currency(&mut f, c);
    }
    if let Some(l) = locale {
        check_locale(&mut f, l, Some(country));
    }
    if amount.is_none() && cur.is_none() && locale.is_none() && order_lines.is_none() {
        f.fail(
            "$",
            "expected at least one of amount, currency, locale, order_lines",
        );
    }
    if let (Some(lines), Some(a)) = (&order_lines, amount) {
        check_lines_sum(&mut f, lines, a);
    }
    f.finish(&mut errors);
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(SessionPatch {
        amount,
        currency: cur.map(str::to_string),
        locale: locale.map(str::to_string),
        order_lines,
        ..SessionPatch::default()
    })
}

pub(crate) fn check_amount(f: &mut Fields<'_>, name: &'static str, a: i64) {
    if a <= 0 || a > MAX_AMOUNT_MINOR {
        f.fail(
            name,
            format!("expected minor units between 1 and {MAX_AMOUNT_MINOR}"),
        );
    }
}
