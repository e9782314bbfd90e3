//! Validation of `POST /v1/sessions` and `PATCH /v1/sessions/{id}` bodies.
//!
//! Every problem is reported with its field path; nothing stops at the first.

use crate::errors::FieldError;
use crate::fields::{is_http_url, Fields};
use crate::markets::{market, split_locale};
use crate::money::{currency, MAX_AMOUNT_MINOR};
use crate::origin::{check_origin, MAX_ALLOWED_ORIGINS};
use crate::text::check_text;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Klarna payment intents accepted in `intents`.
pub const INTENTS: &[&str] = &[
    "PAY",
    "SUBSCRIBE",
    "SIGNUP",
    "SIGNIN",
    "DONATE",
    "ADD_TO_WALLET",
];

/// Longest network session token accepted (Klarna's header limit).
pub const MAX_TOKEN_LEN: usize = 8192;

/// Longest `klarna_network_data` accepted, in bytes.
pub const MAX_NETWORK_DATA_LEN: usize = 16 * 1024;

/// One order line, amounts in minor units.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrderLine {
    /// Product name shown to the shopper.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 255))]
    pub name: String,
    /// Quantity, at least 1.
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 1000000))]
    pub quantity: i64,
    /// Price of one unit, minor units.
    #[cfg_attr(
        feature = "openapi",
        schema(minimum = 0, maximum = 100_000_000_000_i64)
    )]
    pub unit_price: i64,
    /// `quantity × unit_price`, minor units.
    #[cfg_attr(feature = "openapi", schema(minimum = 0))]
    pub total_amount: i64,
    /// Product image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 2048))]
    pub image_url: Option<String>,
    /// Product page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 2048))]
    pub product_url: Option<String>,
}

/// The shopper, as far as the merchant knows them.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Customer {
    /// E-mail address (decides the sandbox persona).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_length = 3, max_length = 254, format = Email))]
    pub email: Option<String>,
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
        check_currency(&mut f, c, Some(country));
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

/// The sum of the lines' `total_amount`s; `None` when it overflows (large
/// line totals must not wrap around to a sum that matches the amount).
pub fn lines_total(lines: &[OrderLine]) -> Option<i64> {
    lines
        .iter()
        .try_fold(0i64, |sum, l| sum.checked_add(l.total_amount))
}

/// Validates a network session token alone (for `POST …/network-token`).
pub fn check_token_value(token: &str) -> Result<(), String> {
    if token.is_empty() || token.len() > MAX_TOKEN_LEN {
        return Err(format!("expected 1 to {MAX_TOKEN_LEN} characters"));
    }
    if token.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("expected no whitespace or control characters".to_string());
    }
    Ok(())
}

/// Non-empty order lines must add up to `amount`.
pub(crate) fn check_lines_sum(f: &mut Fields<'_>, lines: &[OrderLine], amount: i64) {
    if lines.is_empty() {
        return;
    }
    match lines_total(lines) {
        Some(sum) if sum == amount => {}
        Some(sum) => f.fail(
            "order_lines",
            format!("line totals add up to {sum}, expected amount {amount}"),
        ),
        None => f.fail(
            "order_lines",
            format!("line totals add up to more than the largest amount, expected amount {amount}"),
        ),
    }
}

pub(crate) fn check_amount(f: &mut Fields<'_>, name: &'static str, a: i64) {
    if a <= 0 || a > MAX_AMOUNT_MINOR {
        f.fail(
            name,
            format!("expected minor units between 1 and {MAX_AMOUNT_MINOR}"),
        );
    }
}

fn check_currency(f: &mut Fields<'_>, c: &str, country: Option<&str>) {
    if currency(c).is_none() {
        f.fail(
            "currency",
            "expected an ISO 4217 code in upper case, e.g. EUR",
        );
        return;
    }
    if let Some(m) = country.and_then(market) {
        if m.currency != c {
            let msg = format!("Klarna accepts only {} in {}", m.currency, m.country);
            f.fail("currency", msg);
        }
    }
}

fn check_locale(f: &mut Fields<'_>, l: &str, country: Option<&str>) {
    if split_locale(l).is_none() {
        f.fail(
            "locale",
            "expected a Klarna language-country locale such as de-DE",
        );
        return;
    }
    if let Some(m) = country.and_then(market) {
        if !m.locales.contains(&l) {
            let msg = format!(
                "expected one of {} for country {}",
                m.locales.join(", "),
                m.country
            );
            f.fail("locale", msg);
        }
    }
}

