//! Refusals name the field they are about (an outside tester's findings):
//! the `409`s of a wrong `payment_transaction_id` and an unknown
//! `payment_request_id`, a repeated query parameter, and an order line
//! whose tax is larger than its total.

mod common;

use axum::http::StatusCode;
use common::*;
use serde_json::json;

#[tokio::test]
async fn a_wrong_payment_transaction_id_is_named() {
    let t = sandbox_app();
    let (id, secret) = authorized_session(&t.app, "customer+de@klarna.com").await;
    let body = json!({"outcome": "authorized", "payment_transaction_id": "krn:not-this-one"});
    let a = result(&t.app, &id, &secret, "k-1", &body).await;
    assert_eq!(a.status, StatusCode::CONFLICT, "{}", a.json());
    assert_eq!(a.field_paths(), ["payment_transaction_id"], "{}", a.json());
}

#[tokio::test]
async fn an_unknown_payment_request_id_is_named() {
    let t = sandbox_app();
    let (id, _) = create_session(&t.app, "customer+de@klarna.com").await;
    let body = json!({"klarna_network_session_token": "krn:x",
        "payment_request_id": "krn:payment:eu1:payment-request:nope"});
    let uri = format!("/v1/sessions/{id}/authorize");
    let a = call(&t.app, "POST", &uri, Some(KEY_A), Some(body)).await;
    assert_eq!(a.status, StatusCode::CONFLICT, "{}", a.json());
    assert_eq!(a.field_paths(), ["payment_request_id"], "{}", a.json());
}

#[tokio::test]
async fn a_repeated_query_parameter_is_named() {
    let t = sandbox_app();
    for uri in ["/v1/sessions?limit=1&limit=2", "/v1/events?limit=1&limit=2"] {
        let a = call(&t.app, "GET", uri, Some(KEY_A), None).await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "{uri}");
        assert_eq!(a.field_paths(), ["limit"], "{uri}: {}", a.json());
        let reason = a.json()["error"]["fields"][0]["reason"].to_string();
        assert!(reason.contains("expected limit once"), "{reason}");
    }
}

#[tokio::test]
async fn a_tax_larger_than_the_line_total_is_refused() {
    let t = sandbox_app();
    let mut body = session_body("customer+de@klarna.com");
    body["order_lines"][0]["total_tax_amount"] = json!(11801);
    let a = call(&t.app, "POST", "/v1/sessions", Some(KEY_A), Some(body)).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST, "{}", a.json());
    assert_eq!(a.field_paths(), ["order_lines[0].total_tax_amount"]);
    // A negative line's tax is bounded the same way.
    let mut body = session_body("customer+de@klarna.com");
    body["amount"] = json!(10800);
    let voucher = json!({"type": "discount", "name": "Voucher", "quantity": 1,
        "unit_price": -1000, "total_amount": -1000, "total_tax_amount": -1001});
    body["order_lines"].as_array_mut().unwrap().push(voucher);
    let a = call(&t.app, "POST", "/v1/sessions", Some(KEY_A), Some(body)).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST, "{}", a.json());
    assert_eq!(a.field_paths(), ["order_lines[1].total_tax_amount"]);
    // The tax of the whole line is fine.
    let mut body = session_body("customer+de@klarna.com");
    body["order_lines"][0]["total_tax_amount"] = json!(11800);
    let a = call(&t.app, "POST", "/v1/sessions", Some(KEY_A), Some(body)).await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.json());
}

#[tokio::test]
async fn a_number_json_cannot_hold_is_named_by_its_field() {
    let t = sandbox_app();
    let mut body = session_body("customer+de@klarna.com").to_string();
    body = body.replacen("\"amount\":11800", "\"amount\":1e400", 1);
    assert!(body.contains("1e400"), "{body}");
    let a = send(
        &t.app,
        "POST",
        "/v1/sessions",
        Some(KEY_A),
        Some(&body),
        &[],
    )
    .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        a.field_paths(),
        vec!["amount"],
        "{}",
        String::from_utf8_lossy(&a.bytes)
    );
    let lines = body
        .replacen("\"amount\":1e400", "\"amount\":11800", 1)
        .replacen("\"quantity\":1", "\"quantity\":1e999", 1);
    assert!(lines.contains("1e999"), "{lines}");
    let a = send(
        &t.app,
        "POST",
        "/v1/sessions",
        Some(KEY_A),
        Some(&lines),
        &[],
    )
    .await;
    assert_eq!(a.field_paths(), vec!["order_lines[0].quantity"]);
    // A body broken at its top is still `$`.
    let a = send(
        &t.app,
        "POST",
        "/v1/sessions",
        Some(KEY_A),
        Some("{\"amount\": 1"),
        &[],
    )
    .await;
    assert_eq!(a.field_paths(), vec!["$"]);
}
