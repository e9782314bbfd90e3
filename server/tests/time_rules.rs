//! Every time rule, proven with the sandbox's test clock instead of sleeping
//! (issue 19): the 60-minute window of a final authorization, a payment
//! request's life, a session's life, idempotency-key retention,
//! notification retries over days, and how long a given-up job is kept. The clock belongs to the process, so the
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
        Some(&secret),
        Some(json!({})),
    )
    .await;
    assert_eq!(done.status, StatusCode::CONFLICT);
    let seen = call(
        &t.app,
        "GET",
        &format!("/sandbox/klarna/payment-requests/{pr}"),
        Some(&secret),
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
    // The given-up job is kept CHECKOUT_FAILED_JOBS_DAYS (30) for a look, then deleted.
    let failed = |t: &TestApp| {
        let store = t.state.store.clone();
        async move {
            let counts = store.job_counts().await.unwrap();
            counts
                .iter()
                .find(|(s, _)| s == "failed")
                .map_or(0, |(_, n)| *n)
        }
    };
    assert!(failed(&t).await >= 1);
    // It gave up between hours 72 and 80; 48 hours have passed since: 29 days old.
    advance(&t, 27 * 86_400).await;
    jobs::maintenance::tick(&t.state).await;
    assert!(failed(&t).await >= 1, "kept within 30 days");
    advance(&t, 2 * 86_400).await;
    jobs::maintenance::tick(&t.state).await;
    assert_eq!(failed(&t).await, 0, "deleted after 30 days");
    reset(&t).await;
}

async fn capture(t: &TestApp, id: &str, amount: i64) -> Answer {
    call(
        &t.app,
        "POST",
        &format!("/v1/sessions/{id}/captures"),
        Some(KEY_A),
        Some(json!({"amount": amount})),
    )
    .await
}

async fn sandbox_transaction(t: &TestApp, txn: &str) -> serde_json::Value {
    let path = format!("/sandbox/klarna/transactions/{txn}");
    call(&t.app, "GET", &path, Some(KEY_A), None).await.json()
}

#[tokio::test]
async fn an_uncaptured_authorization_expires_after_28_days_and_klarna_closes_it_7_days_later() {
    let _turn = CLOCK.lock().await;
    let t = sandbox_app();
    reset(&t).await;
    // 1. Two approvals: one never captured, one captured in part.
    let (whole, secret) = create_session(&t.app, "customer+de@klarna.com").await;
    assert_eq!(
        authorize(&t.app, &whole, &secret).await.json()["result"],
        "APPROVED"
    );
    let (part, secret) = create_session(&t.app, "customer+de@klarna.com").await;
    assert_eq!(
        authorize(&t.app, &part, &secret).await.json()["result"],
        "APPROVED"
    );
    assert_eq!(capture(&t, &part, 5000).await.status, StatusCode::CREATED);
    let txn = merchant_view(&t.app, &whole).await["payment"]["payment_transaction_id"]
        .as_str()
        .unwrap()
        .to_string();
    // 2. A day before Klarna's expires_at nothing lapses.
    advance(&t, 27 * 86_400).await;
    jobs::drain(&t.state, "runner").await;
    assert_eq!(
        merchant_view(&t.app, &whole).await["payment"]["state"],
        "authorized"
    );
    assert_eq!(sandbox_transaction(&t, &txn).await["state"], "AUTHORIZED");
    // 3. Past it: Klarna's transaction is EXPIRED; our read of it in the job
    //    runner expires the payment and tells the merchant once.
    advance(&t, 86_400 + 600).await;
    assert_eq!(sandbox_transaction(&t, &txn).await["state"], "EXPIRED");
    jobs::drain(&t.state, "runner").await;
    let v = merchant_view(&t.app, &whole).await;
    assert_eq!(v["payment"]["state"], "expired", "{v}");
    assert_eq!(v["payment"]["released_amount"], 11800);
    let p = merchant_view(&t.app, &part).await;
    assert_eq!(p["payment"]["captured_amount"], 5000);
    assert_eq!(p["payment"]["released_amount"], 6800, "{p}");
    let events = call(&t.app, "GET", "/v1/events", Some(KEY_A), None)
        .await
        .json();
    let expired = events["data"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["type"] == "payment.expired")
        .count();
    assert_eq!(expired, 2, "{events}");
    // 4. Captures are refused from now on, naming the amount.
    let refused = capture(&t, &whole, 100).await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert_eq!(refused.json()["error"]["fields"][0]["path"], "amount");
    // 5. Seven days after the expiry Klarna closes the transaction.
    advance(&t, 6 * 86_400).await;
    assert_eq!(sandbox_transaction(&t, &txn).await["state"], "EXPIRED");
    advance(&t, 86_400).await;
    assert_eq!(sandbox_transaction(&t, &txn).await["state"], "CLOSED");
    jobs::drain(&t.state, "runner").await;
    let events = call(&t.app, "GET", "/v1/events", Some(KEY_A), None)
        .await
        .json();
    let again = events["data"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["type"] == "payment.expired")
        .count();
    assert_eq!(again, 2, "announced once");
    reset(&t).await;
}

