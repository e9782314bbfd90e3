//! Every time rule, proven with the sandbox's test clock instead of sleeping
//! (issue 19): the 60-minute window of a final authorization, a payment
//! request's life, a session's life, idempotency-key retention, and
//! notification retries over days. The clock belongs to the process, so the
//! tests of this file take turns (one lock) and set it back afterwards.

mod common;

use axum::http::StatusCode;
use checkout_server::jobs;
use common::*;
use serde_json::json;
use tokio::sync::Mutex;

static CLOCK: Mutex<()> = Mutex::const_new(());

async fn advance(t: &TestApp, seconds: i64) {
    let a = call(
        &t.app,
        "POST",
        "/sandbox/clock",
        None,
        Some(json!({"advance_seconds": seconds})),
    )
    .await;
    assert_eq!(
        a.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&a.bytes)
    );
}

async fn reset(t: &TestApp) {
    call(
        &t.app,
        "POST",
        "/sandbox/clock",
        None,
        Some(json!({"reset": true})),
    )
    .await;
}

#[tokio::test]
async fn a_final_authorization_is_declined_after_60_minutes_and_approved_within() {
    let _turn = CLOCK.lock().await;
    let t = sandbox_app();
    reset(&t).await;
    for (minutes, want) in [(59, "authorized"), (61, "declined")] {
        let (id, secret) = create_session(&t.app, "customer+de+stepup@klarna.com").await;
        let (pr, token) = complete_step_up(&t.app, &id, &secret).await;
        advance(&t, minutes * 60).await;
        let body = json!({"outcome": "authorized", "payment_request_id": pr, "klarna_network_session_token": token});
        result(&t.app, &id, &secret, &format!("r-{minutes}"), &body).await;
        assert_eq!(
            merchant_view(&t.app, &id).await["state"],
            want,
            "after {minutes} minutes"
        );
    }
    reset(&t).await;
}

#[tokio::test]
async fn a_payment_request_left_three_hours_expires() {
    let _turn = CLOCK.lock().await;
    let t = sandbox_app();
    reset(&t).await;
    let (id, secret) = create_session(&t.app, "customer+de+stepup@klarna.com").await;
    let step = authorize(&t.app, &id, &secret).await.json();
    let pr = step["payment_request_id"].as_str().unwrap().to_string();
    advance(&t, 3 * 3600 + 60).await;
    let done = call(
        &t.app,
        "POST",
        &format!("/sandbox/klarna/payment-requests/{pr}/complete"),
        None,
        Some(json!({})),
    )
    .await;
    assert_eq!(done.status, StatusCode::CONFLICT);
    let seen = call(
        &t.app,
        "GET",
        &format!("/sandbox/klarna/payment-requests/{pr}"),
        None,
        None,
    )
    .await
    .json();
    assert_eq!(seen["state"], "EXPIRED");
    reset(&t).await;
}

#[tokio::test]
async fn an_open_session_past_its_life_expires_and_is_announced() {
    let _turn = CLOCK.lock().await;
    let t = app_with(&[("CHECKOUT_SESSION_TTL_MINUTES", "30")]);
    reset(&t).await;
    let (id, _) = create_session(&t.app, "customer+de@klarna.com").await;
    advance(&t, 29 * 60).await;
    jobs::maintenance::tick(&t.state).await;
    assert_eq!(merchant_view(&t.app, &id).await["state"], "open");
    advance(&t, 2 * 60).await;
    jobs::maintenance::tick(&t.state).await;
    assert_eq!(merchant_view(&t.app, &id).await["state"], "expired");
    let stored = t.state.store.session(&id).await.unwrap().unwrap();
    assert_eq!(
        stored.state.as_str(),
        "expired",
        "written, not only computed"
    );
    let events = call(&t.app, "GET", "/v1/events", Some(KEY_A), None)
        .await
        .json();
    assert!(events.to_string().contains("session.expired"), "{events}");
    reset(&t).await;
}

#[tokio::test]
async fn idempotency_keys_are_kept_24_hours_and_then_forgotten() {
    let _turn = CLOCK.lock().await;
    let t = sandbox_app();
    reset(&t).await;
    let send_with = |email: &'static str| {
        let app = t.app.clone();
        async move {
            let body = session_body(email).to_string();
            send(
                &app,
                "POST",
                "/v1/sessions",
                Some(KEY_A),
                Some(&body),
                &[("idempotency-key", "order-77")],
            )
            .await
        }
    };
    assert_eq!(
        send_with("customer+de@klarna.com").await.status,
        StatusCode::CREATED
    );
    advance(&t, 23 * 3600).await;
    jobs::maintenance::tick(&t.state).await;
    let reused = send_with("customer+se@klarna.com").await;
    assert_eq!(
        reused.status,
        StatusCode::CONFLICT,
        "still remembered after 23 h"
    );
    advance(&t, 2 * 3600).await;
    jobs::maintenance::tick(&t.state).await;
    assert_eq!(
        send_with("customer+se@klarna.com").await.status,
        StatusCode::CREATED,
        "forgotten after 25 h"
    );
    reset(&t).await;
}

