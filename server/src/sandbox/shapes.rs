//! The emulator's answers in Klarna's JSON: what the sandbox would put on
//! the wire for each of its results (the inverse of the client's parsers in
//! [`crate::klarna::wire`], [`crate::klarna::transactions`], [`crate::klarna::notifications_wire`]).
//! The sandbox's recordings use them, and the contract tests replay every
//! recording of Klarna's against them: the emulator may leave out fields
//! Klarna sends, but every field it answers must be where Klarna puts it,
//! with the same JSON type, unless [`UNCONFIRMED`] says no recording of
//! Klarna's has shown it yet.

use crate::klarna::{AuthorizeCall, AuthorizeResult, KlarnaError};
use serde_json::{json, Value};

/// Fields the emulator answers that no copy of Klarna's pages shows (our
/// reading, marked inferred or unconfirmed where the client reads them):
/// `(operation, JSON pointer)`. A recording of Klarna's that lacks one of
/// them is reported, not failed; one that shows it elsewhere or with another
/// type fails.
pub const UNCONFIRMED: &[(&str, &str)] = &[
    ("authorize", "/klarna_network_response_data"),
    ("authorize", "/payment_transaction_response/result_reason"),
    ("authorize", "/payment_request"),
    ("authorize", "/payment_request/payment_request_id"),
    ("authorize", "/payment_request/payment_request_url"),
    ("authorize", "/payment_request/state"),
    (
        "authorize",
        "/payment_transaction_response/payment_transaction/payment_captures",
    ),
    (
        "authorize",
        "/payment_transaction_response/payment_transaction/payment_captures/[]",
    ),
    (
        "authorize",
        "/payment_transaction_response/payment_transaction/payment_captures/[]/payment_capture_id",
    ),
    (
        "authorize",
        "/payment_transaction_response/payment_transaction/payment_captures/[]/capture_amount",
    ),
    ("capture", "/payment_capture_id"),
    ("refund", "/payment_refund_id"),
    ("read_transaction", "/payment_transaction_id"),
    ("read_transaction", "/state"),
    ("read_transaction", "/amount"),
    ("read_transaction", "/currency"),
    ("read_transaction", "/captured_amount"),
    ("read_transaction", "/refunded_amount"),
    ("read_transaction", "/expires_at"),
    ("presentation", "/payment_option"),
    ("presentation", "/payment_option/payment_option_id"),
    ("presentation", "/payment_option/header"),
    ("presentation", "/payment_option/header/text"),
    ("presentation", "/saved_payment_option"),
    ("presentation", "/saved_payment_option/payment_option_id"),
    ("presentation", "/saved_payment_option/header"),
    ("presentation", "/saved_payment_option/header/text"),
    ("read_payment_request", "/payment_request_id"),
    ("read_payment_request", "/state"),
    ("read_payment_request", "/payment_request_reference"),
    ("read_payment_request", "/amount"),
    ("read_payment_request", "/currency"),
    ("webhook_received", "/metadata/live"),
    ("webhook_received", "/payload/payment_request_reference"),
    ("signing_key_create", "/signing_key"),
    ("signing_key_create", "/created_at"),
    ("webhook_create", "/url"),
    ("webhook_update", "/url"),
    ("webhook_list", "/webhooks/[]/url"),
    ("webhook_list", "/webhooks/[]/created_at"),
    ("webhook_received", "/metadata/simulated"),
];

/// Klarna's error body for `e` (status, body).
pub fn error(e: &KlarnaError) -> (u16, Value) {
    match e {
        KlarnaError::Rejected { status, message } => (
            *status,
            json!({"error_code": "BAD_REQUEST", "error_message": message, "error_id": "sandbox"}),
        ),
        KlarnaError::Upstream(m) => (
            503,
            json!({"error_code": "SERVICE_UNAVAILABLE", "error_message": m, "error_id": "sandbox"}),
        ),
    }
}

/// `payment/authorize`'s answer to `call` for `result` (also the
/// confirmation's). An approval follows Klarna's final-authorization example.
pub fn authorize(call: &AuthorizeCall, result: &AuthorizeResult) -> Value {
    match result {
        AuthorizeResult::Approved {
            payment_transaction_id,
            extras,
        } => {
            let mut txn = json!({
                "payment_transaction_id": payment_transaction_id,
                "payment_transaction_reference": call.transaction_reference,
                "amount": call.amount,
                "currency": call.currency,
            });
            if let Some(e) = &extras.expires_at {
                txn["expires_at"] = json!(e);
            }
            if !extras.captures.is_empty() {
                txn["payment_captures"] = extras
                    .captures
                    .iter()
                    .map(|(id, amount)| json!({"payment_capture_id": id, "capture_amount": amount}))
                    .collect();
            }
            let mut v = json!({"payment_transaction_response": {"result": "APPROVED", "payment_transaction": txn}});
            if let Some(d) = &extras.network_response_data {
                v["klarna_network_response_data"] = json!(d);
            }
            v
        }
        AuthorizeResult::StepUpRequired {
            payment_request_id,
            payment_request_url,
        } => {
            let mut pr = json!({"payment_request_id": payment_request_id, "state": "SUBMITTED"});
            if let Some(u) = payment_request_url {
                pr["payment_request_url"] = json!(u);
            }
            json!({"payment_transaction_response": {"result": "STEP_UP_REQUIRED"}, "payment_request": pr})
        }
        AuthorizeResult::Declined { reason } => {
            let mut r = json!({"result": "DECLINED"});
            if let Some(why) = reason {
                r["result_reason"] = json!(why);
            }
            json!({ "payment_transaction_response": r })
        }
    }
}

