//! A merchant's capture or refund retried with the same `Idempotency-Key`
//! after the instance that took it died between reserving the operation and
//! storing its answer (the reservation of the key went stale, so another
//! instance runs the request again): the retry finds the same operation and
//! its `Klarna-Idempotency-Key`, so Klarna performs it once. Found by the
//! multi-instance fault suite (a refund performed twice); this is its
//! deterministic form.

mod common;

use checkout_core::operations::{validate_capture, validate_refund};
use checkout_server::lifecycle::operate::{self, Ask};
use common::*;
use serde_json::json;

async fn performed(t: &TestApp, id: &str, op: &str) -> usize {
    let calls = t.state.sandbox.sandbox_calls(Some(id), None).await.unwrap();
    calls
        .iter()
        .filter(|c| c.operation == op && c.outcome == "performed")
        .count()
}

#[tokio::test]
async fn the_same_key_run_twice_is_one_capture_and_one_refund_at_klarna() {
    let t = sandbox_app();
    let (id, secret) = create_session(&t.app, "customer+de@klarna.com").await;
    assert_eq!(
        authorize(&t.app, &id, &secret).await.json()["result"],
        "APPROVED"
    );
    let s = t.state.store.session(&id).await.unwrap().unwrap();
    let key = Some(("merchant:shop_a", "capture-1"));
    let capture = || Ask::Capture(validate_capture(&json!({"amount": 6000})).unwrap());
    // The first run, then the same key run again as a takeover would.
    let (_, first) = operate::run(&t.state, &s, capture(), key).await.unwrap();
    let (p, again) = operate::run(&t.state, &s, capture(), key).await.unwrap();
    assert_eq!(first, again, "the retry resumes the same capture");
    assert_eq!(p.ledger.captured, 6000);
    assert_eq!(performed(&t, &id, "capture").await, 1);
    // A different key is a different capture.
    let rest = Ask::Capture(validate_capture(&json!({"amount": 5800})).unwrap());
    let (p, other) = operate::run(&t.state, &s, rest, Some(("merchant:shop_a", "capture-2")))
        .await
        .unwrap();
    assert_ne!(first, other);
    assert_eq!(p.ledger.captured, 11800);
    assert_eq!(performed(&t, &id, "capture").await, 2);

    let refund = || Ask::Refund(validate_refund(&json!({"amount": 2000})).unwrap());
    let key = Some(("merchant:shop_a", "refund-1"));
    let (_, r1) = operate::run(&t.state, &s, refund(), key).await.unwrap();
    let (p, r2) = operate::run(&t.state, &s, refund(), key).await.unwrap();
    assert_eq!(r1, r2);
    assert_eq!(p.ledger.refunded, 2000);
    assert_eq!(performed(&t, &id, "refund").await, 1);
}
