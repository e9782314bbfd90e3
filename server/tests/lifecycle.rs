//! The payment after authorization through the merchant API: partial and
//! full captures, refunds of the payment and of one capture, void, cancel,
//! amounts refused with the field named, idempotent replays, and concurrent
//! captures that together never pass the authorization. Klarna's side is
//! read from the sandbox's record of calls.
mod common;

use axum::http::StatusCode;
use common::*;
use serde_json::{json, Value};

async fn authorized(t: &TestApp) -> String {
    let (id, secret) = create_session(&t.app, "customer+de@klarna.com").await;
    let a = authorize(&t.app, &id, &secret).await;
    assert_eq!(
        a.json()["result"],
        "APPROVED",
        "{}",
        String::from_utf8_lossy(&a.bytes)
    );
    id
}

async fn post(t: &TestApp, path: &str, body: Value, key: Option<&str>) -> Answer {
    let body = body.to_string();
    let headers: Vec<(&str, &str)> = key
        .map(|k| vec![("idempotency-key", k)])
        .unwrap_or_default();
    send(&t.app, "POST", path, Some(KEY_A), Some(&body), &headers).await
}

async fn klarna_calls(t: &TestApp, id: &str, op: &str) -> Vec<checkout_server::store::SandboxCall> {
    let calls = t.state.sandbox.sandbox_calls(Some(id), None).await.unwrap();
    calls.into_iter().filter(|c| c.operation == op).collect()
}

#[tokio::test]
async fn capture_in_parts_then_refund_part() {
    let t = sandbox_app();
    let id = authorized(&t).await;
    // 1. The authorized session shows its payment.
    let v = merchant_view(&t.app, &id).await;
    assert_eq!(v["payment"]["state"], "authorized");
    assert_eq!(v["payment"]["authorized_amount"], 11800);
    assert!(v["payment"]["klarna_network_response_data"].is_string());
    // 2. Capture part, then the rest.
    let c1 = post(&t, &format!("/v1/sessions/{id}/captures"), json!({"amount": 5000, "reference": "ship-1",
        "shipping_info": [{"shipping_company": "DHL", "tracking_number": "123", "tracking_url": "https://dhl.example/123"}]}), None).await;
    assert_eq!(
        c1.status,
        StatusCode::CREATED,
        "{}",
        String::from_utf8_lossy(&c1.bytes)
    );
    assert_eq!(c1.json()["status"], "succeeded");
    assert_eq!(
        merchant_view(&t.app, &id).await["payment"]["state"],
        "partially_captured"
    );
    let over = post(
        &t,
        &format!("/v1/sessions/{id}/captures"),
        json!({"amount": 6801}),
        None,
    )
    .await;
    assert_eq!(over.status, StatusCode::CONFLICT);
    assert_eq!(over.field_paths(), vec!["amount"]);
    let c2 = post(
        &t,
        &format!("/v1/sessions/{id}/captures"),
        json!({"amount": 6800}),
        None,
    )
    .await;
    assert_eq!(c2.status, StatusCode::CREATED);
    let v = merchant_view(&t.app, &id).await;
    assert_eq!(
        (
            v["payment"]["state"].as_str(),
            v["payment"]["captured_amount"].as_i64()
        ),
        (Some("captured"), Some(11800))
    );
    // 3. Refund part of the first capture; more than it held is refused.
    let cap1 = c1.json()["id"].as_str().unwrap().to_string();
    let r = post(
        &t,
        &format!("/v1/sessions/{id}/refunds"),
        json!({"amount": 2000, "capture_id": cap1, "reason": "returned"}),
        None,
    )
    .await;
    assert_eq!(
        r.status,
        StatusCode::CREATED,
        "{}",
        String::from_utf8_lossy(&r.bytes)
    );
    let too_much = post(
        &t,
        &format!("/v1/sessions/{id}/refunds"),
        json!({"amount": 3001, "capture_id": cap1}),
        None,
    )
    .await;
    assert_eq!(too_much.status, StatusCode::CONFLICT);
    assert_eq!(too_much.field_paths(), vec!["amount"]);
    let v = merchant_view(&t.app, &id).await;
    assert_eq!(v["payment"]["state"], "partially_refunded");
    assert_eq!(v["payment"]["refunded_amount"], 2000);
    assert_eq!(v["payment"]["captures"][0]["refunded_amount"], 2000);
    // 4. Klarna saw two captures and one refund, each once.
    assert_eq!(klarna_calls(&t, &id, "capture").await.len(), 2);
    assert_eq!(klarna_calls(&t, &id, "refund").await.len(), 1);
    let txn = v["payment"]["payment_transaction_id"].as_str().unwrap();
    let (k, _) = t
        .state
        .sandbox
        .sandbox_transaction(txn)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (k["captured"].as_i64(), k["refunded"].as_i64()),
        (Some(11800), Some(2000))
    );
}

