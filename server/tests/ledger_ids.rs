//! The payment ledger's public truth (outside tester, 2026-12-01): `refunded`
//! only once nothing is left to capture, and Klarna's id of a capture kept
//! when Klarna's webhook settled it before Klarna's answer to our call came
//! back (the answer's id wins; a refund naming a capture whose id is not
//! known yet is refused at `capture_id` instead of reaching Klarna without
//! `payment_capture_id`).
mod common;

use axum::http::StatusCode;
use checkout_core::operations::OperationStatus;
use checkout_server::lifecycle::settle;
use common::*;
use serde_json::{json, Value};

async fn post(t: &TestApp, path: &str, body: Value) -> Answer {
    call(&t.app, "POST", path, Some(KEY_A), Some(body)).await
}

fn envelope(txn: &str, reference: &str, klarna_id: Option<&str>) -> Value {
    let mut payload = json!({"payment_transaction_id": txn, "capture_reference": reference});
    if let Some(k) = klarna_id {
        payload["payment_capture_id"] = json!(k);
    }
    json!({"metadata": {"event_type": "payment.transaction.captured",
        "event_id": format!("evt-{}", checkout_server::ids::random_hex(8)), "event_version": "v2",
        "occurred_at": "2026-12-01T10:00:00Z"}, "payload": payload})
}

/// Klarna's capture: `(its id, refunded of it)`.
async fn klarna_capture(t: &TestApp, txn: &str) -> (String, i64) {
    let k = t
        .state
        .sandbox
        .sandbox_transaction(txn)
        .await
        .unwrap()
        .unwrap()
        .0;
    let c = &k["captures"][0];
    (
        c["id"].as_str().unwrap().to_string(),
        c["refunded"].as_i64().unwrap(),
    )
}

/// Authorize 11800, capture 10000, refund 10000: 1800 may still be captured,
/// so the payment is not `refunded` (it read so, and a merchant took it as
/// finished) until that rest is captured and refunded or released.
#[tokio::test]
async fn refunded_only_once_nothing_is_left_to_capture() {
    let t = sandbox_app();
    let (id, _) = authorized_session(&t.app, "customer+de@klarna.com").await;
    let state = |v: Value| v["payment"]["state"].as_str().unwrap().to_string();
    let cap = post(
        &t,
        &format!("/v1/sessions/{id}/captures"),
        json!({"amount": 10000}),
    )
    .await;
    assert_eq!(cap.status, StatusCode::CREATED);
    let r = post(
        &t,
        &format!("/v1/sessions/{id}/refunds"),
        json!({"amount": 10000}),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED);
    assert_eq!(
        state(merchant_view(&t.app, &id).await),
        "partially_refunded"
    );
    let rest = post(
        &t,
        &format!("/v1/sessions/{id}/captures"),
        json!({"amount": 1800}),
    )
    .await;
    assert_eq!(rest.json()["status"], "succeeded");
    assert_eq!(
        state(merchant_view(&t.app, &id).await),
        "partially_refunded"
    );
    let r = post(
        &t,
        &format!("/v1/sessions/{id}/refunds"),
        json!({"amount": 1800}),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED);
    assert_eq!(state(merchant_view(&t.app, &id).await), "refunded");
}

