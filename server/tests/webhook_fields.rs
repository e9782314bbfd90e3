//! A signed Klarna webhook whose body is no envelope is refused naming the
//! field, as the merchant API names them: a value of the wrong type by its
//! path, a key sent twice by its path; `$` only for a body that is no JSON.

mod common;

use axum::http::StatusCode;
use checkout_server::webhook::sign;
use common::*;

async fn refused(app: &axum::Router, body: &str) -> (String, String) {
    let sig = sign(SIGNING_SECRET, body.as_bytes());
    let headers = [
        ("klarna-signing-key-id", SIGNING_KEY_ID),
        ("klarna-signature", sig.as_str()),
    ];
    let a = send(
        app,
        "POST",
        "/v1/webhooks/klarna",
        None,
        Some(body),
        &headers,
    )
    .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST, "{body}");
    let v = a.json();
    let f = &v["error"]["fields"][0];
    (
        f["path"].as_str().unwrap().to_string(),
        f["reason"].as_str().unwrap().to_string(),
    )
}

#[tokio::test]
async fn a_malformed_envelope_names_its_field() {
    let t = sandbox_app();
    let (path, reason) = refused(&t.app, r#"{"metadata":{"event_id":5,"event_type":"x"}}"#).await;
    assert_eq!(path, "metadata.event_id");
    assert!(reason.contains("invalid type: integer `5`"), "{reason}");
    let live = r#"{"metadata":{"event_id":"e1","event_type":"x","live":"yes"}}"#;
    assert_eq!(refused(&t.app, live).await.0, "metadata.live");
    let twice = r#"{"metadata":{"event_id":"e6","event_id":"e7","event_type":"x"}}"#;
    let (path, reason) = refused(&t.app, twice).await;
    assert_eq!(path, "metadata.event_id");
    assert!(reason.contains("sent twice"), "{reason}");
    assert_eq!(refused(&t.app, r#"{"payload":{}}"#).await.0, "metadata");
    let no_type = r#"{"metadata":{"event_id":"e1"}}"#;
    assert_eq!(refused(&t.app, no_type).await.0, "metadata.event_type");
    assert_eq!(refused(&t.app, "not json").await.0, "$");
}
