//! The check of a confirmation whose token another session used: Klarna
//! answers `409` to the call and to each replay. The check treats a `409`
//! as "not now" at first, as final once it stays (three runs), marks the
//! call as Klarna's failure and ends: no job given up (an ERROR per used
//! token a client holds, kept forever), no second payment. Its own test
//! binary: it moves the process's clock.

mod common;

use axum::http::StatusCode;
use checkout_server::jobs;
use common::*;
use serde_json::json;

async fn confirm(t: &TestApp, id: &str, secret: &str, token: &str) -> Answer {
    let path = format!("/v1/sessions/{id}/klarna/confirm");
    let body = json!({"payment_confirmation_token": token});
    call(&t.app, "POST", &path, Some(secret), Some(body)).await
}

#[tokio::test]
async fn a_used_confirmation_token_ends_its_check_without_giving_up() {
    let t = sandbox_app();
    let (first, first_cs) = create_session(&t.app, "customer+de@klarna.com").await;
    let (second, second_cs) = create_session(&t.app, "customer+de@klarna.com").await;
    let token = "sandbox_pct_shared1";
    assert_eq!(
        confirm(&t, &first, &first_cs, token).await.status,
        StatusCode::OK
    );
    let again = confirm(&t, &second, &second_cs, token).await;
    assert_eq!(
        again.status,
        StatusCode::BAD_REQUEST,
        "{}",
        String::from_utf8_lossy(&again.bytes)
    );
    // The checks run a minute later, and again after their backoff.
    for _ in 0..8 {
        checkout_server::clock::advance(10 * 60_000).unwrap();
        jobs::drain(&t.state, "test").await;
    }
    let counts = t.state.store.job_counts().await.unwrap();
    let n = |s: &str| counts.iter().find(|(k, _)| k == s).map_or(0, |(_, n)| *n);
    assert_eq!(n("failed"), 0, "{counts:?}");
    let retrying = t.state.store.jobs_retrying().await.unwrap();
    assert!(
        retrying.iter().all(|r| r.kind != "reconcile_authorize"),
        "{retrying:?}"
    );
    // The call is marked as Klarna's failure; the second session is still unpaid.
    let events = t.state.store.events(&second).await.unwrap();
    assert!(
        events.iter().any(|e| e.kind == "authorize.klarna_failed"),
        "{events:?}"
    );
    assert_eq!(merchant_view(&t.app, &second).await["state"], "open");
    assert_eq!(merchant_view(&t.app, &first).await["state"], "authorized");
}