#[tokio::test]
async fn void_releases_the_rest_and_stops_captures() {
    let t = sandbox_app();
    let id = authorized(&t).await;
    let v = post(&t, &format!("/v1/sessions/{id}/void"), json!({}), None).await;
    assert_eq!(
        v.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&v.bytes)
    );
    assert_eq!(v.json()["payment"]["state"], "voided");
    assert_eq!(v.json()["payment"]["released_amount"], 11800);
    let again = post(&t, &format!("/v1/sessions/{id}/void"), json!({}), None).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    let cap = post(
        &t,
        &format!("/v1/sessions/{id}/captures"),
        json!({"amount": 1}),
        None,
    )
    .await;
    assert_eq!(cap.status, StatusCode::CONFLICT);
    assert_eq!(cap.field_paths(), vec!["amount"]);
}

#[tokio::test]
async fn operations_on_an_open_session_and_cancel() {
    let t = sandbox_app();
    let (id, _) = create_session(&t.app, "customer+de@klarna.com").await;
    let cap = post(
        &t,
        &format!("/v1/sessions/{id}/captures"),
        json!({"amount": 100}),
        None,
    )
    .await;
    assert_eq!(cap.status, StatusCode::CONFLICT, "not authorized yet");
    let c = post(&t, &format!("/v1/sessions/{id}/cancel"), json!({}), None).await;
    assert_eq!(c.status, StatusCode::OK);
    assert_eq!(c.json()["state"], "canceled");
    let again = post(&t, &format!("/v1/sessions/{id}/cancel"), json!({}), None).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    let bad = post(
        &t,
        &format!("/v1/sessions/{id}/cancel"),
        json!({"why": 1}),
        None,
    )
    .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad.field_paths(), vec!["why"]);
}

#[tokio::test]
async fn idempotency_keys_replay_and_refuse_reuse() {
    let t = sandbox_app();
    let id = authorized(&t).await;
    let path = format!("/v1/sessions/{id}/captures");
    let first = post(&t, &path, json!({"amount": 1000}), Some("cap-key-1")).await;
    let replay = post(&t, &path, json!({"amount": 1000}), Some("cap-key-1")).await;
    assert_eq!(
        (first.status, replay.status),
        (StatusCode::CREATED, StatusCode::CREATED)
    );
    assert_eq!(
        first.bytes, replay.bytes,
        "the replay is the first answer, byte for byte"
    );
    let reused = post(&t, &path, json!({"amount": 2000}), Some("cap-key-1")).await;
    assert_eq!(reused.status, StatusCode::CONFLICT);
    assert_eq!(reused.json()["error"]["code"], "idempotency_key_reused");
    let elsewhere = post(
        &t,
        &format!("/v1/sessions/{id}/refunds"),
        json!({"amount": 1000}),
        Some("cap-key-1"),
    )
    .await;
    assert_eq!(elsewhere.json()["error"]["code"], "idempotency_key_reused");
    assert_eq!(
        merchant_view(&t.app, &id).await["payment"]["captured_amount"],
        1000
    );
    assert_eq!(klarna_calls(&t, &id, "capture").await.len(), 1);
    // Session creation replays too.
    let body = session_body("customer+de@klarna.com").to_string();
    let h = [("idempotency-key", "create-1")];
    let a = send(&t.app, "POST", "/v1/sessions", Some(KEY_A), Some(&body), &h).await;
    let b = send(&t.app, "POST", "/v1/sessions", Some(KEY_A), Some(&body), &h).await;
    assert_eq!(a.status, StatusCode::CREATED);
    assert_eq!(a.json()["id"], b.json()["id"]);
}

