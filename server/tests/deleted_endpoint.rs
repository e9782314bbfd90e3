//! A deleted webhook endpoint gets nothing more: the retries of a delivery
//! that failed before the delete send nothing, and the events it left
//! undelivered no longer count as pending in `GET /v1/events`. Runs on
//! PostgreSQL with `CHECKOUT_TEST_SERVER_ON_POSTGRES=1` (see `common::settings`).
mod common;

use axum::http::StatusCode;
use axum::routing::post;
use checkout_server::jobs;
use common::*;
use serde_json::{json, Value};
use std::sync::atomic::{AtomicU16, AtomicUsize, Ordering};
use std::sync::Arc;

/// A local receiver answering `status`; counts what it got.
async fn receiver(status: u16) -> (String, Arc<AtomicUsize>) {
    let got = Arc::new(AtomicUsize::new(0));
    let (g, code) = (got.clone(), Arc::new(AtomicU16::new(status)));
    let app = axum::Router::new().route(
        "/hook",
        post(move || {
            let (g, code) = (g.clone(), code.clone());
            async move {
                g.fetch_add(1, Ordering::SeqCst);
                StatusCode::from_u16(code.load(Ordering::SeqCst)).unwrap()
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (url, got)
}

async fn endpoint(t: &TestApp, url: &str) -> String {
    let a = call(
        &t.app,
        "POST",
        "/v1/webhook-endpoints",
        Some(KEY_A),
        Some(json!({"url": url, "event_types": ["session.canceled"]})),
    )
    .await;
    assert_eq!(a.status, StatusCode::CREATED);
    a.json()["id"].as_str().unwrap().into()
}

async fn events(t: &TestApp, query: &str) -> Vec<Value> {
    let r = call(
        &t.app,
        "GET",
        &format!("/v1/events{query}"),
        Some(KEY_A),
        None,
    )
    .await;
    r.json()["data"].as_array().unwrap().clone()
}

#[tokio::test]
async fn a_deleted_endpoint_gets_no_retries_and_leaves_nothing_pending() {
    let t = app_with(&[
        ("CHECKOUT_JOB_RETRY_BASE_MS", "50"),
        ("CHECKOUT_JOB_RETRY_MAX_MS", "100"),
    ]);
    let (ok_url, ok_got) = receiver(200).await;
    let (bad_url, bad_got) = receiver(500).await;
    endpoint(&t, &ok_url).await;
    let bad = endpoint(&t, &bad_url).await;
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
    // 1. One endpoint took it, the other refused: pending on that one.
    assert_eq!(ok_got.load(Ordering::SeqCst), 1);
    assert_eq!(bad_got.load(Ordering::SeqCst), 1);
    let ev = events(&t, "?delivered=false").await;
    assert_eq!(ev.len(), 1);
    assert_eq!(
        (ev[0]["endpoints"].clone(), ev[0]["delivered"].clone()),
        (json!(2), json!(false))
    );
    // 2. The refusing endpoint is deleted; its retries (after their backoff) send nothing.
    let d = call(
        &t.app,
        "DELETE",
        &format!("/v1/webhook-endpoints/{bad}"),
        Some(KEY_A),
        None,
    )
    .await;
    assert_eq!(d.status, StatusCode::NO_CONTENT);
    for _ in 0..3 {
        tokio::time::sleep(std::time::Duration::from_millis(150)).await;
        jobs::drain(&t.state, "runner").await;
    }
    assert_eq!(
        bad_got.load(Ordering::SeqCst),
        1,
        "a deleted endpoint got a retry"
    );
    // 3. The event is no longer pending: the endpoint left counts no more.
    assert!(events(&t, "?delivered=false").await.is_empty());
    let done = events(&t, "?delivered=true").await;
    assert_eq!(done.len(), 1);
    assert_eq!(done[0]["endpoints"], 1);
    assert_eq!(done[0]["delivered_endpoints"], 1);
    assert_eq!(done[0]["delivered"], true);
    // Its attempt stays in the event's log.
    let one = call(
        &t.app,
        "GET",
        &format!("/v1/events/{}", done[0]["id"].as_str().unwrap()),
        Some(KEY_A),
        None,
    )
    .await
    .json();
    let attempts = one["attempts"].as_array().unwrap();
    assert!(attempts.iter().any(|a| a["endpoint_id"] == bad.as_str()));
}
