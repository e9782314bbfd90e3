//! Klarna's rules on one emulated transaction (a JSON object the store
//! keeps): a capture within what is left and at most 200 of them, a refund
//! within what was captured (and within its capture, when named) and at most
//! 200, a void of the uncaptured rest, at most 500 actions in all; nothing
//! on an authorization that lapsed ([`super::expiry`]).

use crate::ids;
use crate::klarna::{KlarnaError, TransactionOp};
use checkout_core::payment::{MAX_ACTIONS, MAX_CAPTURES, MAX_REFUNDS};
use serde_json::{json, Value};

fn refused(message: impl Into<String>) -> KlarnaError {
    KlarnaError::Rejected {
        status: 400,
        message: message.into(),
    }
}

/// An integer field of `v` (0 when absent).
pub(super) fn int(v: &Value, k: &str) -> i64 {
    v.get(k).and_then(Value::as_i64).unwrap_or(0)
}

/// Klarna's rules on one transaction; answers the created object's id.
pub(super) fn apply(t: &mut Value, op: &TransactionOp) -> Result<Option<String>, KlarnaError> {
    let (amount, captured, refunded, released) = (
        int(t, "amount"),
        int(t, "captured"),
        int(t, "refunded"),
        int(t, "released"),
    );
    if let Some(why) = super::expiry::refuses(t, op) {
        return Err(refused(why));
    }
    if int(t, "actions") >= i64::from(MAX_ACTIONS) {
        return Err(refused(format!(
            "at most {MAX_ACTIONS} actions per transaction"
        )));
    }
    let created = match op {
        TransactionOp::Capture { amount: a, .. } => {
            let caps = t["captures"].as_array().map_or(0, Vec::len);
            if caps >= MAX_CAPTURES as usize {
                return Err(refused(format!(
                    "at most {MAX_CAPTURES} captures per transaction"
                )));
            }
            if *a <= 0 || *a > amount - captured - released {
                return Err(refused(format!(
                    "capture_amount {a} exceeds the {} left",
                    amount - captured - released
                )));
            }
            let id = format!("krn:payment:eu1:capture:sandbox-{}", ids::random_hex(12));
            t["captured"] = json!(captured + a);
            if let Some(c) = t["captures"].as_array_mut() {
                c.push(json!({"id": id, "amount": a, "refunded": 0}));
            }
            Some(id)
        }
        TransactionOp::Refund {
            amount: a,
            payment_capture_id,
            ..
        } => {
            if int(t, "refunds") >= i64::from(MAX_REFUNDS) {
                return Err(refused(format!(
                    "at most {MAX_REFUNDS} refunds per transaction"
                )));
            }
            if *a <= 0 || *a > captured - refunded {
                return Err(refused(format!(
                    "refund_amount {a} exceeds the {} captured and not refunded",
                    captured - refunded
                )));
            }
            if let Some(cid) = payment_capture_id {
                let caps = t["captures"]
                    .as_array_mut()
                    .ok_or_else(|| refused("no captures"))?;
                let cap = caps
                    .iter_mut()
                    .find(|c| c["id"] == json!(cid))
                    .ok_or_else(|| refused("unknown payment_capture_id"))?;
                let left = int(cap, "amount") - int(cap, "refunded");
                if *a > left {
                    return Err(refused(format!(
                        "refund_amount {a} exceeds the {left} left of that capture"
                    )));
                }
                cap["refunded"] = json!(int(cap, "refunded") + a);
            }
            t["refunded"] = json!(refunded + a);
            t["refunds"] = json!(int(t, "refunds") + 1);
            Some(format!(
                "krn:payment:eu1:refund:sandbox-{}",
                ids::random_hex(12)
            ))
        }
        TransactionOp::Void => {
            let left = amount - captured - released;
            if left <= 0 {
                return Err(refused("nothing uncaptured is left to void"));
            }
            t["released"] = json!(released + left);
            None
        }
    };
    t["actions"] = json!(int(t, "actions") + 1);
    if super::expiry::lapsed(t) {
        return Ok(created); // EXPIRED and CLOSED stay what they are
    }
    let (c, rel) = (int(t, "captured"), int(t, "released"));
    t["state"] = json!(if c + rel >= amount && c > 0 {
        "COMPLETED"
    } else if rel >= amount {
        "CLOSED"
    } else {
        "AUTHORIZED"
    });
    Ok(created)
}
