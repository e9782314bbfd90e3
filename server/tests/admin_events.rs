//! The runbook's notification steps with the operator's key: a merchant's
//! undelivered events, one event's attempts with their errors, and sending
//! it again (`/v1/admin/merchants/{id}/events…`), without a merchant key.

mod common;

use axum::http::StatusCode;
use axum::routing::post;
use checkout_server::jobs;
use common::*;
use serde_json::json;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

const ADMIN: &str = "sk_admin_demo";

/// An endpoint that answers 503 and counts what it got.
async fn refusing() -> (String, Arc<AtomicUsize>) {
    let got = Arc::new(AtomicUsize::new(0));
    let seen = got.clone();
    let app = axum::Router::new().route(
        "/hook",
        post(move || {
            let seen = seen.clone();
            async move {
                seen.fetch_add(1, Ordering::SeqCst);
                StatusCode::SERVICE_UNAVAILABLE
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (url, got)
}

#[tokio::test]
async fn an_operator_lists_inspects_and_redelivers_a_merchants_events() {
    let t = sandbox_app();
    let (url, got) = refusing().await;
    let body = json!({"url": url, "event_types": ["session.canceled"]});
    let e = call(
        &t.app,
        "POST",
        "/v1/webhook-endpoints",
        Some(KEY_A),
        Some(body),
    )
    .await;
    assert_eq!(e.status, StatusCode::CREATED);
    let (id, _) = create_session(&t.app, "customer+de@klarna.com").await;
    let path = format!("/v1/sessions/{id}/cancel");
    assert_eq!(
        call(&t.app, "POST", &path, Some(KEY_A), Some(json!({})))
            .await
            .status,
        StatusCode::OK
    );
    jobs::drain(&t.state, "runner").await;
    assert_eq!(got.load(Ordering::SeqCst), 1);

    let list = call(
        &t.app,
        "GET",
        "/v1/admin/merchants/shop_a/events?delivered=false",
        Some(ADMIN),
        None,
    )
    .await;
    assert_eq!(list.status, StatusCode::OK);
    let ev = list.json()["data"][0]["id"].as_str().unwrap().to_string();
    assert_eq!(list.json()["data"][0]["session_id"], id.as_str());
    let one = call(
        &t.app,
        "GET",
        &format!("/v1/admin/merchants/shop_a/events/{ev}"),
        Some(ADMIN),
        None,
    )
    .await;
    assert_eq!(one.status, StatusCode::OK);
    let attempt = &one.json()["attempts"][0];
    assert_eq!(attempt["status_code"], 503);
    assert!(
        attempt["error"].as_str().unwrap().contains("503"),
        "{attempt}"
    );
    let again = format!("/v1/admin/merchants/shop_a/events/{ev}/redeliver");
    let r = call(&t.app, "POST", &again, Some(ADMIN), Some(json!({}))).await;
    assert_eq!(
        r.status,
        StatusCode::ACCEPTED,
        "{}",
        String::from_utf8_lossy(&r.bytes)
    );
    jobs::drain(&t.state, "runner").await;
    assert_eq!(got.load(Ordering::SeqCst), 2);

    // The operator's key only; the event only under its merchant; merchants that exist.
    assert_eq!(
        call(
            &t.app,
            "GET",
            "/v1/admin/merchants/shop_a/events",
            Some(KEY_A),
            None
        )
        .await
        .status,
        StatusCode::UNAUTHORIZED
    );
    let other = format!("/v1/admin/merchants/shop_b/events/{ev}");
    assert_eq!(
        call(&t.app, "GET", &other, Some(ADMIN), None).await.status,
        StatusCode::NOT_FOUND
    );
    let none = call(
        &t.app,
        "GET",
        "/v1/admin/merchants/shop_zz/events",
        Some(ADMIN),
        None,
    )
    .await;
    assert_eq!(none.status, StatusCode::NOT_FOUND);
    assert!(String::from_utf8_lossy(&none.bytes).contains("no merchant shop_zz"));
    let bad = call(
        &t.app,
        "GET",
        "/v1/admin/merchants/shop_a/events?limit=0",
        Some(ADMIN),
        None,
    )
    .await;
    assert_eq!(bad.json()["error"]["fields"][0]["path"], "limit");
    let body = call(&t.app, "POST", &again, Some(ADMIN), Some(json!({"x": 1}))).await;
    assert_eq!(body.status, StatusCode::BAD_REQUEST);
}
