//! What the client secret still reaches once a session is finished (an
//! outside tester's finding): the hosted config of a session that is no
//! longer `open` carries neither the network session token nor a freshly
//! exchanged `sdk_token`, Klarna's presentation is refused (`409` naming the
//! state), and erasing the personal data erases the stored token too.
mod common;

use axum::http::StatusCode;
use common::*;
use serde_json::{json, Value};

const TOKEN: &str = "krn:sandbox:eu1:session-token:PRESELECT_KLARNA:1";

/// A session of `email` created with [`TOKEN`]: `(id, client secret)`.
async fn session_with_token(t: &TestApp, email: &str) -> (String, String) {
    let mut body = session_body(email);
    body["klarna_network_session_token"] = json!(TOKEN);
    let a = call(&t.app, "POST", "/v1/sessions", Some(KEY_A), Some(body)).await;
    assert_eq!(a.status, StatusCode::CREATED);
    let v = a.json();
    (
        v["id"].as_str().unwrap().to_string(),
        v["client_secret"].as_str().unwrap().to_string(),
    )
}

async fn config(t: &TestApp, id: &str, secret: &str) -> Value {
    let a = call(
        &t.app,
        "GET",
        &format!("/v1/sessions/{id}/config"),
        Some(secret),
        None,
    )
    .await;
    assert_eq!(a.status, StatusCode::OK);
    a.json()
}

async fn presentation(t: &TestApp, id: &str, secret: &str) -> Answer {
    let path = format!("/v1/sessions/{id}/klarna/presentation");
    call(&t.app, "GET", &path, Some(secret), None).await
}

/// Neither the token nor an `sdk_token` in a finished session's config.
fn assert_no_tokens(c: &Value, state: &str) {
    assert_eq!(c["state"], state);
    assert!(c["klarna_network_session_token"].is_null(), "{c}");
    assert!(c["klarna"]["sdk_token"].is_null(), "{c}");
}

#[tokio::test]
async fn a_finished_sessions_config_carries_no_network_token_and_no_sdk_token() {
    let t = sandbox_app();
    // Open: both, as the page needs them to pay.
    let (id, secret) = session_with_token(&t, "customer+de@klarna.com").await;
    let open = config(&t, &id, &secret).await;
    assert_eq!(open["klarna_network_session_token"], TOKEN);
    assert!(open["klarna"]["sdk_token"].is_string(), "{open}");

    // Authorized: the page shows the confirmation from `authorization`.
    assert_eq!(
        authorize(&t.app, &id, &secret).await.json()["result"],
        "APPROVED"
    );
    let c = config(&t, &id, &secret).await;
    assert_no_tokens(&c, "authorized");
    assert!(c["authorization"]["payment_transaction_id"].is_string());

    // Declined.
    let (id, secret) = session_with_token(&t, "customer+de+denied@klarna.com").await;
    assert_eq!(
        authorize(&t.app, &id, &secret).await.json()["result"],
        "DECLINED"
    );
    assert_no_tokens(&config(&t, &id, &secret).await, "declined");

    // Canceled by the merchant.
    let (id, secret) = session_with_token(&t, "customer+de@klarna.com").await;
    let path = format!("/v1/sessions/{id}/cancel");
    let c = call(&t.app, "POST", &path, Some(KEY_A), Some(json!({}))).await;
    assert_eq!(c.status, StatusCode::OK);
    assert_no_tokens(&config(&t, &id, &secret).await, "canceled");
}

#[tokio::test]
async fn klarnas_presentation_only_for_an_open_session() {
    let t = sandbox_app();
    let (id, secret) = session_with_token(&t, "customer+de@klarna.com").await;
    let a = presentation(&t, &id, &secret).await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(a.json()["instruction"].is_string());

    assert_eq!(
        authorize(&t.app, &id, &secret).await.json()["result"],
        "APPROVED"
    );
    let a = presentation(&t, &id, &secret).await;
    assert_eq!(a.status, StatusCode::CONFLICT);
    let e = a.json();
    assert_eq!(e["error"]["code"], "conflict");
    assert!(
        e["error"]["message"]
            .as_str()
            .unwrap()
            .contains("authorized"),
        "{e}"
    );

    let (id, secret) = session_with_token(&t, "customer+de@klarna.com").await;
    let path = format!("/v1/sessions/{id}/cancel");
    let c = call(&t.app, "POST", &path, Some(KEY_A), Some(json!({}))).await;
    assert_eq!(c.status, StatusCode::OK);
    let a = presentation(&t, &id, &secret).await;
    assert_eq!(a.status, StatusCode::CONFLICT);
    assert!(
        a.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("canceled"),
        "{}",
        a.json()
    );
}

#[tokio::test]
async fn erasure_erases_the_stored_network_session_token() {
    let t = sandbox_app();
    let (id, secret) = session_with_token(&t, "customer+de@klarna.com").await;
    assert_eq!(
        authorize(&t.app, &id, &secret).await.json()["result"],
        "APPROVED"
    );
    assert_eq!(
        merchant_view(&t.app, &id).await["has_network_session_token"],
        true
    );

    let path = format!("/v1/sessions/{id}/erase");
    let a = call(&t.app, "POST", &path, Some(KEY_A), None).await;
    assert_eq!(a.status, StatusCode::OK);
    let v = a.json();
    assert!(v["personal_data_erased_at"].is_string(), "{v}");
    assert_eq!(v["has_network_session_token"], false, "{v}");
    assert_eq!(
        merchant_view(&t.app, &id).await["has_network_session_token"],
        false
    );
    let stored = t.state.store.session(&id).await.unwrap().unwrap();
    assert_eq!(stored.data.klarna_network_session_token, None);
    assert_no_tokens(&config(&t, &id, &secret).await, "authorized");

    // An open session erased (the shopper asked before paying): the token
    // goes too; the page can still pay, initializing the SDK without one.
    let (id, secret) = session_with_token(&t, "customer+de@klarna.com").await;
    let path = format!("/v1/sessions/{id}/erase");
    assert_eq!(
        call(&t.app, "POST", &path, Some(KEY_A), None).await.status,
        StatusCode::OK
    );
    let c = config(&t, &id, &secret).await;
    assert_no_tokens(&c, "open");
    assert_eq!(
        authorize(&t.app, &id, &secret).await.json()["result"],
        "APPROVED"
    );
}
