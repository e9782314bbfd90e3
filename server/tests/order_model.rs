//! Issue 20, server side: the complete order model reaches Klarna as
//! `supplementary_purchase_data`, markets are Klarna's to decide, the
//! currency Klarna is asked about is always the session's, and intents the
//! checkout can't serve are refused.

mod common;
#[path = "support/klarna_mock.rs"]
mod klarna_mock;

use axum::http::StatusCode;
use checkout_server::{app, AppState};
use common::*;
use klarna_mock::*;
use serde_json::{json, Value};

/// A cart with Klarna's line fields, a gift card and a discount, and a
/// customer with billing and shipping addresses.
fn full_body() -> Value {
    json!({
        "amount": 9300, "currency": "EUR", "country": "DE", "locale": "de-DE",
        "merchant_reference": "order-gift-1", "return_url": "https://shop.example/return",
        "order_lines": [
            {"type": "physical", "reference": "SNK-42", "name": "Sneakers", "quantity": 2,
             "quantity_unit": "pcs", "unit_price": 6000, "tax_rate": 1900, "total_discount_amount": 1000,
             "total_amount": 11000, "total_tax_amount": 1756,
             "product_url": "https://shop.example/p/snk", "image_url": "https://shop.example/i/snk.png",
             "product_identifiers": {"brand": "Runner", "global_trade_item_number": "4006381333931"}},
            {"type": "shipping_fee", "name": "Express", "quantity": 1, "unit_price": 800,
             "tax_rate": 1900, "total_amount": 800, "total_tax_amount": 128},
            {"type": "gift_card", "name": "Gift card", "quantity": 1, "unit_price": -2000, "total_amount": -2000},
            {"type": "discount", "name": "Welcome", "quantity": 1, "unit_price": -500, "total_amount": -500}
        ],
        "customer": {
            "email": "customer+de@klarna.com", "given_name": "Erika", "family_name": "Mustermann",
            "phone": "+49 30 1234567",
            "billing_address": {"street_address": "Hauptstr. 1", "postal_code": "10115", "city": "Berlin", "country": "DE"},
            "shipping_address": {"given_name": "Max", "street_address": "Nebenweg 2", "postal_code": "20095",
                "city": "Hamburg", "country": "DE"}
        }
    })
}

fn check_purchase_data(p: &Value) {
    assert_eq!(p["purchase_reference"], "order-gift-1");
    let items = p["line_items"].as_array().unwrap();
    assert_eq!(items.len(), 4);
    assert_eq!(items[0]["line_item_reference"], "SNK-42");
    assert_eq!(items[0]["tax_rate"], 1900);
    assert_eq!(items[0]["total_discount_amount"], 1000);
    assert_eq!(items[0]["total_tax_amount"], 1756);
    assert_eq!(items[0]["product_identifier"], "4006381333931");
    assert_eq!(items[0]["product_identifiers"]["brand"], "Runner");
    assert_eq!(items[1]["type"], "shipping_fee");
    assert_eq!(
        (&items[2]["type"], &items[2]["total_amount"]),
        (&json!("gift_card"), &json!(-2000))
    );
    let c = &p["customer"];
    assert_eq!(
        (&c["given_name"], &c["family_name"], &c["phone"]),
        (
            &json!("Erika"),
            &json!("Mustermann"),
            &json!("+49 30 1234567")
        )
    );
    assert_eq!(c["email"], "customer+de@klarna.com");
    assert_eq!(
        c["address"],
        json!({"street_address": "Hauptstr. 1", "postal_code": "10115", "city": "Berlin", "country": "DE"})
    );
    let s = &p["shipping"][0];
    assert_eq!(s["recipient"]["given_name"], "Max");
    assert_eq!(s["recipient"]["family_name"], "Mustermann");
    assert_eq!(s["address"]["city"], "Hamburg");
}

