//! `POST /v1/sessions/{id}/klarna/confirm` (issue 3's
//! `PAYMENT_PENDING_CONFIRMATION`): the sandbox's answers per persona, the
//! single settle path, idempotency, and the real client's request.

mod common;
#[path = "support/klarna_mock.rs"]
mod klarna_mock;

use axum::http::{Method, StatusCode};
use checkout_server::klarna::{AuthorizeResult, ConfirmCall, KlarnaApi, KlarnaError};
use checkout_server::{app, AppState};
use common::*;
use klarna_mock::*;
use serde_json::{json, Value};

async fn confirm(
    app: &axum::Router,
    id: &str,
    secret: &str,
    body: &Value,
    key: Option<&str>,
) -> Answer {
    let body = body.to_string();
    let headers: Vec<(&str, &str)> = key.map(|k| ("idempotency-key", k)).into_iter().collect();
    send(
        app,
        "POST",
        &format!("/v1/sessions/{id}/klarna/confirm"),
        Some(secret),
        Some(&body),
        &headers,
    )
    .await
}

/// A server in Klarna's test mode whose Klarna is the mock at `base` (keep
/// the directory alive as long as the router).
fn test_mode_router(base: &str) -> (axum::Router, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    write_www(&dir);
    let s = settings(
        &dir,
        &[
            ("KLARNA_MODE", "test"),
            ("KLARNA_API_BASE", base),
            ("KLARNA_API_KEY", "user:pass"),
            ("KLARNA_CLIENT_ID", "klarna_test_client_x"),
            ("KLARNA_PARTNER_ACCOUNT_ID", "PA9"),
        ],
    );
    (app(AppState::new(s.clone(), open_store(&s)).unwrap()), dir)
}

fn token_body(t: &str) -> Value {
    json!({"payment_confirmation_token": t})
}

#[tokio::test]
async fn an_approving_shopper_is_authorized_once_and_replays_answer_the_same() {
    let t = sandbox_app();
    let (id, secret) = create_session(&t.app, "customer+de@klarna.com").await;
    let body = token_body("sandbox_pct_0001");
    let a = confirm(&t.app, &id, &secret, &body, Some("c-1")).await;
    assert_eq!(
        a.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&a.bytes)
    );
    let v = a.json();
    assert_eq!(v["result"], "APPROVED");
    assert_eq!(v["return_url"], "https://shop.example/return");
    let txn = v["payment_transaction_id"].as_str().unwrap().to_string();
    let view = merchant_view(&t.app, &id).await;
    assert_eq!(view["state"], "authorized");
    assert_eq!(view["authorization"]["payment_transaction_id"], txn);
    assert_eq!(view["authorization"]["amount"], 11800);
    // The replay answers byte for byte; a new attempt finds the session settled.
    let again = confirm(&t.app, &id, &secret, &body, Some("c-1")).await;
    assert_eq!((again.status, &again.bytes), (StatusCode::OK, &a.bytes));
    let other = confirm(&t.app, &id, &secret, &body, None).await;
    assert_eq!(other.status, StatusCode::CONFLICT);
    // The result report of that transaction is accepted like after authorize.
    let r = result(
        &t.app,
        &id,
        &secret,
        "r-1",
        &json!({"outcome": "authorized", "payment_transaction_id": txn}),
    )
    .await;
    assert_eq!(r.json()["state"], "authorized");
    let kinds: Vec<String> = t
        .state
        .store
        .events(&id)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.kind)
        .collect();
    assert_eq!(
        kinds.iter().filter(|k| *k == "confirm").count(),
        1,
        "{kinds:?}"
    );
}

#[tokio::test]
async fn a_denied_shopper_is_declined() {
    let t = sandbox_app();
    let (id, secret) = create_session(&t.app, "customer+de+denied@klarna.com").await;
    let a = confirm(&t.app, &id, &secret, &token_body("sandbox_pct_x"), None).await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.json()["result"], "DECLINED");
    assert_eq!(merchant_view(&t.app, &id).await["state"], "declined");
}