#[tokio::test]
async fn concurrent_captures_never_pass_the_authorization() {
    let t = sandbox_app();
    let id = authorized(&t).await;
    let path = format!("/v1/sessions/{id}/captures");
    // 12 captures of 1000 against 11800: at most 11 can pass.
    let tasks: Vec<_> = (0..12)
        .map(|_| {
            let app = t.app.clone();
            let path = path.clone();
            tokio::spawn(async move {
                let body = json!({"amount": 1000}).to_string();
                send(&app, "POST", &path, Some(KEY_A), Some(&body), &[])
                    .await
                    .status
            })
        })
        .collect();
    let mut created = 0;
    for task in tasks {
        match task.await.unwrap() {
            StatusCode::CREATED => created += 1,
            StatusCode::CONFLICT => {}
            s => panic!("unexpected {s}"),
        }
    }
    assert_eq!(created, 11);
    let v = merchant_view(&t.app, &id).await;
    assert_eq!(v["payment"]["captured_amount"], 11000);
    assert_eq!(klarna_calls(&t, &id, "capture").await.len(), 11);
}

#[tokio::test]
async fn automatic_capture_at_authorization() {
    let t = sandbox_app();
    let mut body = session_body("customer+de@klarna.com");
    body["capture_method"] = json!("automatic");
    let a = call(&t.app, "POST", "/v1/sessions", Some(KEY_A), Some(body)).await;
    let (id, secret) = (
        a.json()["id"].as_str().unwrap().to_string(),
        a.json()["client_secret"].as_str().unwrap().to_string(),
    );
    assert_eq!(
        authorize(&t.app, &id, &secret).await.json()["result"],
        "APPROVED"
    );
    let v = merchant_view(&t.app, &id).await;
    assert_eq!(v["capture_method"], "automatic");
    assert_eq!(v["payment"]["state"], "captured");
    assert_eq!(
        v["payment"]["captures"][0]["klarna_id"]
            .as_str()
            .map(|s| s.starts_with("krn:")),
        Some(true)
    );
    let calls = klarna_calls(&t, &id, "authorize").await;
    assert_eq!(calls[0].detail["capture"], "NOW");
    let bad = call(
        &t.app,
        "POST",
        "/v1/sessions",
        Some(KEY_A),
        Some(json!({"capture_method": "later"})),
    )
    .await;
    assert!(bad.field_paths().contains(&"capture_method".to_string()));
}

#[tokio::test]
async fn payment_requests_without_a_transaction_are_canceled_at_klarna() {
    let t = sandbox_app();
    // 1. An aborted journey: the page reports it, the runner cancels the request at Klarna.
    let (id, secret) = create_session(&t.app, "customer+de+abort@klarna.com").await;
    let pr = authorize(&t.app, &id, &secret).await.json()["payment_request_id"]
        .as_str()
        .unwrap()
        .to_string();
    let body = json!({"outcome": "aborted", "payment_request_id": pr});
    assert_eq!(
        result(&t.app, &id, &secret, "abort-1", &body).await.status,
        StatusCode::OK
    );
    checkout_server::jobs::drain(&t.state, "runner").await;
    let cancels = klarna_calls(&t, &id, "cancel_payment_request").await;
    assert_eq!(cancels.len(), 1);
    assert_eq!(
        t.state
            .sandbox
            .sandbox_request(&pr)
            .await
            .unwrap()
            .unwrap()
            .state,
        "CANCELED"
    );
    // 2. A merchant cancel of a session with a journey in progress cancels its request too.
    let (id2, secret2) = create_session(&t.app, "customer+de+stepup@klarna.com").await;
    let pr2 = authorize(&t.app, &id2, &secret2).await.json()["payment_request_id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        post(&t, &format!("/v1/sessions/{id2}/cancel"), json!({}), None)
            .await
            .status,
        StatusCode::OK
    );
    checkout_server::jobs::drain(&t.state, "runner").await;
    assert_eq!(
        t.state
            .sandbox
            .sandbox_request(&pr2)
            .await
            .unwrap()
            .unwrap()
            .state,
        "CANCELED"
    );
    // The hosted page's config now reads the session closed.
    let cfg = call(
        &t.app,
        "GET",
        &format!("/v1/sessions/{id2}/config"),
        Some(&secret2),
        None,
    )
    .await;
    assert_eq!(cfg.json()["state"], "canceled");
}
