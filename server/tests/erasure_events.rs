//! Erasing a session's personal data (`POST /v1/sessions/{id}/erase`; the
//! retention round runs the same store call, see the store contract) erases
//! it from the merchant notifications stored about the session too:
//! `GET /v1/events` shows what the erased session shows, and a delivery still
//! to come or a redelivery sends the erased data.
mod common;

use axum::http::StatusCode;
use axum::routing::post;
use checkout_server::jobs;
use common::*;
use serde_json::{json, Value};
use std::sync::atomic::{AtomicU16, Ordering};
use std::sync::{Arc, Mutex};

const EMAIL: &str = "customer+de@klarna.com";

/// A local merchant endpoint answering `status`; what it got.
async fn receiver(status: Arc<AtomicU16>) -> (String, Arc<Mutex<Vec<Vec<u8>>>>) {
    let got = Arc::new(Mutex::new(Vec::new()));
    let g = got.clone();
    let app = axum::Router::new().route(
        "/hook",
        post(move |body: axum::body::Bytes| {
            let (g, status) = (g.clone(), status.clone());
            async move {
                g.lock().unwrap().push(body.to_vec());
                StatusCode::from_u16(status.load(Ordering::SeqCst)).unwrap()
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (url, got)
}

async fn events_of(t: &TestApp, session: &str) -> Vec<Value> {
    let a = call(&t.app, "GET", "/v1/events?limit=100", Some(KEY_A), None).await;
    assert_eq!(a.status, StatusCode::OK);
    let all = a.json()["data"].as_array().unwrap().clone();
    all.into_iter()
        .filter(|e| e["session_id"] == session)
        .collect()
}

fn holds_personal_data(bytes: &[u8]) -> bool {
    let s = String::from_utf8_lossy(bytes);
    ["customer+de", "Erika", "Mustermann", "1234567", "Hauptstr"]
        .iter()
        .any(|p| s.contains(p))
}

#[tokio::test]
async fn erasure_reaches_stored_events_deliveries_and_redeliveries() {
    let t = app_with(&[
        ("CHECKOUT_JOB_RETRY_BASE_MS", "50"),
        ("CHECKOUT_JOB_RETRY_MAX_MS", "100"),
    ]);
    let status = Arc::new(AtomicU16::new(500));
    let (url, got) = receiver(status.clone()).await;
    let ep = call(
        &t.app,
        "POST",
        "/v1/webhook-endpoints",
        Some(KEY_A),
        Some(json!({"url": url, "event_types": ["session.authorized"]})),
    )
    .await;
    assert_eq!(ep.status, StatusCode::CREATED);
    let mut body = session_body(EMAIL);
    body["customer"] = json!({"email": EMAIL, "given_name": "Erika", "family_name": "Mustermann",
        "phone": "+49 30 1234567",
        "billing_address": {"street_address": "Hauptstr. 1", "postal_code": "10115", "city": "Berlin", "country": "DE"}});
    let a = call(&t.app, "POST", "/v1/sessions", Some(KEY_A), Some(body)).await;
    assert_eq!(a.status, StatusCode::CREATED);
    let (id, secret) = {
        let v = a.json();
        (
            v["id"].as_str().unwrap().to_string(),
            v["client_secret"].as_str().unwrap().to_string(),
        )
    };
    assert_eq!(
        authorize(&t.app, &id, &secret).await.json()["result"],
        "APPROVED"
    );
    // The endpoint is down: the delivery waits for its retry.
    jobs::drain(&t.state, "runner").await;
    let events = events_of(&t, &id).await;
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(events[0]["type"], "session.authorized");
    assert_eq!(events[0]["data"]["customer"]["given_name"], "Erika");
    assert_eq!(events[0]["delivered"], false);
    let ev = events[0]["id"].as_str().unwrap().to_string();

    let erased = call(
        &t.app,
        "POST",
        &format!("/v1/sessions/{id}/erase"),
        Some(KEY_A),
        None,
    )
    .await;
    assert_eq!(erased.status, StatusCode::OK);
    let view = erased.json();
    let at = view["personal_data_erased_at"].clone();
    assert!(at.is_string(), "{view}");

    // 1. The stored event shows what the erased session shows.
    for e in [
        events_of(&t, &id).await.remove(0),
        call(
            &t.app,
            "GET",
            &format!("/v1/events/{ev}"),
            Some(KEY_A),
            None,
        )
        .await
        .json(),
    ] {
        let data = &e["data"];
        for k in ["customer", "customer_profile", "shipping"] {
            assert!(data.get(k).is_none(), "{k} kept: {data}");
        }
        assert!(!holds_personal_data(e.to_string().as_bytes()), "{e}");
        assert_eq!(data["personal_data_erased_at"], at);
        assert_eq!(
            (&data["state"], &data["amount"], &data["merchant_reference"]),
            (&view["state"], &view["amount"], &view["merchant_reference"])
        );
        assert_eq!(
            data["authorization"]["payment_transaction_id"],
            view["authorization"]["payment_transaction_id"]
        );
    }

    // 2. The delivery still to come carries the erased data.
    status.store(200, Ordering::SeqCst);
    tokio::time::sleep(std::time::Duration::from_millis(150)).await;
    jobs::drain(&t.state, "runner").await;
    let sent = got.lock().unwrap().clone();
    assert!(sent.len() >= 2, "the retry went out: {}", sent.len());
    assert!(holds_personal_data(&sent[0]), "sent before the erasure");
    let last: Value = serde_json::from_slice(sent.last().unwrap()).unwrap();
    assert!(!holds_personal_data(sent.last().unwrap()), "{last}");
    assert_eq!(
        (&last["id"], &last["data"]["personal_data_erased_at"]),
        (&json!(ev), &at)
    );

    // 3. So does a redelivery.
    let rd = call(
        &t.app,
        "POST",
        &format!("/v1/events/{ev}/redeliver"),
        Some(KEY_A),
        Some(json!({})),
    )
    .await;
    assert_eq!(rd.status, StatusCode::ACCEPTED);
    assert!(!holds_personal_data(&rd.bytes));
    jobs::drain(&t.state, "runner").await;
    let sent = got.lock().unwrap().clone();
    let again = sent.last().unwrap();
    assert!(!holds_personal_data(again));
    assert_eq!(serde_json::from_slice::<Value>(again).unwrap()["id"], ev);
}
