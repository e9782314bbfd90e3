//! A merchant moved to another Klarna partner account while one of its
//! payments was in the air: Klarna approved the authorization on the first
//! account, and the instance that asked died before recording the answer.
//! The check that asks Klarna again must ask the account the call was made
//! on, not the merchant's new one (Klarna knows the idempotency key and the
//! transaction only there), and the payment it records must keep that
//! account, so its capture goes there too. Its own test binary: it moves the
//! process-wide sandbox clock.

mod common;

use axum::http::StatusCode;
use checkout_server::jobs;
use common::*;
use serde_json::{json, Value};
use std::time::Duration;

const FIRST: &str = "krn:partner:global:account:first";
const SECOND: &str = "krn:partner:global:account:second";

#[tokio::test]
async fn a_lost_approval_is_checked_and_recorded_on_the_account_that_made_it() {
    let t = app_with(&[
        ("CHECKOUT_FAULT_POINTS", "authorize.after_klarna=pause"),
        ("CHECKOUT_ALLOW_FAULTS", "yes-this-is-a-test"),
    ]);
    let (mid, key) = own_account_merchant(&t.app, "shop-moving", FIRST).await;
    let mut body = session_body("customer+de@klarna.com");
    body.as_object_mut().unwrap().remove("allowed_origins");
    let s = call(&t.app, "POST", "/v1/sessions", Some(&key), Some(body)).await;
    assert_eq!(s.status, StatusCode::CREATED);
    let (sid, secret) = (
        s.json()["id"].as_str().unwrap().to_string(),
        s.json()["client_secret"].as_str().unwrap().to_string(),
    );

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
    let path = format!("/v1/sessions/{sid}/captures");
    let c = call(
        &t.app,
        "POST",
        &path,
        Some(&key),
        Some(json!({"amount": 11800})),
    )
    .await;
    assert_eq!(c.json()["status"], "succeeded", "{}", c.json());
    assert_eq!(
        klarna_accounts(&t, &sid, "capture").await,
        vec![json!(FIRST)]
    );
}