/// The webhook settles the capture while our call is still at Klarna; the
/// call's answer then brings Klarna's id, which replaces the webhook's, with
/// the amounts counted once; a refund of that capture reaches Klarna's.
#[tokio::test]
async fn klarnas_answer_after_its_webhook_names_the_capture() {
    let t = app_with(&[
        ("KLARNA_SANDBOX_FAULTS", "rate=0,latency_ms=1500"),
        ("CHECKOUT_ALLOW_FAULTS", "yes-this-is-a-test"),
    ]);
    let (id, _) = authorized_session(&t.app, "customer+de@klarna.com").await;
    let app = t.app.clone();
    let path = format!("/v1/sessions/{id}/captures");
    let capture = tokio::spawn(async move {
        call(
            &app,
            "POST",
            &path,
            Some(KEY_A),
            Some(json!({"amount": 5000})),
        )
        .await
    });
    let op = loop {
        let p = t.state.store.payment(&id).await.unwrap().unwrap();
        if let Some(op) = p.operations.first() {
            break op.clone();
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    };
    let txn = merchant_view(&t.app, &id).await["payment"]["payment_transaction_id"]
        .as_str()
        .unwrap()
        .to_string();
    let a = post_signed_webhook(&t.app, &envelope(&txn, &op.id, Some("krn-from-webhook"))).await;
    assert_eq!(a.status, StatusCode::OK);
    checkout_server::jobs::drain(&t.state, "test-runner").await;
    let p = t.state.store.payment(&id).await.unwrap().unwrap();
    assert_eq!(p.operations[0].status, OperationStatus::Succeeded);
    assert_eq!(
        p.operations[0].klarna_id.as_deref(),
        Some("krn-from-webhook")
    );

    let answer = capture.await.unwrap();
    assert_eq!(answer.status, StatusCode::CREATED);
    let (klarna_id, _) = klarna_capture(&t, &txn).await;
    assert_eq!(
        answer.json()["klarna_id"],
        klarna_id.as_str(),
        "{}",
        answer.json()
    );
    let v = merchant_view(&t.app, &id).await;
    assert_eq!(v["payment"]["captures"][0]["klarna_id"], klarna_id.as_str());
    assert_eq!(v["payment"]["captured_amount"], 5000);
    assert_eq!(v["payment"]["pending_capture_amount"], 0);
    let r = post(
        &t,
        &format!("/v1/sessions/{id}/refunds"),
        json!({"amount": 1000, "capture_id": op.id}),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.json());
    assert_eq!(r.json()["status"], "succeeded");
    assert_eq!(klarna_capture(&t, &txn).await.1, 1000);
}

/// The webhook (without an id) settles the capture and our call's answer is
/// lost: a refund naming the capture is refused at `capture_id` until
/// Klarna's id is known; asking Klarna again (the job runner's replay with
/// the capture's own key) records it, and the refund reaches Klarna's capture.
#[tokio::test]
async fn a_refund_waits_for_the_capture_id() {
    let t = app_with(&[
        ("KLARNA_SANDBOX_FAULTS", "rate=1,kinds=lost"),
        ("CHECKOUT_ALLOW_FAULTS", "yes-this-is-a-test"),
    ]);
    let (id, _) = authorized_session(&t.app, "customer+de@klarna.com").await;
    let cap = post(
        &t,
        &format!("/v1/sessions/{id}/captures"),
        json!({"amount": 5000}),
    )
    .await;
    assert_eq!(cap.json()["status"], "pending", "{}", cap.json());
    let cap_id = cap.json()["id"].as_str().unwrap().to_string();
    let v = merchant_view(&t.app, &id).await;
    let txn = v["payment"]["payment_transaction_id"]
        .as_str()
        .unwrap()
        .to_string();
    let a = post_signed_webhook(&t.app, &envelope(&txn, &cap_id, None)).await;
    assert_eq!(a.status, StatusCode::OK);
    checkout_server::jobs::drain(&t.state, "test-runner").await;
    let v = merchant_view(&t.app, &id).await;
    assert_eq!(v["payment"]["captures"][0]["status"], "succeeded");
    assert!(v["payment"]["captures"][0]["klarna_id"].is_null(), "{v}");
    let refund = json!({"amount": 1000, "capture_id": cap_id});
    let r = post(&t, &format!("/v1/sessions/{id}/refunds"), refund.clone()).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.json());
    assert_eq!(r.field_paths(), vec!["capture_id"]);

    // Klarna answers again (no faults now): the replay names the capture.
    let s = settings(&t.dir, &[]);
    let calm = checkout_server::state::AppState::new(s.clone(), open_store(&s)).unwrap();
    let p = calm.store.payment(&id).await.unwrap().unwrap();
    let op = p.operations[0].clone();
    settle::settle_now(&calm, &p, &op).await.unwrap().unwrap();
    let (klarna_id, _) = klarna_capture(&t, &txn).await;
    let v = merchant_view(&t.app, &id).await;
    assert_eq!(v["payment"]["captures"][0]["klarna_id"], klarna_id.as_str());
    assert_eq!(v["payment"]["captured_amount"], 5000);
    let app = checkout_server::app(calm.clone());
    let r = call(
        &app,
        "POST",
        &format!("/v1/sessions/{id}/refunds"),
        Some(KEY_A),
        Some(refund),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.json());
    assert_eq!(klarna_capture(&t, &txn).await.1, 1000);
}
