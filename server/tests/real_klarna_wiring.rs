//! The real Klarna client's presentation and SDK-token calls, and a server in
//! `KLARNA_MODE=test` wired to it, against a local mock of Klarna's API.

mod common;
#[path = "support/klarna_mock.rs"]
mod klarna_mock;

use axum::http::{Method, StatusCode};
use checkout_server::app;
use checkout_server::klarna::{KlarnaApi, PresentationQuery, RealKlarna};
use checkout_server::settings::Secret;
use common::*;
use klarna_mock::*;
use serde_json::json;

#[tokio::test]
async fn presentation_and_sdk_token_requests() {
    let (m, base) = mock().await;
    let k = RealKlarna::new(&base, "PA123", &Secret::new("klarna_test_api_abc")).unwrap();
    m.answer(200, json!({"instruction": "PRESELECT_KLARNA", "payment_option": {"payment_option_id": "KLARNA"}}));
    let q = PresentationQuery {
        locale: "de-DE".into(),
        amount: 11800,
        currency: "EUR".into(),
        intents: vec!["PAY".into()],
        network_session_token: Some("krn:t".into()),
        acquiring_config: Some(checkout_core::api::AcquiringConfig {
            payment_account_id: "pacc_1".into(),
        }),
    };
    let p = k.presentation(&q).await.unwrap();
    assert_eq!(p.body["payment_option"]["payment_option_id"], "KLARNA");
    let s = m.last();
    assert_eq!(
        (s.method, s.path.as_str()),
        (Method::GET, "/v2/accounts/PA123/payment/presentation")
    );
    assert_eq!(
        s.query,
        "locale=de-DE&amount=11800&currency=EUR&intents=PAY&acquiring_config%5Bpayment_account_id%5D=pacc_1"
    );
    assert_eq!(s.headers["authorization"], "Basic klarna_test_api_abc");
    assert_eq!(s.headers["klarna-network-session-token"], "krn:t");

    m.answer(200, json!({"sdk_token": "sdk-123"}));
    assert_eq!(k.sdk_token("krn:t").await.unwrap(), "sdk-123");
    let s = m.last();
    assert_eq!(
        (s.method, s.path.as_str()),
        (
            Method::POST,
            "/v2/accounts/PA123/interoperability/sdk-tokens"
        )
    );
    assert_eq!(s.headers["klarna-interoperability-token"], "krn:t");
}

#[tokio::test]
async fn test_mode_server_uses_the_real_client() {
    let (m, base) = mock().await;
    m.answer(200, approved());
    let (_dir, state) = test_mode_state(&base);
    let router = app(state);
    let (id, secret) = create_session(&router, "customer+de+denied@klarna.com").await;
    // Personas mean nothing to the real Klarna: the mock approves.
    let v = authorize(&router, &id, &secret).await.json();
    assert_eq!(v["payment_transaction_id"], "krn:payment:eu1:transaction:1");
    assert_eq!(m.last().path, "/v2/accounts/PA9/payment/authorize");
    assert_eq!(merchant_view(&router, &id).await["state"], "authorized");
    // Sandbox-only routes are gone.
    assert_eq!(
        call(&router, "POST", "/demo/sessions", None, Some(json!({})))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}