#[tokio::test]
async fn a_capture_after_the_expiry_is_refused_by_klarna_before_we_read_it() {
    let _turn = CLOCK.lock().await;
    let t = sandbox_app();
    reset(&t).await;
    let (id, secret) = create_session(&t.app, "customer+de@klarna.com").await;
    assert_eq!(
        authorize(&t.app, &id, &secret).await.json()["result"],
        "APPROVED"
    );
    // 1. Past Klarna's expires_at, before the job runner read the transaction.
    advance(&t, 29 * 86_400).await;
    let c = capture(&t, &id, 1000).await;
    let v = c.json();
    // 2. Klarna refused it: the capture failed with Klarna's reason, nothing captured.
    assert_eq!(v["status"], "failed", "{v}");
    assert!(
        v["failure_reason"]
            .as_str()
            .unwrap_or("")
            .contains("expired"),
        "{v}"
    );
    jobs::drain(&t.state, "runner").await;
    let view = merchant_view(&t.app, &id).await;
    assert_eq!(view["payment"]["state"], "expired", "{view}");
    assert_eq!(view["payment"]["captured_amount"], 0);
    reset(&t).await;
}

#[tokio::test]
async fn a_retired_signing_key_verifies_for_24_hours_and_is_then_deleted_at_klarna() {
    use checkout_server::klarna::notifications::KlarnaNotifications;
    use checkout_server::sandbox::SandboxNotifications;
    use checkout_server::subscription::{self, KeyState};
    let _turn = CLOCK.lock().await;
    let t = sandbox_app();
    reset(&t).await;
    let admin = |path: &'static str| {
        let app = t.app.clone();
        async move { call(&app, "POST", path, Some("sk_admin_demo"), None).await }
    };
    assert_eq!(
        admin("/v1/admin/klarna/webhook-subscription").await.status,
        StatusCode::OK
    );
    assert_eq!(
        admin("/v1/admin/klarna/webhook-subscription/rotate")
            .await
            .status,
        StatusCode::OK
    );
    let (s, _) = subscription::load(&t.state).await.unwrap();
    let (old, new) = (s.keys[0].clone(), s.keys[1].clone());
    let deliver = |key: &checkout_server::subscription::StoredKey| {
        let app = t.app.clone();
        let (id, secret) = (key.key_id.clone(), key.secret.clone());
        async move {
            let envelope = json!({"metadata": {"event_type": "payment.transaction.captured",
                "event_id": format!("evt-{}", checkout_server::ids::random_hex(8)), "event_version": "v2",
                "occurred_at": "2026-11-30T10:00:00Z"}, "payload": {}});
            post_webhook_signed_with(&app, &id, &secret, &envelope)
                .await
                .status
        }
    };
    // 1. The new key's first event confirms it; the old one is retired.
    assert_eq!(deliver(&new).await, StatusCode::OK);
    // 2. Within 24 hours the retired key still verifies (Klarna retries for 12 h).
    advance(&t, 23 * 3600).await;
    assert_eq!(deliver(&old).await, StatusCode::OK);
    // 3. Past them it doesn't, and the job runner deletes it at Klarna.
    advance(&t, 2 * 3600).await;
    assert_eq!(deliver(&old).await, StatusCode::BAD_REQUEST);
    jobs::drain(&t.state, "runner").await;
    let (s, _) = subscription::load(&t.state).await.unwrap();
    assert_eq!(s.keys.len(), 1, "the retired key is forgotten");
    assert_eq!(s.keys[0].state, KeyState::Active);
    let klarna = SandboxNotifications::new(t.state.store.clone(), t.state.http.clone());
    let calls = klarna.calls().await.unwrap();
    assert!(
        calls
            .iter()
            .any(|c| c["call"] == "delete_signing_key" && c["outcome"] == "performed"),
        "{calls:?}"
    );
    assert_eq!(
        klarna.list_webhooks().await.unwrap()[0]
            .signing_key_id
            .as_deref(),
        Some(new.key_id.as_str())
    );
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
