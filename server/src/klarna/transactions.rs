//! Klarna's calls on a payment transaction after authorization (capture,
//! refund, void, read) and on a payment request (cancel): the calls, their
//! wire shapes and the parsing of the answers, all in this one file.
//!
//! Sources: `KD/acquirer/klarna-network/after-payments/manage-payment-transactions/`
//! (capture: full or partial, at most 200, line items and shipping info with
//! `tracking_number`/`tracking_url`; refunds of a capture or of the
//! transaction, at most 200; 500 actions per transaction; void of the
//! uncaptured part) and `…/payment-authorization/cancel-payment-request/`.
//! The copies at hand did not show the exact paths and field names: every
//! item marked **inferred** below follows the naming of Klarna's documented
//! `payment/authorize` (`request_payment_transaction.amount`,
//! `payment_transaction_reference`, `line_items`) and must be checked
//! against Klarna's OpenAPI document before going live.

use super::KlarnaError;
use checkout_core::operations::ShippingInfo;
use checkout_core::session::OrderLine;
use serde_json::{json, Value};

/// What is done to a transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TransactionOp {
    /// Capture `amount`.
    Capture {
        /// Minor units.
        amount: i64,
        /// Our capture id (`cap_…`), sent as the capture's reference.
        reference: String,
        /// Lines captured.
        order_lines: Vec<OrderLine>,
        /// Shipments.
        shipping_info: Vec<ShippingInfo>,
    },
    /// Refund `amount`, of one Klarna capture when named.
    Refund {
        /// Minor units.
        amount: i64,
        /// Our refund id (`ref_…`), sent as the refund's reference.
        reference: String,
        /// Klarna's `payment_capture_id` being refunded.
        payment_capture_id: Option<String>,
        /// Lines refunded.
        order_lines: Vec<OrderLine>,
        /// The merchant's reason.
        reason: Option<String>,
    },
    /// Release the uncaptured rest.
    Void,
}

/// One call on a transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransactionCall {
    /// Our session (the sandbox records calls by it).
    pub session_id: String,
    /// Klarna's transaction id.
    pub payment_transaction_id: String,
    /// `Klarna-Idempotency-Key`: the same for every attempt of one operation.
    pub idempotency_key: String,
    /// `Partner-Correlation-Id`: our request or job id.
    pub correlation_id: String,
    /// What to do.
    pub op: TransactionOp,
}

/// A transaction as Klarna reads it back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransactionSnapshot {
    /// Klarna's state, e.g. `AUTHORIZED`, `COMPLETED`, `EXPIRED`, `CLOSED`.
    pub state: String,
    /// The whole answer.
    pub body: Value,
}

fn line_items(lines: &[OrderLine]) -> Vec<Value> {
    lines.iter().map(super::purchase::line_item).collect()
}

/// Path (under `/v2/accounts/{partner}/`) and JSON body of `call`.
/// **Inferred**: the paths `payment/transactions/{id}/captures|refunds|void`
/// and the names `capture_amount`, `capture_reference`, `refund_amount`,
/// `refund_reference`, `payment_capture_id` (documented as the id an
/// auto-capture returns), `reason`. `shipping_info` and its fields are
/// documented.
pub fn request(call: &TransactionCall) -> (String, Value) {
    let txn = &call.payment_transaction_id;
    match &call.op {
        TransactionOp::Capture {
            amount,
            reference,
            order_lines,
            shipping_info,
        } => {
            let mut body = json!({"capture_amount": amount, "capture_reference": reference});
            if !order_lines.is_empty() {
                body["line_items"] = json!(line_items(order_lines));
            }
            if !shipping_info.is_empty() {
                body["shipping_info"] = json!(shipping_info);
            }
            (format!("payment/transactions/{txn}/captures"), body)
        }
        TransactionOp::Refund {
            amount,
            reference,
            payment_capture_id,
            order_lines,
            reason,
        } => {
            let mut body = json!({"refund_amount": amount, "refund_reference": reference});
            if let Some(c) = payment_capture_id {
                body["payment_capture_id"] = json!(c);
            }
            if !order_lines.is_empty() {
                body["line_items"] = json!(line_items(order_lines));
            }
            if let Some(r) = reason {
                body["reason"] = json!(r);
            }
            (format!("payment/transactions/{txn}/refunds"), body)
        }
        TransactionOp::Void => (format!("payment/transactions/{txn}/void"), json!({})),
    }
}

/// Path of a transaction read (**inferred**: `payment/transactions/{id}`).
pub fn read_path(payment_transaction_id: &str) -> String {
    format!("payment/transactions/{payment_transaction_id}")
}

/// Path of a payment request's cancellation (**inferred**:
/// `payment/requests/{id}/cancel`, answered 2xx).
pub fn cancel_path(payment_request_id: &str) -> String {
    format!("payment/requests/{payment_request_id}/cancel")
}

/// Path of a payment request's read (INFERRED, like the cancel path).
pub fn request_path(payment_request_id: &str) -> String {
    format!("payment/requests/{payment_request_id}")
}

