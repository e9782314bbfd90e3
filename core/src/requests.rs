//! Reading the hosted page's request bodies (`…/klarna/authorize`,
//! `…/klarna/confirm`, `…/result`) like the merchant API's: every bad or
//! unknown field named by its path, every string capped.

use crate::api::{AuthorizeRequest, ConfirmRequest, ResultOutcome, ResultRequest};
use crate::errors::FieldError;
use crate::fields::Fields;
use crate::session::check_token_value;
use crate::text::check_id;
use serde_json::Value;

/// Longest Klarna id accepted (payment request, transaction, option).
pub const MAX_KLARNA_ID_LEN: usize = 255;
/// Longest `error_code` accepted in a result report.
pub const MAX_ERROR_CODE_LEN: usize = 64;

fn id(f: &mut Fields<'_>, name: &'static str, max: usize) -> Option<String> {
    let s = f.string(name, false)?;
    match check_id(s, max) {
        Ok(()) => Some(s.to_string()),
        Err(e) => {
            f.fail(name, e);
            None
        }
    }
}

fn token(f: &mut Fields<'_>) -> Option<String> {
    let s = f.string("klarna_network_session_token", false)?;
    match check_token_value(s) {
        Ok(()) => Some(s.to_string()),
        Err(e) => {
            f.fail("klarna_network_session_token", e);
            None
        }
    }
}

fn read<T>(
    body: &Value,
    fields: impl FnOnce(&mut Fields<'_>) -> Option<T>,
) -> Result<T, Vec<FieldError>> {
    let mut errors = Vec::new();
    let Some(mut f) = Fields::new(body, "", &mut errors) else {
        return Err(errors);
    };
    let out = fields(&mut f);
    f.finish(&mut errors);
    match out {
        Some(v) if errors.is_empty() => Ok(v),
        _ => Err(errors),
    }
}

/// Reads `POST …/klarna/authorize`'s body (`{}` or `null` for none).
pub fn read_authorize(body: &Value) -> Result<AuthorizeRequest, Vec<FieldError>> {
    if body.is_null() {
        return Ok(AuthorizeRequest::default());
    }
    read(body, |f| {
        Some(AuthorizeRequest {
            klarna_network_session_token: token(f),
            payment_option_id: id(f, "payment_option_id", MAX_KLARNA_ID_LEN),
        })
    })
}

/// Reads `POST …/klarna/confirm`'s body.
pub fn read_confirm(body: &Value) -> Result<ConfirmRequest, Vec<FieldError>> {
    read(body, |f| {
        let t = f.string("payment_confirmation_token", true)?;
        match check_token_value(t) {
            Ok(()) => Some(ConfirmRequest {
                payment_confirmation_token: t.to_string(),
            }),
            Err(e) => {
                f.fail("payment_confirmation_token", e);
                None
            }
        }
    })
}

/// Reads `POST …/result`'s body.
pub fn read_result(body: &Value) -> Result<ResultRequest, Vec<FieldError>> {
    read(body, |f| {
        let outcome = f.string("outcome", true).and_then(|o| {
            let parsed = ResultOutcome::parse(o);
            if parsed.is_none() {
                f.fail("outcome", "expected authorized, declined, aborted or error");
            }
            parsed
        });
        let req = ResultRequest {
            outcome: ResultOutcome::Error,
            payment_request_id: id(f, "payment_request_id", MAX_KLARNA_ID_LEN),
            payment_transaction_id: id(f, "payment_transaction_id", MAX_KLARNA_ID_LEN),
            klarna_network_session_token: token(f),
            error_code: id(f, "error_code", MAX_ERROR_CODE_LEN),
        };
        outcome.map(|outcome| ResultRequest { outcome, ..req })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn paths(e: Vec<FieldError>) -> Vec<String> {
        e.into_iter().map(|f| f.path).collect()
    }

    #[test]
    fn type_errors_and_unknown_fields_are_named() {
        let e = read_result(&json!({"outcome": 5, "error_code": ["x"], "extra": 1})).unwrap_err();
        assert_eq!(paths(e), ["outcome", "error_code", "extra"]);
        let e = read_authorize(&json!({"payment_option_id": 7, "nope": true})).unwrap_err();
        assert_eq!(paths(e), ["payment_option_id", "nope"]);
        let e = read_confirm(&json!([])).unwrap_err();
        assert_eq!(paths(e), ["$"]);
    }

    #[test]
    fn strings_are_capped() {
        let big = "E".repeat(2_000_000);
        let e = read_result(&json!({"outcome": "error", "error_code": big})).unwrap_err();
        assert_eq!(paths(e), ["error_code"]);
        let e = read_result(&json!({"outcome": "authorized", "payment_request_id": "a b"}))
            .unwrap_err();
        assert_eq!(paths(e), ["payment_request_id"]);
    }

    #[test]
    fn valid_bodies_read() {
        let r =
            read_result(&json!({"outcome": "aborted", "payment_request_id": "krn:pr:1"})).unwrap();
        assert_eq!(r.outcome, ResultOutcome::Aborted);
        assert_eq!(r.payment_request_id.as_deref(), Some("krn:pr:1"));
        assert_eq!(
            read_authorize(&Value::Null).unwrap(),
            AuthorizeRequest::default()
        );
        let a = read_authorize(&json!({"payment_option_id": "KLARNA"})).unwrap();
        assert_eq!(a.payment_option_id.as_deref(), Some("KLARNA"));
    }
}
