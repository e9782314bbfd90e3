//! The Notifications API's JSON and paths, in one place. From Klarna's
//! Notifications API reference (release/4 and v1/r6) and webhook guides:
//! `POST /v2/notification/webhooks` with `{url, event_types, event_version,
//! signing_key_id, status}` answered with `{webhook_id, event_types,
//! event_version, signing_key_id, created_at, status}` (documented example),
//! `GET /v2/notification/webhooks` answered `{webhooks: [...]}`
//! (documented), signing keys made with `createSigningKey` and removed with
//! `deleteSigningKey` (at most 50, the secret shown once; documented).
//! Marked INFERRED below: the signing key answer's field names, the update
//! path and method, and the simulate call (observed in a demo, not in the
//! reference at hand). `npm run conformance` records Klarna's answers.

use super::notifications::{NewSigningKey, Webhook, WebhookSpec, EVENT_VERSION};
use super::KlarnaError;
use crate::settings::Secret;
use serde_json::{json, Value};

/// Path of the signing keys.
pub const SIGNING_KEYS: &str = "/v2/notification/signing-keys";
/// Path of the webhooks.
pub const WEBHOOKS: &str = "/v2/notification/webhooks";

fn segment(id: &str) -> String {
    let mut url = reqwest::Url::parse("https://klarna.invalid/")
        .unwrap_or_else(|_| unreachable!("a constant URL parses"));
    if let Ok(mut p) = url.path_segments_mut() {
        p.clear().push(id);
    }
    url.path().trim_start_matches('/').to_string()
}

/// `…/signing-keys/{id}`.
pub fn signing_key_path(id: &str) -> String {
    format!("{SIGNING_KEYS}/{}", segment(id))
}

/// `…/webhooks/{id}` (INFERRED for the update).
pub fn webhook_path(id: &str) -> String {
    format!("{WEBHOOKS}/{}", segment(id))
}

/// `…/webhooks/{id}/simulate` (INFERRED: observed in a demo).
pub fn simulate_path(id: &str) -> String {
    format!("{}/simulate", webhook_path(id))
}

/// The body of a webhook's creation or update.
pub fn webhook_body(spec: &WebhookSpec) -> Value {
    json!({
        "url": spec.url,
        "event_types": spec.event_types,
        "event_version": EVENT_VERSION,
        "signing_key_id": spec.signing_key_id,
        "status": "ENABLED",
    })
}

/// The body of a simulate call (INFERRED).
pub fn simulate_body(event_type: &str) -> Value {
    json!({ "event_type": event_type })
}

fn text(v: &Value, keys: &[&str]) -> Option<String> {
    keys.iter()
        .find_map(|k| v.get(*k).and_then(Value::as_str))
        .map(str::to_string)
}

/// A created signing key: `signing_key_id` and the secret (INFERRED:
/// `signing_key`, also read as `secret` or `key`).
pub fn parse_signing_key(v: &Value) -> Result<NewSigningKey, KlarnaError> {
    let id = text(v, &["signing_key_id"])
        .ok_or_else(|| KlarnaError::Upstream("signing key answer without signing_key_id".into()))?;
    let secret = text(v, &["signing_key", "secret", "key"])
        .ok_or_else(|| KlarnaError::Upstream("signing key answer without its secret".into()))?;
    Ok(NewSigningKey {
        signing_key_id: id,
        secret: Secret::new(secret),
    })
}

/// One webhook (`webhook_id` required).
pub fn parse_webhook(v: &Value) -> Result<Webhook, KlarnaError> {
    let webhook_id = text(v, &["webhook_id"])
        .ok_or_else(|| KlarnaError::Upstream("webhook answer without webhook_id".into()))?;
    let event_types = v["event_types"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    Ok(Webhook {
        webhook_id,
        url: text(v, &["url"]),
        event_types,
        signing_key_id: text(v, &["signing_key_id"]),
        status: text(v, &["status"]).unwrap_or_else(|| "ENABLED".into()),
    })
}

/// The list answer `{webhooks: [...]}`.
pub fn parse_webhooks(v: &Value) -> Result<Vec<Webhook>, KlarnaError> {
    let items = v["webhooks"]
        .as_array()
        .ok_or_else(|| KlarnaError::Upstream("webhook list without webhooks".into()))?;
    items.iter().map(parse_webhook).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn klarnas_documented_webhook_answer_parses() {
        let v = json!({"webhook_id": "krn:partner:global:notification:webhook:120e5b7e",
            "event_types": ["payment.request.state-change.submitted"], "event_version": "v1",
            "signing_key_id": "krn:partner:global:notification:signing-key:49bc", "created_at": "2024-01-01T12:00:00Z",
            "status": "ENABLED"});
        let w = parse_webhook(&v).unwrap();
        assert_eq!(
            w.webhook_id,
            "krn:partner:global:notification:webhook:120e5b7e"
        );
        assert_eq!(
            w.signing_key_id.as_deref(),
            Some("krn:partner:global:notification:signing-key:49bc")
        );
        assert_eq!(parse_webhooks(&json!({"webhooks": [v]})).unwrap().len(), 1);
        assert_eq!(
            webhook_path("krn:partner:global:notification:webhook:1/x"),
            "/v2/notification/webhooks/krn:partner:global:notification:webhook:1%2Fx"
        );
    }
}