#[tokio::test]
async fn unknown_tokens_klarna_failures_and_bad_requests() {
    let t = sandbox_app();
    let (id, secret) = create_session(&t.app, "customer+de@klarna.com").await;
    // A token Klarna doesn't know is the page's bad input (found by Schemathesis: it was a 502).
    let a = confirm(&t.app, &id, &secret, &token_body("krn:unknown:1"), None).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert_eq!(a.field_paths(), vec!["payment_confirmation_token"]);
    assert_eq!(merchant_view(&t.app, &id).await["state"], "open");

    let a = confirm(&t.app, &id, &secret, &json!({}), None).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert_eq!(a.field_paths(), vec!["payment_confirmation_token"]);
    let a = confirm(
        &t.app,
        &id,
        &secret,
        &json!({"payment_confirmation_token": "sandbox_pct_1", "extra": 1}),
        None,
    )
    .await;
    assert_eq!(a.field_paths(), vec!["extra"]);
    let a = confirm(&t.app, &id, &secret, &token_body("has space"), None).await;
    assert_eq!(a.field_paths(), vec!["payment_confirmation_token"]);
    let a = confirm(&t.app, &id, &secret, &token_body(""), None).await;
    assert_eq!(a.field_paths(), vec!["payment_confirmation_token"]);
    let a = confirm(&t.app, &id, KEY_A, &token_body("sandbox_pct_1"), None).await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED);

    let (id, secret) = create_session(&t.app, "customer+de+error@klarna.com").await;
    let a = confirm(&t.app, &id, &secret, &token_body("sandbox_pct_1"), None).await;
    assert_eq!(a.status, StatusCode::BAD_GATEWAY);
    assert_eq!(merchant_view(&t.app, &id).await["state"], "open");
}

fn confirm_call(token: &str) -> ConfirmCall {
    ConfirmCall {
        session_id: "hcs_confirm".into(),
        payment_confirmation_token: token.into(),
        currency: "EUR".into(),
        amount: 11800,
        network_session_token: Some("krn:network:token".into()),
        customer: Default::default(),
        idempotency_key: "confirm-key-1".into(),
        correlation_id: None,
    }
}

#[tokio::test]
async fn the_real_client_posts_to_the_confirmation_token_endpoint() {
    let (m, base) = mock().await;
    m.answer(200, approved());
    let r = client(&base)
        .confirm(&confirm_call("eyJ.pct/1?x"))
        .await
        .unwrap();
    assert_eq!(
        r,
        AuthorizeResult::Approved {
            payment_transaction_id: "krn:payment:eu1:transaction:1".into(),
            extras: checkout_server::klarna::ApprovalExtras {
                expires_at: Some("2026-12-01T00:00:00Z".into()),
                ..Default::default()
            },
        }
    );
    let s = m.last();
    assert_eq!(s.method, Method::POST);
    assert_eq!(
        s.path, "/v2/accounts/PA123/payment/confirmation-tokens/eyJ.pct%2F1%3Fx/confirm",
        "the token is one encoded path segment"
    );
    assert_eq!(s.query, "");
    assert_eq!(s.body, json!({"currency": "EUR", "payment_amount": 11800}));
    assert!(s.headers["authorization"]
        .to_str()
        .unwrap()
        .starts_with("Basic "));
    assert_eq!(
        s.headers["klarna-network-session-token"],
        "krn:network:token"
    );
    assert_eq!(s.headers["content-type"], "application/json");

    m.answer(
        200,
        json!({"payment_transaction_response": {"result": "DECLINED", "result_reason": "RISK"}}),
    );
    let mut call = confirm_call("pct-2");
    call.network_session_token = None;
    assert_eq!(
        client(&base).confirm(&call).await.unwrap(),
        AuthorizeResult::Declined {
            reason: Some("RISK".into())
        }
    );
    assert!(m
        .last()
        .headers
        .get("klarna-network-session-token")
        .is_none());

    m.answer(
        404,
        json!({"error_code": "NOT_FOUND", "error_message": "token unknown"}),
    );
    match client(&base).confirm(&call).await {
        Err(KlarnaError::Rejected {
            status: 404,
            message,
        }) => {
            assert!(message.contains("NOT_FOUND"), "{message}")
        }
        other => panic!("{other:?}"),
    }
    m.answer(503, json!({}));
    assert!(matches!(
        client(&base).confirm(&call).await,
        Err(KlarnaError::Upstream(_))
    ));
    m.answer(200, json!({"payment_transaction_response": {}}));
    assert!(matches!(
        client(&base).confirm(&call).await,
        Err(KlarnaError::Upstream(_))
    ));
}

