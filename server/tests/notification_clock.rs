//! Deliveries after `POST /sandbox/clock` moved the test clock: the
//! `Checkout-Signature` timestamp is the real time a receiver checks against
//! its own clock (an outside tester's Node receiver refused deliveries signed
//! at test-clock time as stale), while the event's `created_at` follows the
//! test clock like every other time the API shows. Its own test binary: the
//! test clock belongs to the process.
mod common;

use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use checkout_core::notification::verify;
use checkout_server::jobs;
use common::*;
use serde_json::{json, Value};
use std::sync::{Arc, Mutex};

/// What the receiver got: the signature header and the body of each delivery.
type Got = Arc<Mutex<Vec<(String, Vec<u8>)>>>;

#[tokio::test]
async fn deliveries_are_signed_with_real_time_after_the_test_clock_moved() {
    let t = app_with(&[]);
    let got: Got = Arc::default();
    let sink = got.clone();
    let hook = post(move |headers: HeaderMap, body: axum::body::Bytes| {
        let sink = sink.clone();
        async move {
            let sig = headers
                .get("checkout-signature")
                .and_then(|v| v.to_str().ok());
            sink.lock()
                .unwrap()
                .push((sig.unwrap_or("").to_string(), body.to_vec()));
            StatusCode::OK
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(
        async move { axum::serve(listener, axum::Router::new().route("/hook", hook)).await },
    );
    let a = call(
        &t.app,
        "POST",
        "/v1/webhook-endpoints",
        Some(KEY_A),
        Some(json!({"url": url})),
    )
    .await;
    assert_eq!(a.status, StatusCode::CREATED);
    let secret = a.json()["secret"].as_str().unwrap().to_string();

    let day = 86_400;
    let moved = call(
        &t.app,
        "POST",
        "/sandbox/clock",
        None,
        Some(json!({"advance_seconds": day})),
    )
    .await;
    assert_eq!(
        moved.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&moved.bytes)
    );
    let (id, cs) = create_session(&t.app, "customer+de@klarna.com").await;
    assert_eq!(
        authorize(&t.app, &id, &cs).await.json()["result"],
        "APPROVED"
    );
    jobs::drain(&t.state, "runner").await;

    let got = got.lock().unwrap().clone();
    assert_eq!(got.len(), 1);
    let (sig, body) = &got[0];
    let wall = time::OffsetDateTime::now_utc().unix_timestamp();
    // A receiver on a real clock (the npm package's verifyNotification, 300 s) takes it.
    assert_eq!(verify(&secret, sig, body, wall, 300), Ok(()), "{sig}");
    let event: Value = serde_json::from_slice(body).unwrap();
    let created = checkout_server::clock::parse(event["created_at"].as_str().unwrap()).unwrap();
    assert!(
        created.unix_timestamp() >= wall + day - 60,
        "created_at follows the test clock: {event}"
    );
    assert_eq!(event["sequence"], 1);
}
