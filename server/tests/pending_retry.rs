//! A capture Klarna did not answer is asked again by the job runner as soon
//! as its request's own Klarna call is over: with the in-process sandbox
//! after the first retry delay (`CHECKOUT_JOB_RETRY_BASE_MS`), never while
//! the call could still be in flight (with Klarna's API, 30 s: the real
//! client's 20 s time limit and 10 s more).

mod common;

use axum::http::StatusCode;
use checkout_server::clock::now_ms;
use common::*;
use serde_json::json;

#[tokio::test]
async fn a_capture_klarna_did_not_answer_is_retried_after_the_retry_delay() {
    let t = app_with(&[
        ("KLARNA_SANDBOX_FAULTS", "rate=1,kinds=5xx"),
        ("CHECKOUT_ALLOW_FAULTS", "yes-this-is-a-test"),
        ("CHECKOUT_JOB_RETRY_BASE_MS", "2000"),
    ]);
    assert_eq!(t.state.klarna.longest_call(), std::time::Duration::ZERO);
    let (id, _) = authorized_session(&t.app, "customer+de@klarna.com").await;
    let path = format!("/v1/sessions/{id}/captures");
    let a = call(
        &t.app,
        "POST",
        &path,
        Some(KEY_A),
        Some(json!({"amount": 11800})),
    )
    .await;
    assert_eq!(a.status, StatusCode::CREATED);
    assert_eq!(a.json()["status"], "pending");

    // Not due before the retry delay, due after it (and long before 30 s).
    let early = t
        .state
        .store
        .claim_jobs("probe", now_ms() + 1_000, 1_000, 10)
        .await
        .unwrap();
    assert!(
        early.iter().all(|j| j.kind != "settle_operation"),
        "{early:?}"
    );
    let due = t
        .state
        .store
        .claim_jobs("probe", now_ms() + 3_000, 1_000, 10)
        .await
        .unwrap();
    assert_eq!(
        due.iter().filter(|j| j.kind == "settle_operation").count(),
        1,
        "{due:?}"
    );
}

#[test]
fn klarnas_api_waits_for_its_own_time_limit() {
    let key = checkout_server::settings::Secret::new("k");
    let real = checkout_server::klarna::RealKlarna::new("https://api.example", "p", &key).unwrap();
    use checkout_server::klarna::KlarnaApi;
    assert_eq!(real.longest_call(), std::time::Duration::from_secs(20));
}

/// A void while a capture is pending at Klarna is refused (`409`, saying
/// which capture it waits for): Klarna's release would take the capture's
/// amount with the rest, and our books would lose it (outside tester: a void
/// answered 200 left 4000 of 10000 neither captured nor released). Once the
/// capture is answered the void releases the rest, and the amounts add up.
#[tokio::test]
async fn a_void_waits_for_a_pending_capture_and_the_amounts_add_up() {
    let t = app_with(&[
        ("KLARNA_SANDBOX_FAULTS", "rate=1,kinds=5xx"),
        ("CHECKOUT_ALLOW_FAULTS", "yes-this-is-a-test"),
    ]);
    let (id, _) = authorized_session(&t.app, "customer+de@klarna.com").await;
    let capture = call(
        &t.app,
        "POST",
        &format!("/v1/sessions/{id}/captures"),
        Some(KEY_A),
        Some(json!({"amount": 4000})),
    )
    .await;
    assert_eq!(capture.status, StatusCode::CREATED);
    assert_eq!(capture.json()["status"], "pending");
    let void = call(
        &t.app,
        "POST",
        &format!("/v1/sessions/{id}/void"),
        Some(KEY_A),
        Some(json!({})),
    )
    .await;
    assert_eq!(void.status, StatusCode::CONFLICT, "{}", void.json());
    let message = void.json()["error"]["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        message.contains("4000") && message.contains("pending"),
        "{message}"
    );
    let view = merchant_view(&t.app, &id).await;
    let p = &view["payment"];
    assert_eq!(p["released_amount"], 0, "{p}");
    assert_eq!(p["pending_capture_amount"], 4000, "{p}");
}
