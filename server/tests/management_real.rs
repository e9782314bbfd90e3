//! The real Management API client (issue 18) against a local mock of
//! Klarna's API: the onboard call's request (path, idempotency key, the
//! documented names) and the parsing of its answers, an account read, an
//! update, and Klarna's refusals.

#[path = "support/klarna_mock.rs"]
mod klarna_mock;

use axum::http::Method;
use checkout_core::merchant::validate_merchant;
use checkout_server::klarna::management::{
    AccountState, KlarnaManagement, OnboardCall, RealManagement,
};
use checkout_server::klarna::KlarnaError;
use klarna_mock::*;
use serde_json::json;

fn call() -> OnboardCall {
    let body = json!({
        "reference": "M123",
        "name": "Sneaker Shop",
        "contact": {"email": "ops@shop.example", "given_name": "Ada", "phone": "+4930123456"},
        "business_entity": {
            "registered_name": "Sneaker Shop GmbH", "registration_number": "HRB 12345", "country": "DE",
            "address": {"street_address": "Hauptstraße 1", "postal_code": "10115", "city": "Berlin", "country": "DE"}
        },
        "merchant_category_code": "5661",
        "stores": [{"name": "Web", "url": "https://shop.example"}]
    });
    OnboardCall {
        profile: validate_merchant(&body, false).unwrap().profile,
        payment_profile_id: "krn:payment-profile:1".into(),
        payment_acquiring_account_id: "krn:acquiring-account:1".into(),
        idempotency_key: "8a1d3f5e-0c2b-8d4e-9f60-000000000001".into(),
    }
}

#[tokio::test]
async fn onboard_sends_the_documented_payload_and_reads_the_account() {
    let (m, base) = mock().await;
    m.answer(
        200,
        json!({"partner_account_id": "krn:partner:global:account:1",
        "state": "PARTIALLY_OPERATIONAL",
        "products": [{"type": "PAYMENT", "payment_accounts": [{"payment_account_id": "krn:pa:9",
            "payment_account_reference": "M123-payments"}]}]}),
    );
    let r = RealManagement::new(client(&base))
        .onboard(&call())
        .await
        .unwrap();
    assert_eq!(r.partner_account_id, "krn:partner:global:account:1");
    assert_eq!(r.state, AccountState::PartiallyOperational);
    assert_eq!(r.payment_account_id.as_deref(), Some("krn:pa:9"));
    assert_eq!(r.payment_account_reference, "M123-payments");
    let s = m.last();
    assert_eq!(
        (s.method, s.path.as_str()),
        (Method::POST, "/v2/distribution/onboard")
    );
    assert_eq!(
        s.headers["klarna-idempotency-key"],
        "8a1d3f5e-0c2b-8d4e-9f60-000000000001"
    );
    assert!(s.headers["authorization"]
        .to_str()
        .unwrap()
        .starts_with("Basic "));
    let b = &s.body;
    assert_eq!(b["partner_account_reference"], "M123");
    assert_eq!(b["partner_account_name"], "Sneaker Shop");
    assert_eq!(
        b["partner_account_contact"],
        json!({"email": "ops@shop.example", "given_name": "Ada", "phone": "+4930123456"})
    );
    let entity = &b["partner_business_entities"][0];
    assert_eq!(entity["legal_registered_entity_name"], "Sneaker Shop GmbH");
    assert_eq!(entity["legal_registration_country"], "DE");
    assert_eq!(b["products"][0]["type"], "PAYMENT");
    let account = &b["products"][0]["payment_accounts"][0];
    assert_eq!(
        account["payment_acquiring_account_id"],
        "krn:acquiring-account:1"
    );
    assert_eq!(account["merchant_category_code"], "5661");
    assert_eq!(
        account["partner_business_entity_reference"],
        entity["partner_business_entity_reference"]
    );
    assert_eq!(
        b["brands"][0]["store_groups"][0]["stores"][0]["url"],
        "https://shop.example"
    );
}

#[tokio::test]
async fn the_account_state_and_updates() {
    let (m, base) = mock().await;
    let c = RealManagement::new(client(&base));
    m.answer(
        200,
        json!({"partner_account_id": "krn:p:1", "state": "OPERATIONAL"}),
    );
    assert_eq!(
        c.account_state("krn:p:1").await.unwrap(),
        AccountState::Operational
    );
    let s = m.last();
    assert_eq!(
        (s.method, s.path.as_str()),
        (Method::GET, "/v2/distribution/partner-accounts/krn:p:1")
    );
    m.answer(200, json!({}));
    c.update("krn:p:1", &call()).await.unwrap();
    let s = m.last();
    assert_eq!(s.method, Method::PATCH);
    assert_eq!(s.body["partner_account_name"], "Sneaker Shop");
    assert!(
        s.body.get("partner_account_reference").is_none(),
        "the reference never changes"
    );
}

#[tokio::test]
async fn refusals_and_failures_are_told_apart() {
    let (m, base) = mock().await;
    let c = RealManagement::new(client(&base));
    m.answer(400, json!({"error_code": "VALIDATION_ERROR", "error_message": "partner_account_contact.email is invalid"}));
    match c.onboard(&call()).await {
        Err(KlarnaError::Rejected {
            status: 400,
            message,
        }) => assert!(message.contains("email"), "{message}"),
        other => panic!("{other:?}"),
    }
    m.answer(503, json!({}));
    assert!(matches!(
        c.onboard(&call()).await,
        Err(KlarnaError::Upstream(_))
    ));
    m.answer(200, json!({"state": "OPERATIONAL"}));
    assert!(
        matches!(c.onboard(&call()).await, Err(KlarnaError::Upstream(_))),
        "no partner_account_id"
    );
}