#[tokio::test]
async fn the_sandbox_receives_lines_customer_and_shipping_as_klarna_names_them() {
    let t = sandbox_app();
    let a = call(
        &t.app,
        "POST",
        "/v1/sessions",
        Some(KEY_A),
        Some(full_body()),
    )
    .await;
    assert_eq!(
        a.status,
        StatusCode::CREATED,
        "{}",
        String::from_utf8_lossy(&a.bytes)
    );
    let (id, secret) = (
        a.json()["id"].as_str().unwrap().to_string(),
        a.json()["client_secret"].as_str().unwrap().to_string(),
    );
    // The merchant reads the customer back; the hosted page gets the e-mail only.
    let view = merchant_view(&t.app, &id).await;
    assert_eq!(view["customer"]["shipping_address"]["city"], "Hamburg");
    assert_eq!(view["order_lines"][2]["type"], "gift_card");
    let cfg = call(
        &t.app,
        "GET",
        &format!("/v1/sessions/{id}/config"),
        Some(&secret),
        None,
    )
    .await;
    assert_eq!(
        cfg.json()["customer"],
        json!({"email": "customer+de@klarna.com"})
    );

    let v = authorize(&t.app, &id, &secret).await.json();
    assert_eq!(
        v["result"], "APPROVED",
        "a gift card in the cart still pays: {v}"
    );
    let rec = call(
        &t.app,
        "GET",
        &format!("/sandbox/klarna/requests?session={id}"),
        Some(KEY_A),
        None,
    )
    .await;
    let calls = rec.json()["requests"].as_array().unwrap().clone();
    let auth = calls
        .iter()
        .find(|c| c["operation"] == "authorize")
        .unwrap();
    check_purchase_data(&auth["supplementary_purchase_data"]);
}

fn test_mode(base: &str, dir: &tempfile::TempDir) -> axum::Router {
    write_www(dir);
    let s = settings(
        dir,
        &[
            ("KLARNA_MODE", "test"),
            ("KLARNA_API_BASE", base),
            ("KLARNA_API_KEY", "user:pass"),
            ("KLARNA_CLIENT_ID", "klarna_test_client_x"),
            ("KLARNA_PARTNER_ACCOUNT_ID", "PA9"),
        ],
    );
    app(AppState::new(s.clone(), open_store(&s)).unwrap())
}

#[tokio::test]
async fn the_real_client_sends_the_same_shapes_to_klarna() {
    let (m, base) = mock().await;
    let dir = tempfile::tempdir().unwrap();
    let router = test_mode(&base, &dir);
    let a = call(
        &router,
        "POST",
        "/v1/sessions",
        Some(KEY_A),
        Some(full_body()),
    )
    .await;
    let v = a.json();
    let (id, secret) = (
        v["id"].as_str().unwrap(),
        v["client_secret"].as_str().unwrap(),
    );
    m.answer(200, approved());
    authorize(&router, id, secret).await;
    let seen = m.last();
    assert_eq!(seen.path, "/v2/accounts/PA9/payment/authorize");
    check_purchase_data(&seen.body["supplementary_purchase_data"]);
}

#[tokio::test]
async fn klarna_is_asked_in_the_sessions_currency_also_after_a_patch() {
    let (m, base) = mock().await;
    let dir = tempfile::tempdir().unwrap();
    let router = test_mode(&base, &dir);
    let (id, secret) = create_session(&router, "customer+de@klarna.com").await;
    let presentation = || async {
        m.answer(200, json!({"instruction": "SHOW_KLARNA"}));
        let path = format!("/v1/sessions/{id}/klarna/presentation");
        let a = call(&router, "GET", &path, Some(&secret), None).await;
        assert_eq!(a.status, StatusCode::OK);
        m.last().query
    };
    assert!(presentation().await.contains("currency=EUR"));

    // The merchant switches the cart to US dollars.
    let body = json!({"currency": "USD", "amount": 12900,
        "order_lines": [{"name": "Sneakers", "quantity": 1, "unit_price": 12900, "total_amount": 12900}]});
    let p = call(
        &router,
        "PATCH",
        &format!("/v1/sessions/{id}"),
        Some(KEY_A),
        Some(body),
    )
    .await;
    assert_eq!(
        p.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&p.bytes)
    );
    let q = presentation().await;
    assert!(
        q.contains("currency=USD") && q.contains("amount=12900"),
        "{q}"
    );

    let mut answer = approved();
    answer["payment_transaction_response"]["payment_transaction"]["currency"] = json!("USD");
    m.answer(200, answer);
    let v = authorize(&router, &id, &secret).await.json();
    assert_eq!(v["result"], "APPROVED", "{v}");
    let sent = m.last().body;
    assert_eq!(
        (
            &sent["currency"],
            &sent["request_payment_transaction"]["amount"]
        ),
        (&json!("USD"), &json!(12900))
    );
    let view = merchant_view(&router, &id).await;
    assert_eq!(
        (
            &view["authorization"]["currency"],
            &view["authorization"]["amount"]
        ),
        (&json!("USD"), &json!(12900))
    );
}

