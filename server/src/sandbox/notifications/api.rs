//! The emulated Notifications API's calls ([`KlarnaNotifications`] for
//! [`SandboxNotifications`]): signing keys and webhooks checked as Klarna
//! checks them, and `simulate`, which really sends a signed test event
//! ([`simulated_envelope`]) to the webhook's URL.

use super::{refused, upstream, webhook_of, SandboxNotifications, MAX_SIGNING_KEYS};
use crate::klarna::notifications::{KlarnaNotifications, NewSigningKey, Webhook, WebhookSpec};
use crate::klarna::KlarnaError;
use crate::sandbox::journey::spawn_signed_delivery;
use crate::settings::{Secret, SigningKey};
use crate::{clock, ids};
use async_trait::async_trait;
use serde_json::{json, Value};

fn check_spec(doc: &Value, spec: &WebhookSpec) -> Result<(), KlarnaError> {
    if doc["signing_keys"].get(&spec.signing_key_id).is_none() {
        return Err(refused(400, "unknown signing_key_id"));
    }
    let loopback =
        spec.url.starts_with("http://127.0.0.1") || spec.url.starts_with("http://localhost");
    if !spec.url.starts_with("https://") && !loopback {
        return Err(refused(
            400,
            "url must be https (the sandbox also takes http to a loopback address)",
        ));
    }
    if spec.event_types.is_empty() {
        return Err(refused(400, "event_types must not be empty"));
    }
    Ok(())
}

fn record(spec: &WebhookSpec, id: &str) -> Value {
    json!({"webhook_id": id, "url": spec.url, "event_types": spec.event_types,
        "event_version": crate::klarna::notifications::EVENT_VERSION, "signing_key_id": spec.signing_key_id,
        "status": "ENABLED", "created_at": clock::format(clock::now())})
}

#[async_trait]
impl KlarnaNotifications for SandboxNotifications {
    async fn create_signing_key(&self) -> Result<NewSigningKey, KlarnaError> {
        let id = format!(
            "krn:partner:global:notification:signing-key:sandbox-{}",
            ids::random_hex(8)
        );
        let secret = ids::signing_secret();
        self.change("create_signing_key", |doc| {
            let keys = doc["signing_keys"]
                .as_object_mut()
                .ok_or_else(|| upstream("bad document"))?;
            if keys.len() >= MAX_SIGNING_KEYS {
                return Err(refused(
                    400,
                    format!("at most {MAX_SIGNING_KEYS} signing keys per account"),
                ));
            }
            keys.insert(id.clone(), json!(secret));
            Ok(())
        })
        .await?;
        Ok(NewSigningKey {
            signing_key_id: id,
            secret: Secret::new(secret),
        })
    }

    async fn delete_signing_key(&self, id: &str) -> Result<(), KlarnaError> {
        self.change("delete_signing_key", |doc| {
            let in_use = doc["webhooks"].as_array().is_some_and(|ws| {
                ws.iter()
                    .any(|w| w["signing_key_id"] == json!(id) && w["status"] == "ENABLED")
            });
            if in_use {
                return Err(refused(409, "the signing key is in use by a webhook"));
            }
            if let Some(keys) = doc["signing_keys"].as_object_mut() {
                keys.remove(id);
            }
            Ok(())
        })
        .await
    }

    async fn list_webhooks(&self) -> Result<Vec<Webhook>, KlarnaError> {
        let doc = self.read().await?;
        Ok(doc["webhooks"]
            .as_array()
            .map(|a| a.iter().map(webhook_of).collect())
            .unwrap_or_default())
    }

    async fn create_webhook(&self, spec: &WebhookSpec) -> Result<Webhook, KlarnaError> {
        let id = format!(
            "krn:partner:global:notification:webhook:sandbox-{}",
            ids::random_hex(8)
        );
        self.change("create_webhook", |doc| {
            check_spec(doc, spec)?;
            let ws = doc["webhooks"]
                .as_array_mut()
                .ok_or_else(|| upstream("bad document"))?;
            if ws.iter().any(|w| w["url"] == json!(spec.url)) {
                return Err(refused(409, "the webhook configuration already exists"));
            }
            let w = record(spec, &id);
            ws.push(w.clone());
            Ok(webhook_of(&w))
        })
        .await
    }

    async fn update_webhook(&self, id: &str, spec: &WebhookSpec) -> Result<Webhook, KlarnaError> {
        self.change("update_webhook", |doc| {
            check_spec(doc, spec)?;
            let ws = doc["webhooks"]
                .as_array_mut()
                .ok_or_else(|| upstream("bad document"))?;
            let w = ws
                .iter_mut()
                .find(|w| w["webhook_id"] == json!(id))
                .ok_or_else(|| refused(404, "unknown webhook_id"))?;
            let created = w["created_at"].clone();
            *w = record(spec, id);
            w["created_at"] = created;
            Ok(webhook_of(w))
        })
        .await
    }

    async fn simulate(&self, id: &str, event_type: &str) -> Result<(), KlarnaError> {
        let (url, key) = self
            .change("simulate", |doc| {
                let w = doc["webhooks"]
                    .as_array()
                    .and_then(|ws| ws.iter().find(|w| w["webhook_id"] == json!(id)))
                    .ok_or_else(|| refused(404, "unknown webhook_id"))?;
                let wh = webhook_of(w);
                let key_id = wh.signing_key_id.unwrap_or_default();
                let secret = doc["signing_keys"][&key_id]
                    .as_str()
                    .ok_or_else(|| refused(409, "the webhook's signing key was deleted"))?;
                Ok((
                    wh.url.unwrap_or_default(),
                    SigningKey {
                        key_id,
                        secret: Secret::new(secret),
                    },
                ))
            })
            .await?;
        let envelope = simulated_envelope(id, event_type);
        spawn_signed_delivery(
            self.http.clone(),
            url,
            key,
            envelope,
            format!("simulated {event_type}"),
        );
        Ok(())
    }
}

/// The test event a simulate call sends: the envelope of `event_type` with
/// a sample payload of that event's shape whose ids name nothing of ours
/// (the server records the event and changes nothing).
pub fn simulated_envelope(webhook_id: &str, event_type: &str) -> Value {
    let sample = "sandbox-simulated";
    let payload = if let Some(state) = event_type.strip_prefix("payment.request.state-change.") {
        let mut p = json!({
            "payment_request_id": format!("krn:payment:eu1:payment-request:{sample}"),
            "payment_request_reference": sample,
            "state": state.to_ascii_uppercase().replace('-', "_"),
        });
        if event_type == crate::webhook::COMPLETED {
            let token = format!("krn:sandbox:eu1:session-token:{sample}");
            p["klarna_network_session_token"] = json!(token);
            p["state_context"] = json!({ "klarna_network_session_token": token });
        }
        p
    } else if event_type.starts_with("payment.transaction.") {
        json!({ "payment_transaction_id": format!("krn:payment:eu1:transaction:{sample}") })
    } else {
        json!({ "partner_account_id": format!("krn:partner:global:account:{sample}") })
    };
    json!({
        "metadata": {
            "event_type": event_type,
            "event_id": format!("sandbox-simulated-{}", ids::random_hex(16)),
            "event_version": crate::klarna::notifications::EVENT_VERSION,
            "occurred_at": clock::format(clock::now()),
            "subject_account_id": "sandbox",
            "recipient_account_id": "sandbox",
            "product_instance_id": "sandbox",
            "webhook_id": webhook_id,
            "live": false,
            "simulated": true,
        },
        "payload": payload,
    })
}
