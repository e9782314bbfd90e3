//! A shopper (or a merchant's client) that hangs up while a payment call is
//! in flight: a page reload, a closed tab, a client time-out. The server must
//! finish what it started (Klarna may already have approved) and record it,
//! rather than stop at the point where the connection went: otherwise
//! Klarna holds an authorization we never recorded, and a retry after the
//! payment lock went stale could reach Klarna a second time.
//!
//! Dropping the router's future is what hyper does when the client's
//! connection closes, so a time-out around `send` is a disconnect.

mod common;

use axum::http::StatusCode;
use common::*;
use std::time::Duration;

/// Initial authorizations Klarna performed (not replayed) for `id`.
async fn performed_at_klarna(t: &TestApp, id: &str) -> usize {
    let seen = klarna_requests(&t.app, id).await;
    seen.iter()
        .filter(|r| r["step"] == "initial" && r["outcome"] == "performed")
        .count()
}

/// Polls the merchant's view until the session is `want` (or 5 s pass).
async fn wait_for_state(t: &TestApp, id: &str, want: &str) -> String {
    let mut state = String::new();
    for _ in 0..100 {
        state = merchant_view(&t.app, id).await["state"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        if state == want {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    state
}

fn held_after_klarna() -> TestApp {
    app_with(&[
        ("CHECKOUT_FAULT_POINTS", "authorize.after_klarna=pause:600"),
        ("CHECKOUT_ALLOW_FAULTS", "yes-this-is-a-test"),
    ])
}

/// Sends an authorization and hangs up after `after` (the future is dropped).
async fn authorize_and_hang_up(t: &TestApp, id: &str, secret: &str, key: &str, after: Duration) {
    let path = format!("/v1/sessions/{id}/klarna/authorize");
    let headers = [("idempotency-key", key)];
    let sent = send(&t.app, "POST", &path, Some(secret), Some("{}"), &headers);
    assert!(
        tokio::time::timeout(after, sent).await.is_err(),
        "the call was still in flight when the client hung up"
    );
}

#[tokio::test]
async fn an_approval_is_recorded_when_the_shopper_hangs_up_while_klarna_answers() {
    let t = held_after_klarna();
    let (id, secret) = create_session(&t.app, "customer+de@klarna.com").await;
    // Klarna approves; the server holds 600 ms before writing; the shopper leaves at 200 ms.
    authorize_and_hang_up(&t, &id, &secret, "tab-1", Duration::from_millis(200)).await;
    assert_eq!(
        wait_for_state(&t, &id, "authorized").await,
        "authorized",
        "Klarna's approval is written although nobody waits for the answer"
    );
    let view = merchant_view(&t.app, &id).await;
    assert!(
        view["authorization"]["payment_transaction_id"].is_string(),
        "{view}"
    );
    assert_eq!(performed_at_klarna(&t, &id).await, 1);
}

#[tokio::test]
async fn a_reload_after_hanging_up_is_not_a_second_authorization() {
    let t = held_after_klarna();
    let (id, secret) = create_session(&t.app, "customer+de@klarna.com").await;
    authorize_and_hang_up(&t, &id, &secret, "tab-1", Duration::from_millis(200)).await;
    // The reloaded page authorizes again with a new key at once: it waits for
    // the first attempt (still running for nobody) and finds the session paid.
    let again = send(
        &t.app,
        "POST",
        &format!("/v1/sessions/{id}/klarna/authorize"),
        Some(&secret),
        Some("{}"),
        &[("idempotency-key", "tab-1-reloaded")],
    )
    .await;
    assert_eq!(
        again.status,
        StatusCode::CONFLICT,
        "{}",
        String::from_utf8_lossy(&again.bytes)
    );
    assert_eq!(merchant_view(&t.app, &id).await["state"], "authorized");
    assert_eq!(
        performed_at_klarna(&t, &id).await,
        1,
        "Klarna authorized once"
    );
}

#[tokio::test]
async fn a_capture_whose_client_hung_up_is_done_once() {
    let t = sandbox_app();
    let (id, secret) = create_session(&t.app, "customer+de@klarna.com").await;
    assert_eq!(authorize(&t.app, &id, &secret).await.status, StatusCode::OK);
    let path = format!("/v1/sessions/{id}/captures");
    let body = r#"{"amount": 11800}"#;
    let headers = [("idempotency-key", "cap-1")];
    // Hang up at once, before the capture could have been answered.
    let sent = send(&t.app, "POST", &path, Some(KEY_A), Some(body), &headers);
    let _ = tokio::time::timeout(Duration::from_millis(1), sent).await;
    // The merchant retries with the same key: one capture, whatever the first call reached.
    let retry = send(&t.app, "POST", &path, Some(KEY_A), Some(body), &headers).await;
    assert!(
        retry.status.is_success(),
        "{}",
        String::from_utf8_lossy(&retry.bytes)
    );
    let view = merchant_view(&t.app, &id).await;
    assert_eq!(view["payment"]["captured_amount"], 11800, "{view}");
    assert_eq!(
        view["payment"]["captures"].as_array().map(Vec::len),
        Some(1)
    );
}

/// The page's config (`GET /v1/sessions/{id}/config` with the client secret).
async fn config_of(t: &TestApp, id: &str, secret: &str) -> serde_json::Value {
    let path = format!("/v1/sessions/{id}/config");
    let answer = call(&t.app, "GET", &path, Some(secret), None).await;
    assert_eq!(answer.status, StatusCode::OK);
    answer.json()
}

#[tokio::test]
async fn a_page_reloaded_while_klarna_answers_is_told_the_authorization_is_pending() {
    let t = held_after_klarna();
    let mut body = session_body("customer+de@klarna.com");
    body["klarna_network_session_token"] =
        serde_json::json!("krn:sandbox:eu1:session-token:PRESELECT_KLARNA:1");
    let created = call(&t.app, "POST", "/v1/sessions", Some(KEY_A), Some(body)).await;
    let v = created.json();
    let (id, secret) = (
        v["id"].as_str().unwrap(),
        v["client_secret"].as_str().unwrap(),
    );
    let before = config_of(&t, id, secret).await;
    assert_eq!(before["state"], "open");
    assert!(
        before.get("authorization_pending").is_none(),
        "nothing asked yet: {before}"
    );
    assert!(before["klarna"]["sdk_token"].is_string(), "{before}");
    // Klarna approves; the server holds 600 ms before writing it; the shopper
    // reloads at 200 ms and the new page reads its config.
    authorize_and_hang_up(&t, id, secret, "tab-1", Duration::from_millis(200)).await;
    let during = config_of(&t, id, secret).await;
    assert_eq!(during["state"], "open");
    assert_eq!(during["authorization_pending"], true, "{during}");
    // The waiting page reads the config again and again: no token exchange at Klarna for it.
    assert!(during["klarna"].get("sdk_token").is_none(), "{during}");
    assert!(during["klarna_network_session_token"].is_string());
    assert_eq!(wait_for_state(&t, id, "authorized").await, "authorized");
    let after = config_of(&t, id, secret).await;
    assert_eq!(after["state"], "authorized");
    assert!(after.get("authorization_pending").is_none(), "{after}");
    assert!(after["authorization"]["payment_transaction_id"].is_string());
}

#[tokio::test]
async fn a_call_that_ended_without_klarnas_answer_is_not_pending() {
    let t = sandbox_app();
    let (id, secret) = create_session(&t.app, "customer+de+error@klarna.com").await;
    // Klarna answers 503: the page is told to try again, and may (its retry is
    // Klarna's replay); the check still asks Klarna again later.
    assert_eq!(
        authorize(&t.app, &id, &secret).await.status,
        StatusCode::BAD_GATEWAY
    );
    let cfg = config_of(&t, &id, &secret).await;
    assert_eq!(cfg["state"], "open");
    assert!(cfg.get("authorization_pending").is_none(), "{cfg}");
    let events = t.state.store.events(&id).await.unwrap();
    let kinds: Vec<&str> = events.iter().map(|e| e.kind.as_str()).collect();
    assert!(
        kinds.ends_with(&["authorize.asked", "authorize.klarna_unknown"]),
        "{kinds:?}"
    );
}

#[tokio::test]
async fn a_sqlite_database_from_before_gets_the_asked_stamp_and_its_pages_wait() {
    if std::env::var("CHECKOUT_TEST_SERVER_ON_POSTGRES").as_deref() == Ok("1") {
        return; // PostgreSQL gets the column from migration 0010.
    }
    let t = sandbox_app();
    // One session whose payment an earlier version asked of Klarna (its
    // event, no stamp), one never asked.
    let (paying, paying_secret) = create_session(&t.app, "customer+de@klarna.com").await;
    let (id, secret) = create_session(&t.app, "customer+de@klarna.com").await;
    let key = serde_json::json!({"klarna_idempotency_key": "k-before"});
    let asked = checkout_server::clock::now();
    let asked = asked
        .replace_nanosecond(asked.millisecond() as u32 * 1_000_000)
        .unwrap();
    t.state
        .store
        .add_event(&paying, "authorize.asked", &key, asked)
        .await
        .unwrap();
    // The table as an earlier version made it: no `asked_at` column.
    let file = t.dir.path().join("data/checkout.sqlite");
    let c = rusqlite::Connection::open(&file).unwrap();
    c.execute_batch("ALTER TABLE sessions DROP COLUMN asked_at")
        .unwrap();
    drop(c);
    // A server of this version opens it: the column comes back, stamped
    // from the events for the open session that was asked.
    let s = settings(&t.dir, &[]);
    let state = checkout_server::AppState::new(s.clone(), open_store(&s)).unwrap();
    let app = checkout_server::app(state.clone());
    let session = state.store.session(&paying).await.unwrap().unwrap();
    assert_eq!(session.asked_at, Some(asked));
    let path = format!("/v1/sessions/{paying}/config");
    let cfg = call(&app, "GET", &path, Some(&paying_secret), None)
        .await
        .json();
    assert_eq!(cfg["authorization_pending"], true, "{cfg}");
    let session = state.store.session(&id).await.unwrap().unwrap();
    assert_eq!(session.asked_at, None);
    // Its sessions are stamped when asked.
    assert_eq!(authorize(&app, &id, &secret).await.status, StatusCode::OK);
    let session = state.store.session(&id).await.unwrap().unwrap();
    assert!(session.asked_at.is_some());
}
