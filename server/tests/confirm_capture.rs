//! A session created with `capture_method: "automatic"` and paid through the
//! legacy confirmation (`…/klarna/confirm`) is captured in full, once: Klarna's
//! confirmation call takes no capture mode, so the server asks for the
//! capture itself (`payments::auto_capture`). A manual session is left alone.

mod common;

use axum::http::StatusCode;
use common::*;
use serde_json::{json, Value};

async fn paid_by_confirmation(t: &TestApp, capture_method: &str, token: &str) -> String {
    let mut body = session_body("customer+de@klarna.com");
    body["capture_method"] = json!(capture_method);
    let a = call(&t.app, "POST", "/v1/sessions", Some(KEY_A), Some(body)).await;
    assert_eq!(a.status, StatusCode::CREATED);
    let v = a.json();
    let (id, secret) = (
        v["id"].as_str().unwrap(),
        v["client_secret"].as_str().unwrap(),
    );
    let confirmed = call(
        &t.app,
        "POST",
        &format!("/v1/sessions/{id}/klarna/confirm"),
        Some(secret),
        Some(json!({"payment_confirmation_token": token})),
    )
    .await;
    assert_eq!(confirmed.status, StatusCode::OK);
    assert_eq!(confirmed.json()["result"], "APPROVED");
    id.to_string()
}

#[tokio::test]
async fn an_automatic_capture_session_paid_by_confirmation_is_captured_once() {
    let t = sandbox_app();
    let id = paid_by_confirmation(&t, "automatic", "sandbox_pct_auto").await;
    let view = merchant_view(&t.app, &id).await;
    let payment: &Value = &view["payment"];
    assert_eq!(payment["captured_amount"], 11800, "{view}");
    assert_eq!(payment["captures"].as_array().unwrap().len(), 1, "{view}");
    assert_eq!(payment["state"], "captured");
    // Nothing is left to capture: the merchant's own capture is refused, not doubled.
    let again = call(
        &t.app,
        "POST",
        &format!("/v1/sessions/{id}/captures"),
        Some(KEY_A),
        Some(json!({"amount": 100})),
    )
    .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn a_manual_capture_session_paid_by_confirmation_is_not_captured() {
    let t = sandbox_app();
    let id = paid_by_confirmation(&t, "manual", "sandbox_pct_manual").await;
    let view = merchant_view(&t.app, &id).await;
    assert_eq!(view["state"], "authorized");
    assert_eq!(view["payment"]["captured_amount"], 0, "{view}");
    assert!(view["payment"]["captures"].as_array().unwrap().is_empty());
}
