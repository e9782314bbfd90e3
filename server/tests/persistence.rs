//! Results survive a server restart: a second store opened on the same file
//! (as after a restart, or as a second instance) sees everything.

mod common;

use axum::http::StatusCode;
use checkout_server::{app, AppState};
use common::*;
use serde_json::json;

#[tokio::test]
async fn results_survive_a_server_restart() {
    let dir = tempfile::tempdir().unwrap();
    write_www(&dir);
    let s = settings(&dir, &[]);
    let first = app(AppState::new(s.clone(), open_store(&s)).unwrap());
    let (id, secret) = create_session(&first, "customer+de+stepup@klarna.com").await;
    let (pr, token) = complete_step_up(&first, &id, &secret).await;
    let body = json!({"outcome": "authorized", "payment_request_id": pr, "klarna_network_session_token": token});
    let answer = result(&first, &id, &secret, "restart-key", &body).await;
    assert_eq!(answer.status, StatusCode::OK);
    let before = merchant_view(&first, &id).await;
    drop(first);

    let second = app(AppState::new(s.clone(), open_store(&s)).unwrap());
    let after = merchant_view(&second, &id).await;
    assert_eq!(after["state"], "authorized");
    assert_eq!(after["authorization"], before["authorization"]);
    // The idempotency record survived too: the replay is byte-identical.
    let replay = result(&second, &id, &secret, "restart-key", &body).await;
    assert_eq!(replay.bytes, answer.bytes);
    // And the client secret still opens the session.
    let cfg = call(
        &second,
        "GET",
        &format!("/v1/sessions/{id}/config"),
        Some(&secret),
        None,
    )
    .await;
    assert_eq!(cfg.json()["authorization"], before["authorization"]);
}

#[tokio::test]
async fn a_second_instance_sees_the_first_ones_sandbox_payment_requests() {
    let dir = tempfile::tempdir().unwrap();
    write_www(&dir);
    let s = settings(&dir, &[]);
    let a = app(AppState::new(s.clone(), open_store(&s)).unwrap());
    let b = app(AppState::new(s.clone(), open_store(&s)).unwrap());
    let (id, secret) = create_session(&a, "customer+de+stepup@klarna.com").await;
    let step = authorize(&a, &id, &secret).await.json();
    let pr = step["payment_request_id"].as_str().unwrap();
    // The journey completes against instance B, the result lands on B too.
    let done = call(
        &b,
        "POST",
        &format!("/sandbox/klarna/payment-requests/{pr}/complete"),
        Some(&secret),
        None,
    )
    .await
    .json();
    let body = json!({"outcome": "authorized", "payment_request_id": pr,
                      "klarna_network_session_token": done["klarna_network_session_token"]});
    assert_eq!(
        result(&b, &id, &secret, "k", &body).await.json()["state"],
        "authorized"
    );
    assert_eq!(merchant_view(&a, &id).await["state"], "authorized");
}

#[tokio::test]
async fn a_generated_shared_value_is_the_same_for_every_instance() {
    let dir = tempfile::tempdir().unwrap();
    let s = settings(&dir, &[]);
    let (a, b) = (open_store(&s), open_store(&s));
    let first = a
        .shared_value("sandbox_webhook_signing_key", "candidate-a")
        .await
        .unwrap();
    let second = b
        .shared_value("sandbox_webhook_signing_key", "candidate-b")
        .await
        .unwrap();
    assert_eq!(
        (first.as_str(), second.as_str()),
        ("candidate-a", "candidate-a")
    );
}
