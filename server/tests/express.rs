//! Express checkout on the server: a payment request the Web SDK completed on
//! the merchant's page is authorized through `POST /v1/sessions/{id}/authorize`
//! (or Klarna's `completed` webhook) after it is checked with Klarna, and
//! what Klarna collected (customer profile, shipping) is kept with the session.

mod common;

use axum::http::StatusCode;
use checkout_server::webhook::completed_envelope;
use common::*;
use serde_json::{json, Value};

/// A GB session as the merchant's server creates it for an express button:
/// no customer (Klarna collects it).
async fn express_session(app: &axum::Router, amount: i64) -> (String, String) {
    let body = json!({
        "amount": amount, "currency": "GBP", "country": "GB", "locale": "en-GB",
        "merchant_reference": "express-1",
        "order_lines": [{"name": "Sneakers", "quantity": 1, "unit_price": amount, "total_amount": amount}],
        "return_url": "https://shop.example/return",
        "allowed_origins": ["https://shop.example"]
    });
    let a = call(app, "POST", "/v1/sessions", Some(KEY_A), Some(body)).await;
    assert_eq!(
        a.status,
        StatusCode::CREATED,
        "{}",
        String::from_utf8_lossy(&a.bytes)
    );
    let v = a.json();
    (
        v["id"].as_str().unwrap().into(),
        v["client_secret"].as_str().unwrap().into(),
    )
}

fn shipping() -> Value {
    json!({"recipient": {"given_name": "Jane", "family_name": "Doe"},
        "address": {"street_address": "1 High Street", "postal_code": "SW1A 1AA", "city": "London", "country": "GB"},
        "shipping_option": {"shipping_option_reference": "standard", "display_name": "Standard delivery", "amount": 0}})
}

/// What the emulated Web SDK does when the shopper confirms Klarna's express
/// journey (with the session's client secret: the session is not the demo
/// merchant's): returns `(payment_request_id, token)`.
async fn finish_journey(
    app: &axum::Router,
    (reference, secret): (&str, &str),
    amount: i64,
    email: &str,
) -> (String, String) {
    let body = json!({"payment_request_reference": reference, "amount": amount, "currency": "GBP",
        "customer_profile": {"given_name": "Jane", "family_name": "Doe", "email": email},
        "shipping": shipping()});
    let a = call(
        app,
        "POST",
        "/sandbox/klarna/payment-requests",
        Some(secret),
        Some(body),
    )
    .await;
    assert_eq!(
        a.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&a.bytes)
    );
    let v = a.json();
    assert_eq!(v["state"], "COMPLETED");
    (
        v["payment_request_id"].as_str().unwrap().into(),
        v["klarna_network_session_token"].as_str().unwrap().into(),
    )
}

async fn token_authorize(
    app: &axum::Router,
    id: &str,
    bearer: &str,
    body: Value,
    key: Option<&str>,
) -> Answer {
    let body = body.to_string();
    let headers: Vec<(&str, &str)> = key
        .map(|k| vec![("idempotency-key", k)])
        .unwrap_or_default();
    send(
        app,
        "POST",
        &format!("/v1/sessions/{id}/authorize"),
        Some(bearer),
        Some(&body),
        &headers,
    )
    .await
}