#[tokio::test]
async fn a_test_mode_server_confirms_through_the_real_client() {
    let (m, base) = mock().await;
    m.answer(200, approved());
    let (router, _dir) = test_mode_router(&base);
    let mut body = session_body("customer+de@klarna.com");
    body["amount"] = json!(5000);
    body.as_object_mut().unwrap().remove("order_lines");
    body["klarna_network_session_token"] = json!("krn:network:abc");
    let a = call(&router, "POST", "/v1/sessions", Some(KEY_A), Some(body)).await;
    let v = a.json();
    let (id, secret) = (
        v["id"].as_str().unwrap(),
        v["client_secret"].as_str().unwrap(),
    );
    let a = confirm(&router, id, secret, &token_body("eyJhbGciOi.pct"), None).await;
    assert_eq!(
        a.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&a.bytes)
    );
    assert_eq!(
        a.json()["payment_transaction_id"],
        "krn:payment:eu1:transaction:1"
    );
    let seen = m.last();
    assert_eq!(
        seen.path,
        "/v2/accounts/PA9/payment/confirmation-tokens/eyJhbGciOi.pct/confirm"
    );
    assert_eq!(
        seen.body,
        json!({"currency": "EUR", "payment_amount": 5000})
    );
    assert_eq!(
        seen.headers["klarna-network-session-token"],
        "krn:network:abc"
    );
    assert_eq!(merchant_view(&router, id).await["state"], "authorized");
}

/// A confirmation token is used once: confirmed for one session, the same
/// token on another session is refused naming it (outside tester: it answered
/// `500 internal` on every try, from a unique index in the store), and the
/// other session stays open.
#[tokio::test]
async fn a_confirmation_token_used_by_another_session_is_refused_by_name() {
    let t = sandbox_app();
    let (s1, c1) = create_session(&t.app, "customer+de@klarna.com").await;
    let (s2, c2) = create_session(&t.app, "customer+de@klarna.com").await;
    let body = token_body("sandbox_pct_shared1");
    let first = confirm(&t.app, &s1, &c1, &body, None).await;
    assert_eq!(first.json()["result"], "APPROVED");
    for _ in 0..2 {
        let second = confirm(&t.app, &s2, &c2, &body, None).await;
        assert!(
            second.status.is_client_error(),
            "{} {}",
            second.status,
            String::from_utf8_lossy(&second.bytes)
        );
        let e = second.json();
        assert_eq!(
            e["error"]["fields"][0]["path"], "payment_confirmation_token",
            "{e}"
        );
    }
    assert_eq!(merchant_view(&t.app, &s2).await["state"], "open");
    assert_eq!(merchant_view(&t.app, &s1).await["state"], "authorized");
}

/// Should Klarna ever answer a confirmation with a transaction that another
/// session already holds, nothing is recorded and the page hears a `409`
/// naming the token, not a `500`.
#[tokio::test]
async fn klarna_naming_another_sessions_transaction_is_a_conflict_not_a_crash() {
    let (m, base) = mock().await;
    m.answer(200, approved());
    let (router, _dir) = test_mode_router(&base);
    let mut sessions = Vec::new();
    for _ in 0..2 {
        let mut body = session_body("customer+de@klarna.com");
        body["amount"] = json!(5000);
        body.as_object_mut().unwrap().remove("order_lines");
        let v = call(&router, "POST", "/v1/sessions", Some(KEY_A), Some(body))
            .await
            .json();
        sessions.push((
            v["id"].as_str().unwrap().to_string(),
            v["client_secret"].as_str().unwrap().to_string(),
        ));
    }
    let (s1, c1) = &sessions[0];
    let (s2, c2) = &sessions[1];
    let a = confirm(&router, s1, c1, &token_body("eyJ.one"), None).await;
    assert_eq!(a.status, StatusCode::OK);
    let b = confirm(&router, s2, c2, &token_body("eyJ.two"), None).await;
    assert_eq!(
        b.status,
        StatusCode::CONFLICT,
        "{}",
        String::from_utf8_lossy(&b.bytes)
    );
    let e = b.json();
    assert_eq!(
        e["error"]["fields"][0]["path"], "payment_confirmation_token",
        "{e}"
    );
    assert_eq!(merchant_view(&router, s2).await["state"], "open");
}
