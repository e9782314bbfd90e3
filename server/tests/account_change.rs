//! A merchant moved to another Klarna partner account (an operator's
//! `PATCH /v1/admin/merchants/{id}` with a new `klarna.partner_account_id`):
//! its existing payments are captured, refunded, voided and read on the
//! account that authorized them (Klarna knows the transaction only there),
//! its new payments on the new one. The sandbox, like Klarna, answers `404`
//! for a transaction asked for on another partner account.

mod common;

use axum::http::StatusCode;
use checkout_server::jobs;
use common::*;
use serde_json::{json, Value};

const FIRST: &str = "krn:partner:global:account:first";
const SECOND: &str = "krn:partner:global:account:second";

fn text(a: &Answer) -> String {
    String::from_utf8_lossy(&a.bytes).into_owned()
}

/// An active merchant on its own partner account [`FIRST`], and its key.
async fn merchant(t: &TestApp) -> (String, String) {
    own_account_merchant(&t.app, "shop-moved", FIRST).await
}

/// An approved session of the merchant of `key`.
async fn paid(app: &axum::Router, key: &str) -> String {
    let mut body = session_body("customer+de@klarna.com");
    body.as_object_mut().unwrap().remove("allowed_origins");
    let s = call(app, "POST", "/v1/sessions", Some(key), Some(body)).await;
    assert_eq!(s.status, StatusCode::CREATED, "{}", text(&s));
    let v = s.json();
    let (id, cs) = (
        v["id"].as_str().unwrap(),
        v["client_secret"].as_str().unwrap(),
    );
    assert_eq!(authorize(app, id, cs).await.json()["result"], "APPROVED");
    id.to_string()
}

async fn operate(t: &TestApp, key: &str, sid: &str, what: &str, body: Value) -> Answer {
    let path = format!("/v1/sessions/{sid}/{what}");
    call(&t.app, "POST", &path, Some(key), Some(body)).await
}

#[tokio::test]
async fn payments_stay_on_the_partner_account_that_authorized_them() {
    let t = sandbox_app();
    let (mid, key) = merchant(&t).await;
    let before = paid(&t.app, &key).await;
    let voided = paid(&t.app, &key).await;
    assert_eq!(
        klarna_accounts(&t, &before, "authorize").await,
        vec![json!(FIRST)]
    );

    move_merchant(&t.app, &mid, SECOND).await;
    let after = paid(&t.app, &key).await;
    assert_eq!(
        klarna_accounts(&t, &after, "authorize").await,
        vec![json!(SECOND)]
    );

    // The payment of the first account is captured and refunded there.
    let c = operate(&t, &key, &before, "captures", json!({"amount": 11800})).await;
    assert_eq!(c.json()["status"], "succeeded", "capture: {}", text(&c));
    let r = operate(&t, &key, &before, "refunds", json!({"amount": 1000})).await;
    assert_eq!(r.json()["status"], "succeeded", "refund: {}", text(&r));
    assert_eq!(
        klarna_accounts(&t, &before, "capture").await,
        vec![json!(FIRST)]
    );
    assert_eq!(
        klarna_accounts(&t, &before, "refund").await,
        vec![json!(FIRST)]
    );
    let v = operate(&t, &key, &voided, "void", json!({})).await;
    assert!(v.status.is_success(), "void: {}", text(&v));
    assert_eq!(
        klarna_accounts(&t, &voided, "void").await,
        vec![json!(FIRST)]
    );

    // The new payment is captured on the new account.
    let c = operate(&t, &key, &after, "captures", json!({"amount": 11800})).await;
    assert_eq!(c.json()["status"], "succeeded", "capture: {}", text(&c));
    assert_eq!(
        klarna_accounts(&t, &after, "capture").await,
        vec![json!(SECOND)]
    );

    jobs::drain(&t.state, "test-runner").await;
    let s = call(
        &t.app,
        "GET",
        &format!("/v1/sessions/{before}"),
        Some(&key),
        None,
    )
    .await;
    assert_eq!(
        s.json()["payment"]["captured_amount"],
        11800,
        "{}",
        text(&s)
    );
    assert_eq!(s.json()["payment"]["refunded_amount"], 1000, "{}", text(&s));
}

#[tokio::test]
async fn a_sqlite_database_from_before_gets_the_column_and_its_payments_go_on() {
    if std::env::var("CHECKOUT_TEST_SERVER_ON_POSTGRES").as_deref() == Ok("1") {
        return; // PostgreSQL gets the column from migration 0008.
    }
    let t = sandbox_app();
    let (_, key) = merchant(&t).await;
    let old = paid(&t.app, &key).await;
    // The table as an earlier version made it: no partner account column.
    let file = t.dir.path().join("data/checkout.sqlite");
    let c = rusqlite::Connection::open(&file).unwrap();
    c.execute_batch("ALTER TABLE payments DROP COLUMN partner_account_id")
        .unwrap();
    drop(c);
    // A server of this version opens it: the column comes back, empty, and
    // the old payment's operations use its merchant's account.
    let s = settings(&t.dir, &[]);
    let state = checkout_server::AppState::new(s.clone(), open_store(&s)).unwrap();
    let payment = state.store.payment(&old).await.unwrap().unwrap();
    assert_eq!(payment.partner_account_id, None);
    let app = checkout_server::app(state.clone());
    let c = call(
        &app,
        "POST",
        &format!("/v1/sessions/{old}/captures"),
        Some(&key),
        Some(json!({"amount": 5000})),
    )
    .await;
    assert_eq!(c.json()["status"], "succeeded", "capture: {}", text(&c));
    let calls = state.sandbox.sandbox_calls(Some(&old), None).await.unwrap();
    let capture = calls.iter().find(|c| c.operation == "capture").unwrap();
    assert_eq!(capture.detail["partner_account_id"], FIRST);
    // A payment made now records its account.
    let new = paid(&app, &key).await;
    let payment = state.store.payment(&new).await.unwrap().unwrap();
    assert_eq!(payment.partner_account_id.as_deref(), Some(FIRST));
}