#[tokio::test]
async fn an_approved_express_payment_is_authorized_with_klarnas_shopper_data() {
    let t = sandbox_app();
    let (id, secret) = express_session(&t.app, 11800).await;
    let (pr, token) = finish_journey(&t.app, (&id, &secret), 11800, "customer+gb@klarna.com").await;

    // The page hands Klarna's token to the server with the session's client secret.
    let body = json!({"klarna_network_session_token": token, "payment_request_id": pr});
    let a = token_authorize(&t.app, &id, &secret, body.clone(), Some("express-1")).await;
    assert_eq!(
        a.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&a.bytes)
    );
    let v = a.json();
    assert_eq!(
        (v["result"].as_str(), v["state"].as_str()),
        (Some("APPROVED"), Some("authorized"))
    );
    assert_eq!(v["shipping"]["address"]["city"], "London");
    assert_eq!(
        (
            v["authorization"]["amount"].as_i64(),
            v["authorization"]["currency"].as_str()
        ),
        (Some(11800), Some("GBP"))
    );
    assert_eq!(v["customer_profile"]["email"], "customer+gb@klarna.com");
    let txn = v["payment_transaction_id"].as_str().unwrap().to_string();

    // The merchant sees the same order: state, authorization, who and where to ship.
    let m = merchant_view(&t.app, &id).await;
    assert_eq!(m["state"], "authorized");
    assert_eq!(m["authorization"]["payment_transaction_id"], txn.as_str());
    assert_eq!(m["authorization"]["amount"], 11800);
    assert_eq!(m["shipping"]["shipping_option"]["reference"], "standard");
    assert_eq!(m["customer_profile"]["family_name"], "Doe");

    // Klarna got one final authorization with the token in its header.
    let calls = klarna_requests(&t.app, &id).await;
    assert_eq!(calls.len(), 1, "{calls:?}");
    assert_eq!(calls[0]["step"], "final");
    assert_eq!(calls[0]["klarna_network_session_token"], token.as_str());

    // A replay answers the first answer; a repeat with a new key finds the same transaction.
    let replay = token_authorize(&t.app, &id, &secret, body.clone(), Some("express-1")).await;
    assert_eq!((replay.status, &replay.bytes), (StatusCode::OK, &a.bytes));
    let again = token_authorize(&t.app, &id, KEY_A, body, None).await;
    assert_eq!(again.json()["payment_transaction_id"], txn.as_str());
}

#[tokio::test]
async fn the_denied_persona_is_declined_and_the_error_persona_leaves_the_session_open() {
    let t = sandbox_app();
    let (id, secret) = express_session(&t.app, 11800).await;
    let (pr, token) = finish_journey(
        &t.app,
        (&id, &secret),
        11800,
        "customer+gb+denied@klarna.com",
    )
    .await;
    let body = json!({"klarna_network_session_token": token, "payment_request_id": pr});
    let v = token_authorize(&t.app, &id, &secret, body, None)
        .await
        .json();
    assert_eq!(
        (v["result"].as_str(), v["state"].as_str()),
        (Some("DECLINED"), Some("declined"))
    );
    assert_eq!(merchant_view(&t.app, &id).await["state"], "declined");

    let (id, secret) = express_session(&t.app, 11800).await;
    let (pr, token) = finish_journey(
        &t.app,
        (&id, &secret),
        11800,
        "customer+gb+error@klarna.com",
    )
    .await;
    let body = json!({"klarna_network_session_token": token, "payment_request_id": pr});
    let a = token_authorize(&t.app, &id, &secret, body, None).await;
    assert_eq!(a.status, StatusCode::BAD_GATEWAY);
    assert_eq!(a.json()["error"]["code"], "upstream_error");
    assert_eq!(merchant_view(&t.app, &id).await["state"], "open");
}

