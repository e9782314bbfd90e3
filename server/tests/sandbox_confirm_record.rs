//! The sandbox records every call it receives: a confirmation
//! (`…/klarna/confirm`) is in `/sandbox/klarna/requests?session=…` like an
//! authorization, and the transaction it opens carries the
//! session (it was stored with an empty `session_id`).

mod common;

use axum::http::StatusCode;
use common::*;
use serde_json::{json, Value};

async fn confirm(t: &TestApp, id: &str, secret: &str, key: &str) -> Answer {
    let body = json!({"payment_confirmation_token": "sandbox_pct_rec1"}).to_string();
    send(
        &t.app,
        "POST",
        &format!("/v1/sessions/{id}/klarna/confirm"),
        Some(secret),
        Some(&body),
        &[("idempotency-key", key)],
    )
    .await
}

#[tokio::test]
async fn confirmations_are_recorded_with_their_session() {
    let t = sandbox_app();
    let (id, secret) = create_session(&t.app, "customer+de@klarna.com").await;
    let a = confirm(&t, &id, &secret, "rec-1").await;
    assert_eq!(
        a.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&a.bytes)
    );
    let txn = a.json()["payment_transaction_id"]
        .as_str()
        .unwrap()
        .to_string();
    // 1. The call is in the session's record, with what was asked.
    let seen = call(
        &t.app,
        "GET",
        &format!("/sandbox/klarna/requests?session={id}"),
        Some(KEY_A),
        None,
    )
    .await
    .json();
    let calls: Vec<Value> = seen["requests"].as_array().unwrap().clone();
    let confirms: Vec<&Value> = calls
        .iter()
        .filter(|c| c["operation"] == "confirm")
        .collect();
    assert_eq!(confirms.len(), 1, "{seen}");
    let c = confirms[0];
    assert_eq!(c["outcome"], "performed");
    assert_eq!(c["replayed"], false);
    assert_eq!(c["payment_confirmation_token"], "sandbox_pct_rec1");
    assert_eq!(c["amount"], 11800);
    assert!(c["idempotency_key"].is_string(), "{c}");
    // 2. The transaction it opened belongs to the session.
    let (stored, _) = t
        .state
        .sandbox
        .sandbox_transaction(&txn)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored["session_id"], id.as_str());
}
