//! "Back to the shop" from a hosted page that no merchant script embeds
//! (issue 17, point 12): `GET /hpp/{id}/return` sends the shopper to the
//! session's `return_url` with Klarna's placeholders filled.

mod common;

use axum::http::StatusCode;
use common::*;
use serde_json::json;

const RETURN: &str =
    "https://shop.example/back?pr={klarna.payment_request.id}&s={klarna.payment_request.state}";

async fn session_returning(t: &TestApp, email: &str) -> (String, String) {
    let mut body = session_body(email);
    body["return_url"] = json!(RETURN);
    let a = call(&t.app, "POST", "/v1/sessions", Some(KEY_A), Some(body)).await;
    assert_eq!(a.status, StatusCode::CREATED);
    let v = a.json();
    (
        v["id"].as_str().unwrap().into(),
        v["client_secret"].as_str().unwrap().into(),
    )
}

async fn location(t: &TestApp, id: &str) -> String {
    let a = call(&t.app, "GET", &format!("/hpp/{id}/return"), None, None).await;
    assert_eq!(a.status, StatusCode::SEE_OTHER);
    assert_eq!(a.header("cache-control"), "no-store");
    a.header("location")
}

#[tokio::test]
async fn a_direct_approval_returns_with_the_completed_state() {
    let t = sandbox_app();
    let (id, secret) = session_returning(&t, "customer+de@klarna.com").await;
    assert_eq!(authorize(&t.app, &id, &secret).await.status, StatusCode::OK);
    assert_eq!(
        location(&t, &id).await,
        "https://shop.example/back?pr=&s=COMPLETED"
    );
}

#[tokio::test]
async fn a_step_up_returns_with_its_payment_request() {
    let t = sandbox_app();
    let (id, secret) = session_returning(&t, "customer+de+stepup@klarna.com").await;
    let (pr, token) = complete_step_up(&t.app, &id, &secret).await;
    let body = json!({"outcome": "authorized", "payment_request_id": pr, "klarna_network_session_token": token});
    assert_eq!(
        result(&t.app, &id, &secret, "r1", &body).await.status,
        StatusCode::OK
    );
    let encoded: String = pr.replace(':', "%3A");
    assert_eq!(
        location(&t, &id).await,
        format!("https://shop.example/back?pr={encoded}&s=COMPLETED")
    );
}

#[tokio::test]
async fn an_unknown_session_has_no_way_back() {
    let t = sandbox_app();
    let a = call(
        &t.app,
        "GET",
        "/hpp/hcs_00000000000000000000000000000000/return",
        None,
        None,
    )
    .await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
}