fn str_at<'a>(v: &'a Value, keys: &[&str]) -> Option<&'a str> {
    keys.iter().find_map(|k| v.get(*k).and_then(Value::as_str))
}

/// Klarna's id of what `call` created: a capture's `payment_capture_id`, a
/// refund's `payment_refund_id` (**inferred**; `refund_id` also read), at the
/// top or under `payment_capture` / `payment_refund`; a void has none.
pub fn parse_created(op: &TransactionOp, v: &Value) -> Result<Option<String>, KlarnaError> {
    let (wrapper, keys): (&str, &[&str]) = match op {
        TransactionOp::Capture { .. } => ("payment_capture", &["payment_capture_id", "capture_id"]),
        TransactionOp::Refund { .. } => ("payment_refund", &["payment_refund_id", "refund_id"]),
        TransactionOp::Void => return Ok(None),
    };
    let found = str_at(v, keys).or_else(|| v.get(wrapper).and_then(|w| str_at(w, keys)));
    match found {
        Some(id) => Ok(Some(id.to_string())),
        None => Err(KlarnaError::Upstream(format!(
            "Klarna's answer has no {}",
            keys[0]
        ))),
    }
}

/// Reads a transaction answer (`state` required, **inferred** name).
pub fn parse_snapshot(v: Value) -> Result<TransactionSnapshot, KlarnaError> {
    let state = str_at(&v, &["state", "payment_transaction_state"])
        .ok_or_else(|| KlarnaError::Upstream("transaction answer without state".into()))?
        .to_string();
    Ok(TransactionSnapshot { state, body: v })
}

/// Reads what an approval answer says beyond the transaction id: the
/// auto-capture's `payment_captures` (documented), the transaction's
/// `expires_at` (documented in the final authorization's example) and
/// `klarna_network_response_data` (placement **inferred**: top level or
/// inside `payment_transaction_response`).
pub fn parse_approval_extras(v: &Value) -> super::ApprovalExtras {
    let ptr = v.get("payment_transaction_response").unwrap_or(v);
    let captures = ptr
        .pointer("/payment_transaction/payment_captures")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|c| {
                    let id = str_at(c, &["payment_capture_id"])?;
                    let amount = ["capture_amount", "amount"]
                        .iter()
                        .find_map(|k| c.get(*k)?.as_i64())?;
                    Some((id.to_string(), amount))
                })
                .collect()
        })
        .unwrap_or_default();
    let nrd = ["klarna_network_response_data"]
        .iter()
        .find_map(|k| v.get(*k).or_else(|| ptr.get(*k)))
        .map(|d| {
            d.as_str()
                .map(str::to_string)
                .unwrap_or_else(|| d.to_string())
        });
    let expires_at = ptr
        .pointer("/payment_transaction/expires_at")
        .and_then(Value::as_str)
        .map(str::to_string);
    super::ApprovalExtras {
        captures,
        network_response_data: nrd,
        expires_at,
        partner_account_id: None,
    }
}

/// The `Klarna-Idempotency-Key` of one operation of ours: derived from the
/// session and the operation id, so every retry of that operation (from the
/// request, the job runner or another instance) sends the same key and Klarna
/// replays instead of acting twice.
pub fn idempotency_key(session_id: &str, operation_id: &str) -> String {
    super::idempotency::derive_key("transaction.operation", &[session_id, operation_id])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capture_body_carries_lines_and_shipping() {
        let call = TransactionCall {
            session_id: "hcs_1".into(),
            payment_transaction_id: "krn:t".into(),
            idempotency_key: "k".into(),
            correlation_id: "c".into(),
            op: TransactionOp::Capture {
                amount: 500,
                reference: "cap_1".into(),
                order_lines: vec![],
                shipping_info: vec![ShippingInfo {
                    shipping_company: "DHL".into(),
                    tracking_number: "123".into(),
                    tracking_url: Some("https://t.example/123".into()),
                    return_shipping_company: None,
                    return_tracking_number: None,
                }],
            },
        };
        let (path, body) = request(&call);
        assert_eq!(path, "payment/transactions/krn:t/captures");
        assert_eq!(body["capture_amount"], 500);
        assert_eq!(
            body["shipping_info"][0]["tracking_url"],
            "https://t.example/123"
        );
        assert!(body.get("line_items").is_none());
    }

    #[test]
    fn approval_extras_are_read_where_klarna_puts_them() {
        let v = json!({"payment_transaction_response": {"result": "APPROVED", "payment_transaction": {
            "payment_transaction_id": "krn:t", "payment_captures": [{"payment_capture_id": "krn:c", "capture_amount": 100}]},
            "klarna_network_response_data": "{\"a\":1}"}});
        let x = parse_approval_extras(&v);
        assert_eq!(x.captures, vec![("krn:c".to_string(), 100)]);
        assert_eq!(x.network_response_data.as_deref(), Some("{\"a\":1}"));
        assert_eq!(x.expires_at, None);
        let none = parse_approval_extras(&json!({"payment_transaction_response": {}}));
        assert_eq!(none, Default::default());
    }
}