fn check_market(
    f: &mut Fields<'_>,
    cur: Option<&str>,
    country: Option<&str>,
    locale: Option<&str>,
) {
    let known_country = match country {
        Some(c) if market(c).is_some() => Some(c),
        Some(_) => {
            f.fail(
                "country",
                "expected a Klarna market country code in upper case, e.g. DE",
            );
            None
        }
        None => None,
    };
    if let Some(c) = cur {
        check_currency(f, c, known_country);
    }
    if let Some(l) = locale {
        check_locale(f, l, known_country);
    }
}

fn read_token(f: &mut Fields<'_>) -> Option<String> {
    let (name, v) = f.raw_alias(&["klarna_network_session_token", "interoperability_token"])?;
    match v.as_str() {
        Some(s) => match check_token_value(s) {
            Ok(()) => Some(s.to_string()),
            Err(e) => {
                f.fail(name, e);
                None
            }
        },
        None => {
            f.fail(name, "expected a string");
            None
        }
    }
}

fn read_network_data(f: &mut Fields<'_>) -> Option<String> {
    let (name, v) = f.raw_alias(&["klarna_network_data", "interoperability_data"])?;
    let Some(s) = v.as_str() else {
        f.fail(name, "expected a string holding serialized JSON");
        return None;
    };
    if s.len() > MAX_NETWORK_DATA_LEN || serde_json::from_str::<Value>(s).is_err() {
        let msg = format!("expected serialized JSON of at most {MAX_NETWORK_DATA_LEN} bytes");
        f.fail(name, msg);
        return None;
    }
    Some(s.to_string())
}

fn read_customer(f: &mut Fields<'_>) -> Option<Customer> {
    let v = f.raw("customer")?;
    let path = f.path("customer");
    let mut errs = Vec::new();
    let Some(mut c) = Fields::new(v, &path, &mut errs) else {
        f.errors.append(&mut errs);
        return None;
    };
    let email = c.string("email", false);
    if let Some(e) = email {
        let ok = check_text(e, 3, 254).is_ok()
            && !e.contains(char::is_whitespace)
            && e.split_once('@')
                .is_some_and(|(a, b)| !a.is_empty() && b.contains('.'));
        if !ok {
            c.fail(
                "email",
                "expected an e-mail address of at most 254 characters, without spaces or control characters",
            );
        }
    }
    c.finish(&mut errs);
    f.errors.append(&mut errs);
    Some(Customer {
        email: email.map(str::to_string),
    })
}

pub(crate) fn read_order_lines(f: &mut Fields<'_>) -> Option<Vec<OrderLine>> {
    let v = f.raw("order_lines")?;
    let Some(arr) = v.as_array() else {
        f.fail("order_lines", "expected an array of order lines");
        return None;
    };
    if arr.len() > 1000 {
        f.fail("order_lines", "expected at most 1000 order lines");
        return None;
    }
    let mut lines = Vec::new();
    for (i, item) in arr.iter().enumerate() {
        let path = format!("{}[{i}]", f.path("order_lines"));
        let mut errs = Vec::new();
        if let Some(mut l) = Fields::new(item, &path, &mut errs) {
            let name = l.string("name", true);
            let qty = l.integer("quantity", true);
            let unit = l.integer("unit_price", true);
            let total = l.integer("total_amount", true);
            let image = l.string("image_url", false);
            let product = l.string("product_url", false);
            if let Some(Err(e)) = name.map(|n| check_text(n, 1, 255)) {
                l.fail("name", e);
            }
            if qty.is_some_and(|q| !(1..=1_000_000).contains(&q)) {
                l.fail("quantity", "expected an integer from 1 to 1000000");
            }
            if unit.is_some_and(|u| !(0..=MAX_AMOUNT_MINOR).contains(&u)) {
                l.fail("unit_price", "expected minor units from 0 upwards");
            }
            if let (Some(q), Some(u), Some(t)) = (qty, unit, total) {
                if q.checked_mul(u) != Some(t) {
                    l.fail("total_amount", "expected quantity × unit_price");
                }
            }
            for (n, url) in [("image_url", image), ("product_url", product)] {
                if url.is_some_and(|u| !is_http_url(u) || u.len() > MAX_URL_LEN) {
                    l.fail(
                        n,
                        format!(
                            "expected an absolute http(s) URL of at most {MAX_URL_LEN} characters"
                        ),
                    );
                }
            }
            l.finish(&mut errs);
            if let (Some(name), Some(q), Some(u), Some(t)) = (name, qty, unit, total) {
                lines.push(OrderLine {
                    name: name.to_string(),
                    quantity: q,
                    unit_price: u,
                    total_amount: t,
                    image_url: image.map(str::to_string),
                    product_url: product.map(str::to_string),
                });
            }
        }
        f.errors.append(&mut errs);
    }
    Some(lines)
}