#[tokio::test]
async fn a_total_changed_in_the_journey_needs_the_session_patched_first() {
    let t = sandbox_app();
    let (id, secret) = express_session(&t.app, 11800).await;
    // The shopper chose express delivery (+£4.95) in Klarna's journey.
    let (pr, token) = finish_journey(&t.app, (&id, &secret), 12295, "customer+gb@klarna.com").await;
    let body = json!({"klarna_network_session_token": token, "payment_request_id": pr});
    let a = token_authorize(&t.app, &id, &secret, body.clone(), None).await;
    assert_eq!(a.status, StatusCode::CONFLICT);
    let message = a.json()["error"]["message"].as_str().unwrap().to_string();
    // Minor units, said so: "12295 GBP" read as £12,295 (outside tester).
    assert!(
        message.contains("12295 (minor units of GBP)")
            && message.contains("11800 (minor units of GBP)")
            && message.contains("PATCH the session"),
        "{message}"
    );
    assert_eq!(merchant_view(&t.app, &id).await["state"], "open");

    // The merchant's server answers the shipping change by patching the session.
    let patch = json!({"amount": 12295, "order_lines": [
        {"name": "Sneakers", "quantity": 1, "unit_price": 11800, "total_amount": 11800},
        {"name": "Express delivery", "quantity": 1, "unit_price": 495, "total_amount": 495}]});
    let p = call(
        &t.app,
        "PATCH",
        &format!("/v1/sessions/{id}"),
        Some(KEY_A),
        Some(patch),
    )
    .await;
    assert_eq!(p.status, StatusCode::OK);
    let v = token_authorize(&t.app, &id, &secret, body, None)
        .await
        .json();
    assert_eq!(v["result"], "APPROVED");
    assert_eq!(
        merchant_view(&t.app, &id).await["authorization"]["amount"],
        12295
    );
}

#[tokio::test]
async fn payment_requests_of_other_sessions_and_unknown_ones_are_refused() {
    let t = sandbox_app();
    let (id, secret) = express_session(&t.app, 11800).await;
    let (other, other_secret) = express_session(&t.app, 11800).await;
    let (pr, token) = finish_journey(
        &t.app,
        (&other, &other_secret),
        11800,
        "customer+gb@klarna.com",
    )
    .await;
    let body = json!({"klarna_network_session_token": token, "payment_request_id": pr});
    let a = token_authorize(&t.app, &id, &secret, body, None).await;
    assert_eq!(a.status, StatusCode::CONFLICT);
    assert!(a.json()["error"]["message"]
        .as_str()
        .unwrap()
        .contains(&other));

    let unknown = json!({"klarna_network_session_token": "krn:x", "payment_request_id": "krn:payment:eu1:payment-request:nope"});
    let a = token_authorize(&t.app, &id, &secret, unknown, None).await;
    assert_eq!(a.status, StatusCode::CONFLICT);
    // A wrong token for the right payment request is Klarna's refusal of
    // the caller's token: 400 naming it (502 is for Klarna failing).
    let (pr, _) = finish_journey(&t.app, (&id, &secret), 11800, "customer+gb@klarna.com").await;
    let guessed = json!({"klarna_network_session_token": "krn:guessed", "payment_request_id": pr});
    let a = token_authorize(&t.app, &id, &secret, guessed, None).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST, "{}", a.json());
    assert_eq!(
        a.json()["error"]["fields"][0]["path"],
        "klarna_network_session_token"
    );
    assert_eq!(merchant_view(&t.app, &id).await["state"], "open");
}

#[tokio::test]
async fn bad_bodies_and_strangers_are_refused_with_the_field_named() {
    let t = sandbox_app();
    let (id, secret) = express_session(&t.app, 11800).await;
    let a = token_authorize(
        &t.app,
        &id,
        &secret,
        json!({"payment_request_id": "krn:x"}),
        None,
    )
    .await;
    assert_eq!(a.field_paths(), vec!["klarna_network_session_token"]);
    let a = token_authorize(
        &t.app,
        &id,
        &secret,
        json!({"klarna_network_session_token": "a b", "amount": 1}),
        None,
    )
    .await;
    assert_eq!(
        a.field_paths(),
        vec!["klarna_network_session_token", "amount"]
    );
    let a = token_authorize(
        &t.app,
        &id,
        &secret,
        json!({"klarna_network_session_token": "t", "payment_request_id": ""}),
        None,
    )
    .await;
    assert_eq!(a.field_paths(), vec!["payment_request_id"]);
    let a = token_authorize(
        &t.app,
        &id,
        KEY_B,
        json!({"klarna_network_session_token": "t"}),
        None,
    )
    .await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    let a = token_authorize(
        &t.app,
        &id,
        "hcs_secret_wrong",
        json!({"klarna_network_session_token": "t"}),
        None,
    )
    .await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED);
    // The sandbox's journey endpoint names its fields too.
    let a = call(
        &t.app,
        "POST",
        "/sandbox/klarna/payment-requests",
        None,
        Some(json!({"amount": 0, "currency": "gbp"})),
    )
    .await;
    assert_eq!(
        a.field_paths(),
        vec!["payment_request_reference", "amount", "currency"]
    );
}

