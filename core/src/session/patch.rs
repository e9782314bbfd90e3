//! Validation of a `PATCH /v1/sessions/{id}` body into a [`SessionPatch`].

use super::{check_amount, read_amount, SessionPatch};
use crate::errors::FieldError;
use crate::fields::Fields;
use crate::market_rules::{check_currency, check_locale};
use crate::order::{check_lines_sum, read_order_lines};
use serde_json::Value;

/// Validates a patch body against the session's country.
pub fn validate_patch(body: &Value, country: &str) -> Result<SessionPatch, Vec<FieldError>> {
    let mut errors = Vec::new();
    let Some(mut f) = Fields::new(body, "", &mut errors) else {
        return Err(errors);
    };
    let amount = read_amount(&mut f, "amount", false);
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
