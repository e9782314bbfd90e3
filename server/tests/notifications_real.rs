//! The real Notifications API client (issue 19) against a local mock of
//! Klarna's API: signing keys, webhooks (the documented create body and
//! answer), the update and simulate calls, and recordings of each exchange.

#[path = "support/klarna_mock.rs"]
mod klarna_mock;

use axum::http::Method;
use checkout_server::klarna::notifications::{
    KlarnaNotifications, RealNotifications, WebhookSpec, HANDLED_EVENT_TYPES,
};
use checkout_server::klarna::recording::Recorder;
use klarna_mock::*;
use serde_json::{json, Value};
use std::sync::Arc;

fn spec() -> WebhookSpec {
    WebhookSpec {
        url: "https://pay.acquirer.example/v1/webhooks/klarna".into(),
        event_types: HANDLED_EVENT_TYPES.iter().map(|s| s.to_string()).collect(),
        signing_key_id: "krn:partner:global:notification:signing-key:49bc".into(),
    }
}

/// Klarna's documented answer to a webhook's creation (Notifications API release/4).
fn created() -> Value {
    json!({"webhook_id": "krn:partner:global:notification:webhook:120e5b7e",
        "event_types": HANDLED_EVENT_TYPES, "event_version": "v2",
        "signing_key_id": "krn:partner:global:notification:signing-key:49bc",
        "created_at": "2024-01-01T12:00:00Z", "status": "ENABLED"})
}

#[tokio::test]
async fn signing_keys_and_webhooks_are_made_as_klarnas_reference_says() {
    let (m, base) = mock().await;
    let c = RealNotifications::new(client(&base));
    // 1. A signing key: its id and its secret, shown once.
    m.answer(
        201,
        json!({"signing_key_id": "krn:partner:global:notification:signing-key:49bc",
        "signing_key": "whsec_shown_once", "created_at": "2026-11-30T10:00:00Z"}),
    );
    let k = c.create_signing_key().await.unwrap();
    assert_eq!(
        k.signing_key_id,
        "krn:partner:global:notification:signing-key:49bc"
    );
    assert_eq!(k.secret.expose(), "whsec_shown_once");
    let s = m.last();
    assert_eq!(
        (s.method, s.path.as_str()),
        (Method::POST, "/v2/notification/signing-keys")
    );
    assert!(s.headers["authorization"]
        .to_str()
        .unwrap()
        .starts_with("Basic "));
    // 2. The webhook: the documented body, the documented answer.
    m.answer(201, created());
    let w = c.create_webhook(&spec()).await.unwrap();
    assert_eq!(
        w.webhook_id,
        "krn:partner:global:notification:webhook:120e5b7e"
    );
    assert!(w.matches(&spec()));
    let s = m.last();
    assert_eq!(
        (s.method, s.path.as_str()),
        (Method::POST, "/v2/notification/webhooks")
    );
    assert_eq!(
        s.body["url"],
        "https://pay.acquirer.example/v1/webhooks/klarna"
    );
    assert_eq!(s.body["event_types"], json!(HANDLED_EVENT_TYPES));
    assert_eq!(s.body["event_version"], "v2");
    assert_eq!(
        s.body["signing_key_id"],
        "krn:partner:global:notification:signing-key:49bc"
    );
    assert_eq!(s.body["status"], "ENABLED");
    // 3. The list.
    m.answer(200, json!({"webhooks": [created()]}));
    assert_eq!(c.list_webhooks().await.unwrap().len(), 1);
    assert_eq!(m.last().method, Method::GET);
    // 4. Update (a new key), simulate, delete a key.
    m.answer(200, created());
    c.update_webhook("krn:partner:global:notification:webhook:120e5b7e", &spec())
        .await
        .unwrap();
    let s = m.last();
    assert_eq!(
        (s.method, s.path.as_str()),
        (
            Method::PATCH,
            "/v2/notification/webhooks/krn:partner:global:notification:webhook:120e5b7e"
        )
    );
    m.answer(202, json!({}));
    c.simulate(
        "krn:partner:global:notification:webhook:120e5b7e",
        "payment.transaction.captured",
    )
    .await
    .unwrap();
    let s = m.last();
    assert!(s.path.ends_with("/simulate"), "{}", s.path);
    assert_eq!(s.body["event_type"], "payment.transaction.captured");
    m.answer(404, json!({"error_code": "NOT_FOUND"}));
    c.delete_signing_key("krn:gone").await.unwrap();
    assert_eq!(m.last().method, Method::DELETE);
    // 5. A refusal is Klarna's, with its words.
    m.answer(409, json!({"error_code": "CONFLICT", "error_message": "The webhook configuration already exists"}));
    let e = c.create_webhook(&spec()).await.unwrap_err();
    assert!(e.to_string().contains("already exists"), "{e}");
}

#[tokio::test]
async fn every_exchange_is_recorded_without_the_secret() {
    let (m, base) = mock().await;
    let dir = tempfile::tempdir().unwrap();
    let rec = Arc::new(Recorder::new(
        dir.path().to_path_buf(),
        "klarna-test",
        Some("PA123"),
    ));
    let c = RealNotifications::new(client(&base).with_recorder(Some(rec)));
    m.answer(
        201,
        json!({"signing_key_id": "krn:k:1", "signing_key": "whsec_shown_once"}),
    );
    c.create_signing_key().await.unwrap();
    m.answer(201, created());
    c.create_webhook(&spec()).await.unwrap();
    // Two recordings; found by their operation (names may sort either way
    // when both were written in the same millisecond).
    let recordings: Vec<Value> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|f| serde_json::from_str(&std::fs::read_to_string(f.path()).unwrap()).unwrap())
        .collect();
    assert_eq!(recordings.len(), 2);
    let of = |op: &str| {
        recordings
            .iter()
            .find(|r| r["operation"] == op)
            .cloned()
            .unwrap_or_else(|| panic!("no recording of {op}"))
    };
    let key = of("signing_key_create");
    assert_eq!(key["operation"], "signing_key_create");
    assert_eq!(key["response"]["body"]["signing_key"], "[redacted: secret]");
    assert_eq!(key["response"]["body"]["signing_key_id"], "krn:k:1");
    assert_eq!(
        key["request"]["headers"]["authorization"],
        "[redacted: api key]"
    );
    let hook = of("webhook_create");
    assert_eq!(hook["operation"], "webhook_create");
    assert_eq!(hook["request"]["body"]["event_version"], "v2");
    assert_eq!(hook["response"]["status"], 201);
}
