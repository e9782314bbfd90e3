//! Merchant notifications: endpoints, events written with each change,
//! signed deliveries to a real local receiver, every attempt logged, the
//! undelivered list and redelivery.
mod common;

use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use checkout_core::notification::verify;
use checkout_server::jobs;
use common::*;
use serde_json::{json, Value};
use std::sync::atomic::{AtomicU16, Ordering};
use std::sync::{Arc, Mutex};

/// What the receiver got: the signature header and the body of each delivery.
type Got = Arc<Mutex<Vec<(String, Vec<u8>)>>>;

#[derive(Clone, Default)]
struct Receiver {
    got: Got,
    status: Arc<AtomicU16>,
}

async fn receiver() -> (String, Receiver) {
    let r = Receiver::default();
    r.status.store(200, Ordering::SeqCst);
    let rr = r.clone();
    let app = axum::Router::new().route(
        "/hook",
        post(move |headers: HeaderMap, body: axum::body::Bytes| {
            let rr = rr.clone();
            async move {
                let sig = headers
                    .get("checkout-signature")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("")
                    .to_string();
                rr.got.lock().unwrap().push((sig, body.to_vec()));
                StatusCode::from_u16(rr.status.load(Ordering::SeqCst)).unwrap()
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (url, r)
}

async fn endpoint(t: &TestApp, url: &str, types: Value) -> (String, String) {
    let a = call(
        &t.app,
        "POST",
        "/v1/webhook-endpoints",
        Some(KEY_A),
        Some(json!({"url": url, "event_types": types})),
    )
    .await;
    assert_eq!(
        a.status,
        StatusCode::CREATED,
        "{}",
        String::from_utf8_lossy(&a.bytes)
    );
    let v = a.json();
    (
        v["id"].as_str().unwrap().into(),
        v["secret"].as_str().unwrap().into(),
    )
}

#[tokio::test]
async fn signed_notifications_reach_the_endpoint() {
    let t = app_with(&[("CHECKOUT_JOB_RETRY_BASE_MS", "50")]);
    let (url, r) = receiver().await;
    let (_, secret) = endpoint(&t, &url, json!([])).await;
    // 1. Pay and capture part: two events, delivered by the runner.
    let (id, cs) = create_session(&t.app, "customer+de@klarna.com").await;
    assert_eq!(
        authorize(&t.app, &id, &cs).await.json()["result"],
        "APPROVED"
    );
    let body = json!({"amount": 500}).to_string();
    send(
        &t.app,
        "POST",
        &format!("/v1/sessions/{id}/captures"),
        Some(KEY_A),
        Some(&body),
        &[],
    )
    .await;
    jobs::drain(&t.state, "runner").await;
    // Deliveries run side by side, so they may arrive in either order (docs: "Deliveries"); each
    // carries its place among its session's events, `sequence`, to order them by (`created_at` has
    // whole seconds, and both events here may share one).
    let mut got = r.got.lock().unwrap().clone();
    let sequence = |b: &[u8]| serde_json::from_slice::<Value>(b).unwrap()["sequence"].as_i64();
    got.sort_by_key(|(_, b)| sequence(b));
    assert_eq!(
        got.iter().map(|(_, b)| sequence(b)).collect::<Vec<_>>(),
        vec![Some(1), Some(2)]
    );
    let types: Vec<String> = got
        .iter()
        .map(|(_, b)| {
            serde_json::from_slice::<Value>(b).unwrap()["type"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(types, vec!["session.authorized", "payment.captured"]);
    // 2. Each is signed over "<t>.<body>" with the endpoint's secret and carries the session.
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    for (sig, b) in &got {
        assert_eq!(verify(&secret, sig, b, now, 300), Ok(()));
        assert!(verify("whsec_wrong", sig, b, now, 300).is_err());
    }
    let last: Value = serde_json::from_slice(&got[1].1).unwrap();
    assert_eq!(last["data"]["payment"]["captured_amount"], 500);
    // 3. Nothing is left undelivered; the attempt is in the log.
    let und = call(
        &t.app,
        "GET",
        "/v1/events?delivered=false",
        Some(KEY_A),
        None,
    )
    .await;
    assert_eq!(und.json()["data"].as_array().unwrap().len(), 0);
    let ev = last["id"].as_str().unwrap();
    let one = call(
        &t.app,
        "GET",
        &format!("/v1/events/{ev}"),
        Some(KEY_A),
        None,
    )
    .await
    .json();
    assert_eq!(one["delivered"], true);
    assert_eq!(one["sequence"], 2);
    assert_eq!(one["attempts"][0]["status_code"], 200);
}

#[tokio::test]
async fn failed_deliveries_are_retried_listed_and_redelivered() {
    let t = app_with(&[
        ("CHECKOUT_JOB_RETRY_BASE_MS", "50"),
        ("CHECKOUT_JOB_RETRY_MAX_MS", "100"),
    ]);
    let (url, r) = receiver().await;
    endpoint(&t, &url, json!(["session.canceled"])).await;
    r.status.store(500, Ordering::SeqCst);
    let (id, _) = create_session(&t.app, "customer+de@klarna.com").await;
    let c = call(
        &t.app,
        "POST",
        &format!("/v1/sessions/{id}/cancel"),
        Some(KEY_A),
        Some(json!({})),
    )
    .await;
    assert_eq!(c.status, StatusCode::OK);
    jobs::drain(&t.state, "runner").await;
    // 1. The endpoint refused: the event is undelivered, the attempt logged with its status.
    let und = call(
        &t.app,
        "GET",
        "/v1/events?delivered=false",
        Some(KEY_A),
        None,
    )
    .await
    .json();
    let ev = und["data"][0]["id"].as_str().unwrap().to_string();
    assert_eq!(und["data"][0]["type"], "session.canceled");
    let log = call(
        &t.app,
        "GET",
        &format!("/v1/events/{ev}"),
        Some(KEY_A),
        None,
    )
    .await
    .json();
    assert_eq!(log["attempts"][0]["status_code"], 500);
    assert!(log["attempts"][0]["error"]
        .as_str()
        .unwrap()
        .contains("500"));
    // 2. The retry (after its backoff) succeeds once the endpoint is back.
    r.status.store(204, Ordering::SeqCst);
    tokio::time::sleep(std::time::Duration::from_millis(150)).await;
    jobs::drain(&t.state, "runner").await;
    let log = call(
        &t.app,
        "GET",
        &format!("/v1/events/{ev}"),
        Some(KEY_A),
        None,
    )
    .await
    .json();
    assert_eq!(log["delivered"], true, "{log}");
    assert!(log["attempts"].as_array().unwrap().len() >= 2);
    // 3. Redeliver sends it once more.
    let before = r.got.lock().unwrap().len();
    let rd = call(
        &t.app,
        "POST",
        &format!("/v1/events/{ev}/redeliver"),
        Some(KEY_A),
        Some(json!({})),
    )
    .await;
    assert_eq!(rd.status, StatusCode::ACCEPTED);
    jobs::drain(&t.state, "runner").await;
    assert_eq!(r.got.lock().unwrap().len(), before + 1);
    // 4. Another merchant sees none of it.
    assert_eq!(
        call(
            &t.app,
            "GET",
            &format!("/v1/events/{ev}"),
            Some(KEY_B),
            None
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn endpoint_bodies_are_checked() {
    let t = sandbox_app();
    let bad = call(
        &t.app,
        "POST",
        "/v1/webhook-endpoints",
        Some(KEY_A),
        Some(json!({"url": "http://shop.example/hook", "event_types": ["payment.nope"], "x": 1})),
    )
    .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad.field_paths(), vec!["url", "event_types[0]", "x"]);
    let (id, _) = endpoint(&t, "https://shop.example/hook", json!(["payment.captured"])).await;
    let list = call(&t.app, "GET", "/v1/webhook-endpoints", Some(KEY_A), None)
        .await
        .json();
    assert_eq!(list["data"][0]["id"], id.as_str());
    assert!(
        list["data"][0].get("secret").is_none(),
        "the secret is shown once"
    );
    let del = call(
        &t.app,
        "DELETE",
        &format!("/v1/webhook-endpoints/{id}"),
        Some(KEY_A),
        None,
    )
    .await;
    assert_eq!(del.status, StatusCode::NO_CONTENT);
    let again = call(
        &t.app,
        "DELETE",
        &format!("/v1/webhook-endpoints/{id}"),
        Some(KEY_A),
        None,
    )
    .await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
}
