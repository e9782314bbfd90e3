//! `POST /demo/sessions`: the demo store's backend (sandbox only).

mod common;

use axum::http::StatusCode;
use common::*;
use serde_json::{json, Value};

async fn demo(app: &axum::Router, body: Value) -> Answer {
    call(app, "POST", "/demo/sessions", None, Some(body)).await
}

async fn config(app: &axum::Router, created: &Value) -> Value {
    let (id, cs) = (
        created["id"].as_str().unwrap(),
        created["client_secret"].as_str().unwrap(),
    );
    call(
        app,
        "GET",
        &format!("/v1/sessions/{id}/config"),
        Some(cs),
        None,
    )
    .await
    .json()
}

#[tokio::test]
async fn builds_a_session_for_the_persona() {
    let t = sandbox_app();
    let a = demo(&t.app, json!({"persona": "approve", "country": "DE"})).await;
    assert_eq!(
        a.status,
        StatusCode::CREATED,
        "{}",
        String::from_utf8_lossy(&a.bytes)
    );
    let created = a.json();
    assert!(created["hosted_url"]
        .as_str()
        .unwrap()
        .starts_with(&format!("{PUBLIC_URL}/hpp/hcs_")));
    let c = config(&t.app, &created).await;
    assert_eq!(c["customer"]["email"], "customer+de@klarna.com");
    assert_eq!(
        (
            c["amount"].as_i64(),
            c["currency"].as_str(),
            c["locale"].as_str()
        ),
        (Some(11800), Some("EUR"), Some("de-DE"))
    );
    assert_eq!(c["order_lines"].as_array().unwrap().len(), 1);
    assert_eq!(c["allowed_origins"], json!([PUBLIC_URL]));
    assert!(c.get("klarna_network_session_token").is_none());
    // It belongs to the sandbox-only demo merchant, never a configured one.
    let id = created["id"].as_str().unwrap();
    let stored = t.state.store.session(id).await.unwrap().unwrap();
    assert_eq!(stored.merchant_id, "demo");
    assert_eq!(stored.data.return_url, format!("{PUBLIC_URL}/demo/return"));

    let a = demo(
        &t.app,
        json!({"persona": "stepup", "country": "SE", "amount": 5000, "locale": "en-SE"}),
    )
    .await;
    let c = config(&t.app, &a.json()).await;
    assert_eq!(c["customer"]["email"], "customer+se+stepup@klarna.com");
    assert_eq!(
        (
            c["amount"].as_i64(),
            c["currency"].as_str(),
            c["locale"].as_str()
        ),
        (Some(5000), Some("SEK"), Some("en-SE"))
    );
}

#[tokio::test]
async fn instruction_and_token_put_a_sandbox_token_on_file() {
    let t = sandbox_app();
    let a = demo(
        &t.app,
        json!({"persona": "approve", "country": "DE", "instruction": "SHOW_ONLY_KLARNA"}),
    )
    .await;
    let token = config(&t.app, &a.json()).await["klarna_network_session_token"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        token.starts_with("krn:sandbox:eu1:session-token:SHOW_ONLY_KLARNA:"),
        "{token}"
    );
    let a = demo(
        &t.app,
        json!({"persona": "approve", "country": "DE", "token": true}),
    )
    .await;
    let token = config(&t.app, &a.json()).await["klarna_network_session_token"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        token.starts_with("krn:sandbox:eu1:session-token:shopper:"),
        "{token}"
    );
}

#[tokio::test]
async fn bad_fields_are_named() {
    let t = sandbox_app();
    let a = demo(&t.app, json!({"persona": "rich", "country": "XX", "amount": "12", "instruction": "MAYBE", "token": "yes", "extra": 1})).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    let mut paths = a.field_paths();
    paths.sort();
    assert_eq!(
        paths,
        vec![
            "amount",
            "country",
            "extra",
            "instruction",
            "persona",
            "token"
        ]
    );
    let a = demo(
        &t.app,
        json!({"persona": "approve", "country": "DE", "locale": "sv-SE"}),
    )
    .await;
    assert_eq!(a.field_paths(), vec!["locale"]);
    let a = demo(
        &t.app,
        json!({"persona": "approve", "country": "DE", "amount": 0}),
    )
    .await;
    assert_eq!(a.field_paths(), vec!["amount"]);
    let a = demo(&t.app, json!({})).await;
    let mut paths = a.field_paths();
    paths.sort();
    assert_eq!(paths, vec!["country", "persona"]);
}
