//! Klarna's "not now" answers (`408`, `409`, `429`) are not refusals: a
//! capture, refund or void that gets one stays `pending` (Klarna may have
//! carried it out; the job asks again with the same idempotency key, no
//! sooner than Klarna's `Retry-After`), and a merchant's onboarding is
//! retried rather than failed. Its own test binary: it moves the process's clock,
//! so its tests take turns ([`CLOCK`]): one test's `advance` in the middle of
//! another's "not due yet" check made that check see the job as due.

mod common;
#[path = "support/klarna_mock.rs"]
mod klarna_mock;

use axum::http::StatusCode;
use checkout_server::app;
use checkout_server::clock::{advance, now_ms};
use checkout_server::jobs;
use checkout_server::state::AppState;
use common::*;
use klarna_mock::{approved, mock, Mock};
use serde_json::{json, Value};
use tokio::sync::Mutex;

/// Held for the whole of each test: the clock offset belongs to the process.
static CLOCK: Mutex<()> = Mutex::const_new(());

async fn post(router: &axum::Router, path: String, body: Value) -> Answer {
    call(router, "POST", &path, Some(KEY_A), Some(body)).await
}

/// `POST path` answered `201` with the operation `pending` (Klarna said "not now").
async fn pending(router: &axum::Router, path: String, body: Value) {
    let a = post(router, path, body).await;
    assert_eq!(
        a.status,
        StatusCode::CREATED,
        "{}",
        String::from_utf8_lossy(&a.bytes)
    );
    assert_eq!(a.json()["status"], "pending", "{}", a.json());
}

/// Whether a `kind` job is due by `at_ms` (claiming it when it is).
async fn due(state: &AppState, kind: &str, at_ms: i64) -> bool {
    let jobs = state
        .store
        .claim_jobs("probe", at_ms, 1_000, 10)
        .await
        .unwrap();
    jobs.iter().any(|j| j.kind == kind)
}

fn rate_limited(m: &Mock, retry_after: &str) {
    m.answer_with(
        429,
        json!({"error_code": "RATE_LIMITED"}),
        &[("retry-after", retry_after)],
    );
}

#[tokio::test]
async fn not_now_answers_leave_operations_pending_and_honour_retry_after() {
    let _turn = CLOCK.lock().await;
    let (m, base) = mock().await;
    m.answer(200, approved());
    let (_dir, state) = test_mode_state(&base);
    let router = app(state.clone());
    let (id, secret) = create_session(&router, "customer+de@klarna.com").await;
    assert_eq!(
        authorize(&router, &id, &secret).await.status,
        StatusCode::OK
    );

    // A plain 429 on the first call: pending, not failed.
    rate_limited(&m, "120");
    pending(
        &router,
        format!("/v1/sessions/{id}/captures"),
        json!({"amount": 5000}),
    )
    .await;
    // The job's retry gets 429 again: still pending, next run after Retry-After.
    advance(31_000).unwrap();
    jobs::drain(&state, "test").await;
    let v = merchant_view(&router, &id).await;
    assert_eq!(v["payment"]["captured_amount"], 0, "{v}");
    assert!(!v.to_string().contains("\"failed\""), "{v}");
    assert!(!due(&state, "settle_operation", now_ms() + 60_000).await);
    // After Retry-After, Klarna replays the capture: captured once.
    m.answer_with(200, json!({"payment_capture_id": "cap_1"}), &[]);
    advance(121_000).unwrap();
    jobs::drain(&state, "test").await;
    let v = merchant_view(&router, &id).await;
    assert_eq!(v["payment"]["captured_amount"], 5000, "{v}");

    // A refund answered 429 and a void answered 409 (key in progress): pending.
    rate_limited(&m, "5");
    pending(
        &router,
        format!("/v1/sessions/{id}/refunds"),
        json!({"amount": 1000}),
    )
    .await;
    m.answer_with(
        409,
        json!({"error_code": "IDEMPOTENCY_KEY_IN_PROGRESS"}),
        &[],
    );
    let a = post(&router, format!("/v1/sessions/{id}/void"), json!({})).await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.json()["payment"]["voids"][0]["status"], "pending");
    advance(31_000).unwrap();
    jobs::drain(&state, "test").await;
    let v = merchant_view(&router, &id).await;
    assert!(!v.to_string().contains("\"failed\""), "{v}");
}

#[tokio::test]
async fn a_rate_limited_onboarding_is_retried_not_failed() {
    let _turn = CLOCK.lock().await;
    let (m, base) = mock().await;
    let dir = tempfile::tempdir().unwrap();
    let s = settings(
        &dir,
        &[
            ("KLARNA_MODE", "test"),
            ("KLARNA_API_BASE", &base),
            ("KLARNA_API_KEY", "user:pass"),
            ("KLARNA_CLIENT_ID", "klarna_test_client_x"),
            ("KLARNA_PARTNER_ACCOUNT_ID", "PA9"),
            ("CHECKOUT_ADMIN_KEYS", "ops:sk_admin_busy_test_0001"),
            ("KLARNA_PAYMENT_PROFILE_ID", "pprof_1"),
            ("KLARNA_PAYMENT_ACQUIRING_ACCOUNT_ID", "paa_1"),
        ],
    );
    let state = AppState::new(s.clone(), open_store(&s)).unwrap();
    let router = app(state.clone());
    let body = json!({
        "reference": "shop-busy", "name": "Shop", "contact": {"email": "ops@shop.example"},
        "business_entity": {
            "registered_name": "Shop GmbH", "registration_number": "HRB 1", "country": "DE",
            "address": {"street_address": "Hauptstraße 1", "postal_code": "10115", "city": "Berlin", "country": "DE"}
        },
        "merchant_category_code": "5661",
        "stores": [{"name": "Web", "url": "https://shop.example"}]
    });
    let a = call(
        &router,
        "POST",
        "/v1/admin/merchants",
        Some("sk_admin_busy_test_0001"),
        Some(body),
    )
    .await;
    assert_eq!(
        a.status,
        StatusCode::CREATED,
        "{}",
        String::from_utf8_lossy(&a.bytes)
    );
    let mid = a.json()["id"].as_str().unwrap().to_string();
    rate_limited(&m, "90");
    jobs::drain(&state, "test").await;
    let v0 = call(
        &router,
        "GET",
        &format!("/v1/admin/merchants/{mid}"),
        Some("sk_admin_busy_test_0001"),
        None,
    )
    .await
    .json();
    assert!(
        !m.seen.lock().unwrap().is_empty(),
        "the onboard call was sent {v0}"
    );
    let v = call(
        &router,
        "GET",
        &format!("/v1/admin/merchants/{mid}"),
        Some("sk_admin_busy_test_0001"),
        None,
    )
    .await
    .json();
    assert_eq!(v["klarna"]["onboarding"], "pending", "{v}");
    assert!(!due(&state, "merchant_onboard", now_ms() + 60_000).await);
    assert!(due(&state, "merchant_onboard", now_ms() + 91_000).await);
}
