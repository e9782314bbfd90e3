//! Limits on what Klarna may cost us: the hosted config's optional
//! `sdk_token` exchange gives up after 3 s (the page's own call limit is
//! 15 s), and the real client's answers are capped in size and time.

mod common;
#[path = "support/klarna_mock.rs"]
mod klarna_mock;

use axum::http::StatusCode;
use checkout_server::app;
use common::*;
use klarna_mock::mock;
use serde_json::json;
use std::time::{Duration, Instant};

#[tokio::test]
async fn a_slow_sdk_token_exchange_is_given_up_after_three_seconds() {
    let (m, base) = mock().await;
    let (_dir, state) = test_mode_state(&base);
    let router = app(state);
    let mut body = session_body("customer+de@klarna.com");
    body["klarna_network_session_token"] = json!("krn:network:eu1:test:session-token:abc");
    let a = call(&router, "POST", "/v1/sessions", Some(KEY_A), Some(body)).await;
    assert_eq!(
        a.status,
        StatusCode::CREATED,
        "{}",
        String::from_utf8_lossy(&a.bytes)
    );
    let (id, secret) = (
        a.json()["id"].as_str().unwrap().to_string(),
        a.json()["client_secret"].as_str().unwrap().to_string(),
    );
    m.answer(200, json!({"sdk_token": "sdk-slow"}));
    *m.delay_ms.lock().unwrap() = 6_000;
    let started = Instant::now();
    let path = format!("/v1/sessions/{id}/config");
    let a = call(&router, "GET", &path, Some(&secret), None).await;
    let took = started.elapsed();
    assert_eq!(
        a.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&a.bytes)
    );
    assert!(m.last().path.contains("sdk-tokens"), "{}", m.last().path);
    assert!(took < Duration::from_millis(4_500), "{took:?}");
    assert!(took >= Duration::from_millis(2_900), "{took:?}");
    let v = a.json();
    assert!(v["klarna"].get("sdk_token").is_none(), "{v}");
    // The rest of the config is all there: the page initializes without it.
    assert_eq!(v["klarna"]["partner_account_id"], "PA9", "{v}");
}