#[tokio::test]
async fn klarnas_completed_webhook_finishes_an_express_order_the_page_never_reported() {
    let t = sandbox_app();
    let (id, secret) = express_session(&t.app, 11800).await;
    let (pr, token) = finish_journey(&t.app, (&id, &secret), 11800, "customer+gb@klarna.com").await;
    // The shopper closed the tab before the page called /authorize; Klarna's webhook arrives.
    let envelope = completed_envelope(&pr, &id, &token);
    let a = post_signed_webhook(&t.app, &envelope).await;
    assert_eq!(
        a.json()["status"],
        "accepted",
        "{}",
        String::from_utf8_lossy(&a.bytes)
    );
    // The final authorization runs as a durable job, not inside the webhook's answer.
    checkout_server::jobs::drain(&t.state, "test-runner").await;
    let m = merchant_view(&t.app, &id).await;
    assert_eq!(m["state"], "authorized");
    assert_eq!(m["shipping"]["address"]["postal_code"], "SW1A 1AA");

    // The page's late call finds the same authorization.
    let body = json!({"klarna_network_session_token": token, "payment_request_id": pr});
    let v = token_authorize(&t.app, &id, &secret, body, None)
        .await
        .json();
    assert_eq!(
        v["payment_transaction_id"],
        m["authorization"]["payment_transaction_id"]
    );
    // Another payment request can't claim the authorized session.
    let body = json!({"klarna_network_session_token": token, "payment_request_id": "krn:other"});
    assert_eq!(
        token_authorize(&t.app, &id, &secret, body, None)
            .await
            .status,
        StatusCode::CONFLICT
    );
}

#[tokio::test]
async fn a_returning_shoppers_token_authorizes_without_a_payment_request() {
    let t = sandbox_app();
    let (id, _) = create_session(&t.app, "customer+de@klarna.com").await;
    let body = json!({"klarna_network_session_token": "krn:sandbox:eu1:session-token:signin:1"});
    let v = token_authorize(&t.app, &id, KEY_A, body, None).await.json();
    assert_eq!(
        (v["result"].as_str(), v["state"].as_str()),
        (Some("APPROVED"), Some("authorized"))
    );
    let seen = call(
        &t.app,
        "GET",
        &format!("/sandbox/klarna/requests?session={id}"),
        Some(KEY_A),
        None,
    )
    .await
    .json();
    assert_eq!(seen["requests"][0]["step"], "initial");
    assert_eq!(
        seen["requests"][0]["klarna_network_session_token"],
        "krn:sandbox:eu1:session-token:signin:1"
    );
}