/// The SDK-token exchange's answer.
pub fn sdk_token(token: &str) -> Value {
    json!({ "sdk_token": token })
}

/// A capture's answer (`payment_capture_id`, inferred name).
pub fn capture(id: &str) -> Value {
    json!({ "payment_capture_id": id })
}

/// A refund's answer (`payment_refund_id`, inferred name).
pub fn refund(id: &str) -> Value {
    json!({ "payment_refund_id": id })
}

/// A transaction read back, from the sandbox's own record of it.
pub fn transaction(t: &Value) -> Value {
    let mut v = json!({
        "payment_transaction_id": t["id"],
        "state": t["state"],
        "amount": t["amount"],
        "currency": t["currency"],
        "captured_amount": t["captured"],
        "refunded_amount": t["refunded"],
    });
    if let Some(e) = t["expires_at"].as_str() {
        v["expires_at"] = json!(e);
    }
    v
}

/// A payment request read back (names from Klarna's guides, nesting inferred).
pub fn payment_request(p: &crate::klarna::PaymentRequestInfo) -> Value {
    let mut v = json!({"payment_request_id": p.id, "state": p.state});
    if let Some(r) = &p.reference {
        v["payment_request_reference"] = json!(r);
    }
    if let Some(a) = p.amount {
        v["amount"] = json!(a);
    }
    if let Some(c) = &p.currency {
        v["currency"] = json!(c);
    }
    v
}

/// A created signing key (`signing_key`, `created_at`: inferred names).
pub fn signing_key(k: &crate::klarna::notifications::NewSigningKey) -> Value {
    json!({"signing_key_id": k.signing_key_id, "signing_key": k.secret.expose(),
           "created_at": crate::clock::format(crate::clock::now())})
}

/// A webhook, as Klarna's documented create answer shows one (with `url`).
pub fn webhook(w: &crate::klarna::notifications::Webhook) -> Value {
    let mut v = json!({"webhook_id": w.webhook_id, "event_types": w.event_types,
        "event_version": crate::klarna::notifications::EVENT_VERSION, "status": w.status,
        "created_at": crate::clock::format(crate::clock::now())});
    if let Some(u) = &w.url {
        v["url"] = json!(u);
    }
    if let Some(k) = &w.signing_key_id {
        v["signing_key_id"] = json!(k);
    }
    v
}

/// Every JSON pointer of `v` with its type (`string`, `number`, `bool`,
/// `object`, `array`, `null`); array items as `[]`.
pub fn paths(v: &Value) -> Vec<(String, &'static str)> {
    fn kind(v: &Value) -> &'static str {
        match v {
            Value::Null => "null",
            Value::Bool(_) => "bool",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
        }
    }
    fn walk(v: &Value, at: String, out: &mut Vec<(String, &'static str)>) {
        match v {
            Value::Object(m) => {
                for (k, c) in m {
                    let p = format!("{at}/{k}");
                    out.push((p.clone(), kind(c)));
                    walk(c, p, out);
                }
            }
            Value::Array(items) => {
                for c in items {
                    let p = format!("{at}/[]");
                    if !out.iter().any(|(q, _)| *q == p) {
                        out.push((p.clone(), kind(c)));
                    }
                    walk(c, p, out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(v, String::new(), &mut out);
    out
}

/// How the emulator's answer `ours` for `operation` compares with Klarna's
/// `theirs`: `Err` lists fields the emulator puts where Klarna has another
/// type, or that Klarna lacks without being [`UNCONFIRMED`]; `Ok` lists the
/// unconfirmed fields Klarna's answer lacked.
pub fn compare(operation: &str, ours: &Value, theirs: &Value) -> Result<Vec<String>, Vec<String>> {
    let klarna = paths(theirs);
    let mut problems = Vec::new();
    let mut unconfirmed = Vec::new();
    for (p, t) in paths(ours) {
        match klarna.iter().find(|(q, _)| *q == p) {
            Some((_, kt)) if *kt == t || *kt == "null" => {}
            Some((_, kt)) => problems.push(format!("{p}: the emulator answers {t}, Klarna {kt}")),
            None if UNCONFIRMED.contains(&(operation, p.as_str())) => unconfirmed.push(p),
            None => problems.push(format!(
                "{p}: the emulator answers it, Klarna's answer has no such field"
            )),
        }
    }
    if problems.is_empty() {
        Ok(unconfirmed)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compare_finds_moved_and_retyped_fields() {
        let ours = json!({"a": {"b": 1, "c": "x"}, "klarna_network_response_data": "{}"});
        let theirs = json!({"a": {"b": 2, "c": "y", "d": true}});
        assert_eq!(
            compare("authorize", &ours, &theirs),
            Ok(vec!["/klarna_network_response_data".to_string()])
        );
        let moved = json!({"a": {"b": "2", "c": "y"}});
        assert!(compare("authorize", &ours, &moved).unwrap_err()[0].contains("/a/b"));
        let missing = json!({"a": {"b": 2}});
        assert!(compare("authorize", &ours, &missing).unwrap_err()[0].contains("/a/c"));
    }
}
