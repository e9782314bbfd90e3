//! A merchant's `PATCH` racing an authorization (issue 17, point 1): the
//! session must never end `authorized` at an amount Klarna did not approve.
//! PATCH waits for the session's payment lock, and the write of `authorized`
//! checks Klarna's amount against the session's.

mod common;

use axum::http::StatusCode;
use checkout_core::api::Authorization;
use checkout_core::state::SessionState;
use common::*;
use serde_json::{json, Value};
use std::time::Duration;

fn patch_body() -> Value {
    json!({"amount": 20000, "order_lines": [
        {"name": "Sneakers", "quantity": 1, "unit_price": 20000, "total_amount": 20000}]})
}

/// Waits until the sandbox has answered `n` initial authorizations of `id`.
async fn wait_for_klarna_calls(t: &TestApp, id: &str, n: usize) {
    for _ in 0..200 {
        let seen = klarna_requests(&t.app, id).await;
        let initial = seen.iter().filter(|r| r["step"] == "initial").count();
        if initial >= n {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("Klarna never saw the authorization of {id}");
}

#[tokio::test]
async fn a_patch_while_klarna_approves_waits_and_then_finds_the_session_paid() {
    let t = app_with(&[
        ("CHECKOUT_FAULT_POINTS", "authorize.after_klarna=pause:700"),
        ("CHECKOUT_ALLOW_FAULTS", "yes-this-is-a-test"),
    ]);
    let (id, secret) = create_session(&t.app, "customer+de@klarna.com").await;
    let auth = {
        let (app, id, secret) = (t.app.clone(), id.clone(), secret.clone());
        tokio::spawn(async move { authorize(&app, &id, &secret).await })
    };
    // Klarna has approved 11800; the server holds before writing it.
    wait_for_klarna_calls(&t, &id, 1).await;
    let patched = call(
        &t.app,
        "PATCH",
        &format!("/v1/sessions/{id}"),
        Some(KEY_A),
        Some(patch_body()),
    )
    .await;
    assert_eq!(auth.await.unwrap().status, StatusCode::OK);
    assert_eq!(
        patched.status,
        StatusCode::CONFLICT,
        "{}",
        String::from_utf8_lossy(&patched.bytes)
    );
    let v = merchant_view(&t.app, &id).await;
    assert_eq!(v["state"], "authorized");
    assert_eq!(v["amount"], 11800);
    assert_eq!(v["authorization"]["amount"], 11800);
}

#[tokio::test]
async fn the_store_refuses_authorized_at_an_amount_the_session_no_longer_has() {
    let t = sandbox_app();
    let (id, _) = create_session(&t.app, "customer+de@klarna.com").await;
    let at = checkout_server::clock::now();
    let klarna_approved = Authorization {
        payment_transaction_id: "krn:payment:eu1:transaction:test".into(),
        amount: 9_900,
        currency: "EUR".into(),
        authorized_at: checkout_server::clock::format(at),
    };
    let won = t
        .state
        .store
        .transition(
            &id,
            SessionState::Open,
            SessionState::Authorized,
            Some(&klarna_approved),
            at,
        )
        .await
        .unwrap();
    assert!(
        !won,
        "an authorization of 9900 must not settle a session of 11800"
    );
    let v = merchant_view(&t.app, &id).await;
    assert_eq!(v["state"], "open");
    assert!(v["authorization"].is_null());
}

/// `RACES` (default 1000; CI may pass fewer) sessions, each with an
/// authorization and a PATCH to 20000 sent at the same moment.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn races_of_authorize_and_patch_never_leave_a_mismatch() {
    let races: usize = std::env::var("RACES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    let t = app_with(&[("CHECKOUT_RATE_LIMIT", "0")]);
    let mut sessions = Vec::new();
    for _ in 0..races {
        sessions.push(create_session(&t.app, "customer+de@klarna.com").await);
    }
    let mut tasks = Vec::new();
    for (id, secret) in sessions.clone() {
        let app = t.app.clone();
        tasks.push(tokio::spawn(async move {
            let path = format!("/v1/sessions/{id}");
            let (a, p) = tokio::join!(
                authorize(&app, &id, &secret),
                call(&app, "PATCH", &path, Some(KEY_A), Some(patch_body()))
            );
            (a.status, p.status)
        }));
    }
    let (mut patched_first, mut authorized) = (0, 0);
    for task in tasks {
        let (a, p) = task.await.unwrap();
        assert!(a == StatusCode::OK || a == StatusCode::CONFLICT, "{a}");
        assert!(p == StatusCode::OK || p == StatusCode::CONFLICT, "{p}");
        patched_first += usize::from(p == StatusCode::OK);
    }
    let mut mismatches = 0;
    for (id, _) in &sessions {
        let v = merchant_view(&t.app, id).await;
        if v["state"] == "authorized" {
            authorized += 1;
            if v["amount"] != v["authorization"]["amount"] {
                mismatches += 1;
            }
        }
    }
    println!(
        "{races} races: {authorized} authorized, {patched_first} patched before the authorization, {mismatches} mismatches"
    );
    assert_eq!(mismatches, 0);
}