#[tokio::test]
async fn the_merchants_page_may_call_only_from_the_sessions_origins() {
    let t = sandbox_app();
    let (id, secret) = express_session(&t.app, 11800).await;
    let path = format!("/v1/sessions/{id}/authorize");
    let preflight = |origin: &'static str| {
        let headers = [
            ("origin", origin),
            ("access-control-request-method", "POST"),
            (
                "access-control-request-headers",
                "authorization,content-type",
            ),
        ];
        let app = t.app.clone();
        let path = path.clone();
        async move { send(&app, "OPTIONS", &path, None, None, &headers).await }
    };
    let ok = preflight("https://shop.example").await;
    assert_eq!(ok.status, StatusCode::NO_CONTENT);
    assert_eq!(
        ok.header("access-control-allow-origin"),
        "https://shop.example"
    );
    assert!(ok
        .header("access-control-allow-headers")
        .contains("authorization"));
    let evil = preflight("https://evil.example").await;
    assert_eq!(evil.header("access-control-allow-origin"), "");
    // The call itself carries the grant for the session's origin only.
    let get = |origin: &'static str| {
        let app = t.app.clone();
        let (id, secret) = (id.clone(), secret.clone());
        async move {
            send(
                &app,
                "GET",
                &format!("/v1/sessions/{id}/config"),
                Some(&secret),
                None,
                &[("origin", origin)],
            )
            .await
        }
    };
    let a = get("https://shop.example").await;
    assert_eq!(
        (a.status, a.header("access-control-allow-origin").as_str()),
        (StatusCode::OK, "https://shop.example")
    );
    assert_eq!(
        get("https://evil.example")
            .await
            .header("access-control-allow-origin"),
        ""
    );
}

#[tokio::test]
async fn the_page_learns_a_decline_the_webhook_recorded_first() {
    let t = sandbox_app();
    let (id, secret) = express_session(&t.app, 11800).await;
    let (pr, token) = finish_journey(
        &t.app,
        (&id, &secret),
        11800,
        "customer+gb+denied@klarna.com",
    )
    .await;
    post_signed_webhook(&t.app, &completed_envelope(&pr, &id, &token)).await;
    checkout_server::jobs::drain(&t.state, "test-runner").await;
    assert_eq!(merchant_view(&t.app, &id).await["state"], "declined");
    let body = json!({"klarna_network_session_token": token, "payment_request_id": pr});
    let a = token_authorize(&t.app, &id, &secret, body, None).await;
    assert_eq!(
        a.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&a.bytes)
    );
    assert_eq!(
        (a.json()["result"].as_str(), a.json()["state"].as_str()),
        (Some("DECLINED"), Some("declined"))
    );
}

#[tokio::test]
async fn an_express_order_joins_the_payment_lifecycle_and_is_captured() {
    let t = sandbox_app();
    let (id, secret) = express_session(&t.app, 11800).await;
    let (pr, token) = finish_journey(&t.app, (&id, &secret), 11800, "customer+gb@klarna.com").await;
    let body = json!({"klarna_network_session_token": token, "payment_request_id": pr});
    assert_eq!(
        token_authorize(&t.app, &id, &secret, body, None)
            .await
            .json()["result"],
        "APPROVED"
    );
    // Like a payment on the hosted page: the payment record, then the merchant's capture when it ships.
    let v = merchant_view(&t.app, &id).await;
    assert_eq!(
        (
            v["payment"]["state"].as_str(),
            v["payment"]["authorized_amount"].as_i64()
        ),
        (Some("authorized"), Some(11800))
    );
    let c = call(
        &t.app,
        "POST",
        &format!("/v1/sessions/{id}/captures"),
        Some(KEY_A),
        Some(json!({"amount": 11800, "reference": "ship-1"})),
    )
    .await;
    assert_eq!(
        c.status,
        StatusCode::CREATED,
        "{}",
        String::from_utf8_lossy(&c.bytes)
    );
    let v = merchant_view(&t.app, &id).await;
    assert_eq!(
        (
            v["payment"]["state"].as_str(),
            v["payment"]["captured_amount"].as_i64()
        ),
        (Some("captured"), Some(11800))
    );
    // The same notifications as any session.
    let events = call(
        &t.app,
        "GET",
        "/v1/events?delivered=false",
        Some(KEY_A),
        None,
    )
    .await
    .json();
    let types: Vec<&str> = events["data"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["session_id"] == id.as_str())
        .filter_map(|e| e["type"].as_str())
        .collect();
    assert!(
        types.contains(&"session.authorized") && types.contains(&"payment.captured"),
        "{types:?}"
    );
}