#[tokio::test]
async fn a_country_klarna_does_not_serve_is_created_and_klarnas_presentation_hides_klarna() {
    let t = sandbox_app();
    let mut body = session_body("shopper@example.com");
    body["country"] = json!("JP");
    body["currency"] = json!("JPY");
    body["locale"] = json!("ja-JP");
    let a = call(
        &t.app,
        "POST",
        "/v1/sessions",
        Some(KEY_A),
        Some(body.clone()),
    )
    .await;
    assert_eq!(
        a.status,
        StatusCode::CREATED,
        "{}",
        String::from_utf8_lossy(&a.bytes)
    );
    let v = a.json();
    let (id, secret) = (
        v["id"].as_str().unwrap(),
        v["client_secret"].as_str().unwrap(),
    );
    // The hosted page loads (the acquirer's other methods work) …
    let cfg = call(
        &t.app,
        "GET",
        &format!("/v1/sessions/{id}/config"),
        Some(secret),
        None,
    )
    .await;
    assert_eq!(cfg.status, StatusCode::OK);
    assert_eq!(cfg.json()["country"], "JP");
    // … and Klarna's presentation decides: the sandbox does not serve JP.
    let p = call(
        &t.app,
        "GET",
        &format!("/v1/sessions/{id}/klarna/presentation"),
        Some(secret),
        None,
    )
    .await;
    assert_eq!(p.json()["instruction"], "HIDE_KLARNA");

    // Codes that are not ISO are still refused, the field named.
    for (field, bad) in [
        ("country", "XX"),
        ("currency", "YEN"),
        ("locale", "japanese"),
    ] {
        let mut b = body.clone();
        b[field] = json!(bad);
        let a = call(&t.app, "POST", "/v1/sessions", Some(KEY_A), Some(b)).await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "{field}");
        assert_eq!(a.field_paths(), vec![field.to_string()]);
    }
}

#[tokio::test]
async fn intents_the_checkout_cannot_serve_are_refused_with_422() {
    let t = sandbox_app();
    for intent in ["SUBSCRIBE", "ADD_TO_WALLET", "SIGNUP"] {
        let mut body = session_body("customer+de@klarna.com");
        body["intents"] = json!(["PAY", intent]);
        let a = call(&t.app, "POST", "/v1/sessions", Some(KEY_A), Some(body)).await;
        assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{intent}");
        let f = &a.json()["error"]["fields"][0];
        assert_eq!(f["path"], "intents[1]");
        assert!(
            f["reason"]
                .as_str()
                .unwrap()
                .starts_with("not supported yet: "),
            "{f}"
        );
    }
    // Mixed with a malformed field, the answer is 400 and names both.
    let mut body = session_body("customer+de@klarna.com");
    body["intents"] = json!(["SUBSCRIBE"]);
    body["amount"] = json!(-1);
    let a = call(&t.app, "POST", "/v1/sessions", Some(KEY_A), Some(body)).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    let paths = a.field_paths();
    assert!(
        paths.contains(&"intents[0]".to_string()) && paths.contains(&"amount".to_string()),
        "{paths:?}"
    );
}

#[tokio::test]
async fn network_data_from_the_merchants_server_reaches_klarna_on_authorize() {
    let t = sandbox_app();
    let (id, secret) = create_session(&t.app, "customer@klarna.com").await;
    let path = format!("/v1/sessions/{id}/network-token");
    let data = r#"{"acquirer":{"reference":"r-1"}}"#;
    let body = json!({"klarna_network_session_token": "krn:network:test:tok-1", "klarna_network_data": data});
    // Server-only: the hosted page's client secret may not set it.
    let a = call(&t.app, "POST", &path, Some(&secret), Some(body.clone())).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert_eq!(a.field_paths(), vec!["klarna_network_data"]);
    let too_big = json!({"klarna_network_session_token": "krn:x",
        "klarna_network_data": format!("\"{}\"", "x".repeat(17 * 1024))});
    let a = call(&t.app, "POST", &path, Some(KEY_A), Some(too_big)).await;
    assert_eq!(a.field_paths(), vec!["klarna_network_data"]);
    let a = call(&t.app, "POST", &path, Some(KEY_A), Some(body)).await;
    assert_eq!(
        a.status,
        StatusCode::NO_CONTENT,
        "{}",
        String::from_utf8_lossy(&a.bytes)
    );

    let v = authorize(&t.app, &id, &secret).await.json();
    assert_eq!(v["result"], "APPROVED", "{v}");
    let rec = call(
        &t.app,
        "GET",
        &format!("/sandbox/klarna/requests?session={id}"),
        Some(KEY_A),
        None,
    )
    .await;
    let calls = rec.json()["requests"].as_array().unwrap().clone();
    let auth = calls
        .iter()
        .find(|c| c["operation"] == "authorize")
        .unwrap();
    assert_eq!(auth["klarna_network_data"], data);
    assert_eq!(
        auth["klarna_network_session_token"],
        "krn:network:test:tok-1"
    );
}
