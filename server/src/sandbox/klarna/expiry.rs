//! Authorization expiry in the sandbox's transactions, read from the test
//! clock ([`crate::clock`]): an authorization lapses
//! [`AUTHORIZATION_DAYS`] after it was made (Klarna's `expires_at`), its
//! uncaptured rest is released and the transaction becomes `EXPIRED`;
//! [`CLOSE_AFTER_DAYS`] later Klarna closes it (`CLOSED`). Captures and
//! voids are refused from the moment it lapsed; refunds of what was captured
//! stay possible until it closes.
//!
//! Klarna's pages at hand say that an EXPIRED transaction becomes CLOSED
//! after 7 days; they do not give the authorization's life, so the sandbox
//! takes 28 days (Klarna Payments' default order life) and answers it as
//! `payment_transaction.expires_at`, which the client reads.

use crate::clock;
use crate::klarna::TransactionOp;
use serde_json::{json, Value};
use time::OffsetDateTime;

/// Days an uncaptured authorization lives in the sandbox.
pub const AUTHORIZATION_DAYS: i64 = 28;
/// Days after its expiry until Klarna closes an expired transaction.
pub const CLOSE_AFTER_DAYS: i64 = 7;

/// When an authorization made at `at` lapses.
pub fn expires_at(at: OffsetDateTime) -> OffsetDateTime {
    at + time::Duration::days(AUTHORIZATION_DAYS)
}

fn int(v: &Value, k: &str) -> i64 {
    v.get(k).and_then(Value::as_i64).unwrap_or(0)
}

/// Whether the transaction is past its authorization (`EXPIRED` or `CLOSED`).
pub fn lapsed(t: &Value) -> bool {
    matches!(t["state"].as_str(), Some("EXPIRED" | "CLOSED"))
}

/// Applies the passage of time up to `now` to an emulated transaction:
/// an authorization past `expires_at` with an uncaptured rest releases it
/// and becomes `EXPIRED`; an `EXPIRED` one is `CLOSED` [`CLOSE_AFTER_DAYS`]
/// after its expiry. Answers whether anything changed.
pub fn age(t: &mut Value, now: OffsetDateTime) -> bool {
    let Some(exp) = t["expires_at"].as_str().and_then(clock::parse) else {
        return false;
    };
    let mut changed = false;
    if t["state"] == "AUTHORIZED" && now >= exp {
        let left = int(t, "amount") - int(t, "captured") - int(t, "released");
        if left > 0 {
            t["released"] = json!(int(t, "released") + left);
            t["expired_amount"] = json!(left);
            t["state"] = json!("EXPIRED");
            changed = true;
        }
    }
    if t["state"] == "EXPIRED" && now >= exp + time::Duration::days(CLOSE_AFTER_DAYS) {
        t["state"] = json!("CLOSED");
        changed = true;
    }
    changed
}

/// Why `op` is refused on a lapsed transaction, if it is.
pub fn refuses(t: &Value, op: &TransactionOp) -> Option<String> {
    let state = t["state"].as_str().unwrap_or("");
    let at = t["expires_at"].as_str().unwrap_or("?");
    // A transaction CLOSED by a void (all released, nothing captured) never expired.
    let why = if t["expired_amount"].is_null() {
        "its authorization was released (voided)".to_string()
    } else {
        format!("its authorization expired at {at}")
    };
    match op {
        TransactionOp::Capture { .. } | TransactionOp::Void if lapsed(t) => {
            Some(format!("the transaction is {state}: {why}"))
        }
        TransactionOp::Refund { .. } if state == "CLOSED" => {
            Some(format!("the transaction is CLOSED: {why}"))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn txn(captured: i64, at: OffsetDateTime) -> Value {
        json!({"amount": 1000, "captured": captured, "released": 0, "state": "AUTHORIZED",
               "expires_at": clock::format(expires_at(at))})
    }

    #[test]
    fn lapses_after_28_days_and_closes_7_days_later() {
        let t0 = clock::parse("2026-01-01T00:00:00Z").unwrap();
        let mut t = txn(300, t0);
        assert!(!age(&mut t, t0 + time::Duration::days(27)));
        assert_eq!(t["state"], "AUTHORIZED");
        assert!(age(&mut t, t0 + time::Duration::days(28)));
        assert_eq!(
            (t["state"].as_str(), int(&t, "released")),
            (Some("EXPIRED"), 700)
        );
        let capture = TransactionOp::Capture {
            amount: 1,
            reference: "cap_1".into(),
            order_lines: vec![],
            shipping_info: vec![],
        };
        assert!(refuses(&t, &capture).is_some());
        assert!(!age(&mut t, t0 + time::Duration::days(34)));
        assert!(age(&mut t, t0 + time::Duration::days(35)));
        assert_eq!(t["state"], "CLOSED");
    }

    #[test]
    fn a_voided_transaction_says_so_not_that_it_expired() {
        let mut t = txn(0, clock::parse("2026-01-01T00:00:00Z").unwrap());
        t["released"] = json!(1000);
        t["state"] = json!("CLOSED");
        let capture = TransactionOp::Capture {
            amount: 1,
            reference: "cap_1".into(),
            order_lines: vec![],
            shipping_info: vec![],
        };
        let why = refuses(&t, &capture).unwrap();
        assert!(why.contains("released (voided)"), "{why}");
        assert!(!why.contains("expired"), "{why}");
    }

    #[test]
    fn a_fully_captured_transaction_does_not_expire() {
        let t0 = clock::parse("2026-01-01T00:00:00Z").unwrap();
        let mut t = txn(1000, t0);
        t["state"] = json!("COMPLETED");
        assert!(!age(&mut t, t0 + time::Duration::days(60)));
        assert_eq!(t["state"], "COMPLETED");
    }
}
