//! A merchant moved to another Klarna partner account while one of its
//! payments was in the air. Klarna knows an idempotency key, a transaction
//! and a payment request only on the account that made them, so what follows
//! a call goes to the call's account, not the merchant's new one: the check
//! of an approval its instance died before recording (and the payment it
//! records, so its capture goes there too), the final authorization of a
//! step-up journey, and the cancellation of its payment request. Its own
//! test binary: one test moves the process-wide sandbox clock, so each test
//! takes its turn ([`CLOCK`]): a job enqueued by another test while the clock
//! is ahead would be in the future once it is reset, and not run.

mod common;

use axum::http::StatusCode;
use checkout_server::jobs;
use common::*;
use serde_json::{json, Value};
use std::time::Duration;
use tokio::sync::Mutex;

/// One test at a time: the sandbox clock is the process's.
static CLOCK: Mutex<()> = Mutex::const_new(());

const FIRST: &str = "krn:partner:global:account:first";
const SECOND: &str = "krn:partner:global:account:second";

#[tokio::test]
async fn a_lost_approval_is_checked_and_recorded_on_the_account_that_made_it() {
    let _turn = CLOCK.lock().await;
    let t = app_with(&[
        ("CHECKOUT_FAULT_POINTS", "authorize.after_klarna=pause"),
        ("CHECKOUT_ALLOW_FAULTS", "yes-this-is-a-test"),
    ]);
    let (mid, key) = own_account_merchant(&t.app, "shop-moving", FIRST).await;
    let (sid, secret) = session_of(&t, &key, "customer+de@klarna.com").await;

    // Klarna approves on the first account; the instance dies before writing it.
    let app = t.app.clone();
    let (id, cs) = (sid.clone(), secret.clone());
    let asked = tokio::spawn(async move { authorize(&app, &id, &cs).await });
    for _ in 0..100 {
        if !klarna_accounts(&t, &sid, "authorize").await.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    asked.abort();
    assert_eq!(
        klarna_accounts(&t, &sid, "authorize").await,
        vec![json!(FIRST)]
    );
    let view = || async {
        let path = format!("/v1/sessions/{sid}");
        call(&t.app, "GET", &path, Some(&key), None).await.json()
    };
    assert_eq!(view().await["state"], "open");

    move_merchant(&t.app, &mid, SECOND).await;

    // The check is due a minute later (and the dead holder's lock stale by then).
    let clock = |body: Value| call(&t.app, "POST", "/sandbox/clock", None, Some(body));
    assert_eq!(
        clock(json!({"advance_seconds": 61})).await.status,
        StatusCode::OK
    );
    jobs::drain(&t.state, "runner").await;
    clock(json!({"reset": true})).await;

    let v = view().await;
    assert_eq!(v["state"], "authorized", "{v}");
    let asked_on = klarna_accounts(&t, &sid, "authorize").await;
    assert!(
        asked_on.iter().all(|a| a == FIRST),
        "the check asked another account: {asked_on:?}"
    );
    captured_on_the_first_account(&t, &key, &sid).await;
}

/// The whole amount of `sid` captured, on the first account.
async fn captured_on_the_first_account(t: &TestApp, key: &str, sid: &str) {
    let path = format!("/v1/sessions/{sid}/captures");
    let c = call(
        &t.app,
        "POST",
        &path,
        Some(key),
        Some(json!({"amount": 11800})),
    )
    .await;
    assert_eq!(c.json()["status"], "succeeded", "{}", c.json());
    assert_eq!(klarna_accounts(t, sid, "capture").await, vec![json!(FIRST)]);
}

/// A session of the merchant of `key` for the shopper `email` (the sandbox's
/// persona), without order lines (so a `PATCH` changes the amount alone), and
/// its client secret.
async fn session_of(t: &TestApp, key: &str, email: &str) -> (String, String) {
    let mut body = session_body(email);
    let fields = body.as_object_mut().unwrap();
    fields.remove("allowed_origins");
    fields.remove("order_lines");
    let s = call(&t.app, "POST", "/v1/sessions", Some(key), Some(body)).await;
    assert_eq!(s.status, StatusCode::CREATED);
    let v = s.json();
    let text = |k: &str| v[k].as_str().unwrap().to_string();
    (text("id"), text("client_secret"))
}

/// A step-up journey that started on the first account and finished after the
/// move: the final authorization goes to the account the payment request was
/// made on (the request is known only there), and so does the capture.
#[tokio::test]
async fn a_step_up_started_before_a_move_is_finished_on_its_account() {
    let _turn = CLOCK.lock().await;
    let t = sandbox_app();
    let (mid, key) = own_account_merchant(&t.app, "shop-stepping", FIRST).await;
    let (sid, cs) = session_of(&t, &key, "customer+de+stepup@klarna.com").await;
    let (pr, token) = complete_step_up(&t.app, &sid, &cs).await;
    move_merchant(&t.app, &mid, SECOND).await;

    let body = json!({"outcome": "authorized", "payment_request_id": pr, "klarna_network_session_token": token});
    let paid = result(&t.app, &sid, &cs, "final-1", &body).await;
    assert_eq!(paid.status, StatusCode::OK, "{}", paid.json());
    assert_eq!(paid.json()["state"], "authorized");
    assert_eq!(
        klarna_accounts(&t, &sid, "authorize").await,
        vec![json!(FIRST), json!(FIRST)],
        "the initial and the final authorization"
    );
    captured_on_the_first_account(&t, &key, &sid).await;
}

/// A step-up journey left open across the move, then the cart changed: the
/// payment request is canceled on the account it was made on.
#[tokio::test]
async fn a_payment_request_made_before_a_move_is_canceled_on_its_account() {
    let _turn = CLOCK.lock().await;
    let t = sandbox_app();
    let (mid, key) = own_account_merchant(&t.app, "shop-changing", FIRST).await;
    let (sid, cs) = session_of(&t, &key, "customer+de+stepup@klarna.com").await;
    let a = authorize(&t.app, &sid, &cs).await;
    assert_eq!(a.json()["result"], "STEP_UP_REQUIRED", "{}", a.json());
    move_merchant(&t.app, &mid, SECOND).await;

    let path = format!("/v1/sessions/{sid}");
    let patched = call(
        &t.app,
        "PATCH",
        &path,
        Some(&key),
        Some(json!({"amount": 11700})),
    )
    .await;
    assert_eq!(patched.status, StatusCode::OK, "{}", patched.json());
    jobs::drain(&t.state, "runner").await;
    assert_eq!(
        klarna_accounts(&t, &sid, "cancel_payment_request").await,
        vec![json!(FIRST)]
    );
}
