//! Validation of a `POST /v1/sessions` body into a [`NewSession`].

use super::intents::unsupported_intent;
use super::{check_amount, read_amount, NewSession, INTENTS, MAX_URL_LEN};
use crate::errors::FieldError;
use crate::fields::{is_http_url, Fields};
use crate::market_rules::check_market;
use crate::network::{read_network_data, read_token};
use crate::order::customer::read_customer;
use crate::order::{check_lines_sum, read_order_lines};
use crate::origin::{check_origin, MAX_ALLOWED_ORIGINS};
use crate::text::check_text;
use serde_json::Value;

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
    let amount = read_amount(&mut f, "amount", true);
    let cur = f.string("currency", true);
    let country = f.string("country", true);
    let locale = f.string("locale", true);
    let reference = f.string("merchant_reference", true);
    let return_url = f.string("return_url", true);
    // `[]` is a session without lines, as a `PATCH` with `[]` leaves one
    // (public contract: bodies written against it may send it).
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