#[tokio::test]
async fn a_notification_is_retried_for_three_days_and_then_given_up() {
    let _turn = CLOCK.lock().await;
    let t = sandbox_app();
    reset(&t).await;
    // Nothing listens on port 9: every delivery fails.
    let ep = call(
        &t.app,
        "POST",
        "/v1/webhook-endpoints",
        Some(KEY_A),
        Some(json!({"url": "http://127.0.0.1:9/hooks", "event_types": ["session.canceled"]})),
    )
    .await;
    assert_eq!(
        ep.status,
        StatusCode::CREATED,
        "{}",
        String::from_utf8_lossy(&ep.bytes)
    );
    let (id, _) = create_session(&t.app, "customer+de@klarna.com").await;
    call(
        &t.app,
        "POST",
        &format!("/v1/sessions/{id}/cancel"),
        Some(KEY_A),
        Some(json!({})),
    )
    .await;
    let attempts = |t: &TestApp| {
        let app = t.app.clone();
        async move {
            let und = call(&app, "GET", "/v1/events?delivered=false", Some(KEY_A), None)
                .await
                .json();
            let ev = und["data"][0]["id"].as_str().unwrap().to_string();
            let log = call(&app, "GET", &format!("/v1/events/{ev}"), Some(KEY_A), None)
                .await
                .json();
            log["attempts"].as_array().unwrap().len()
        }
    };
    // Each hour of three days, the runner takes what is due.
    let mut last = 0;
    for hour in 1..=80 {
        jobs::drain(&t.state, "runner").await;
        let n = attempts(&t).await;
        if hour <= 71 {
            assert!(n >= last, "attempts never disappear");
        }
        last = n;
        advance(&t, 3600).await;
    }
    jobs::drain(&t.state, "runner").await;
    let n = attempts(&t).await;
    assert!(n >= 5, "retried with backoff over the days: {n} attempts");
    // Past 72 hours the job gave up: no more attempts however long we wait.
    advance(&t, 48 * 3600).await;
    jobs::drain(&t.state, "runner").await;
    assert_eq!(attempts(&t).await, n, "given up after 72 h");
    reset(&t).await;
}

/// Issue 20: finished sessions keep the shopper's personal data for
/// `CHECKOUT_PERSONAL_DATA_DAYS` (default 90), then the job runner erases
/// names, e-mail, phone and addresses; amounts, states and Klarna ids stay.
/// `POST /v1/sessions/{id}/erase` does it at once.
#[tokio::test]
async fn personal_data_is_erased_after_the_retention_and_on_request() {
    let _turn = CLOCK.lock().await;
    let t = sandbox_app();
    reset(&t).await;
    let mut body = session_body("customer+de@klarna.com");
    body["customer"] = json!({"email": "customer+de@klarna.com", "given_name": "Erika",
        "family_name": "Mustermann", "phone": "+49 30 1234567",
        "billing_address": {"street_address": "Hauptstr. 1", "postal_code": "10115", "city": "Berlin", "country": "DE"}});
    let created = |b: serde_json::Value| {
        let app = t.app.clone();
        async move {
            let a = call(&app, "POST", "/v1/sessions", Some(KEY_A), Some(b)).await;
            assert_eq!(
                a.status,
                StatusCode::CREATED,
                "{}",
                String::from_utf8_lossy(&a.bytes)
            );
            let v = a.json();
            (
                v["id"].as_str().unwrap().to_string(),
                v["client_secret"].as_str().unwrap().to_string(),
            )
        }
    };
    let (paid, secret) = created(body.clone()).await;
    assert_eq!(
        authorize(&t.app, &paid, &secret).await.json()["result"],
        "APPROVED"
    );
    let (open, _) = created(body.clone()).await;
    let (asked, asked_secret) = created(body).await;
    assert_eq!(
        authorize(&t.app, &asked, &asked_secret).await.json()["result"],
        "APPROVED"
    );

    // On request: at once, whatever the retention; again: the same answer.
    let path = format!("/v1/sessions/{asked}/erase");
    let other = call(&t.app, "POST", &path, Some(KEY_B), None).await;
    assert_eq!(
        other.status,
        StatusCode::NOT_FOUND,
        "another merchant's session"
    );
    let a = call(&t.app, "POST", &path, Some(KEY_A), None).await;
    assert_eq!(
        a.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&a.bytes)
    );
    let v = a.json();
    assert!(v["customer"].is_null(), "{v}");
    assert_eq!(
        (&v["state"], &v["amount"]),
        (&json!("authorized"), &json!(11800))
    );
    assert!(v["authorization"]["payment_transaction_id"].is_string());
    let erased_at = v["personal_data_erased_at"].clone();
    assert!(erased_at.is_string(), "{v}");
    let again = call(&t.app, "POST", &path, Some(KEY_A), None).await.json();
    assert_eq!(again["personal_data_erased_at"], erased_at);

    // Retention: kept for 90 days after the session finished, then erased.
    advance(&t, 89 * 86_400).await;
    jobs::maintenance::tick(&t.state).await;
    let v = merchant_view(&t.app, &paid).await;
    assert_eq!(v["customer"]["family_name"], "Mustermann", "day 89: kept");
    advance(&t, 2 * 86_400).await;
    jobs::maintenance::tick(&t.state).await;
    let v = merchant_view(&t.app, &paid).await;
    assert!(v["customer"].is_null(), "day 91: erased: {v}");
    assert!(v["personal_data_erased_at"].is_string());
    assert_eq!(
        (&v["state"], &v["amount"]),
        (&json!("authorized"), &json!(11800))
    );
    assert!(v["authorization"]["payment_transaction_id"].is_string());
    assert_eq!(v["order_lines"][0]["name"], body_line_name());
    // The open session expired on the way (a finished session too): its
    // 90 days count from then, so it keeps its data for now.
    let v = merchant_view(&t.app, &open).await;
    assert_eq!(v["state"], "expired");
    assert_eq!(v["customer"]["given_name"], "Erika");
    reset(&t).await;
}

fn body_line_name() -> serde_json::Value {
    session_body("x@y.example")["order_lines"][0]["name"].clone()
}
