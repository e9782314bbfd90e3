//! [`SandboxNotifications`]: Klarna's Notifications API emulated offline.
//! Its signing keys and webhooks live in one store document (every
//! instance sees them); `simulate` really sends a signed test event to the
//! webhook's URL, and the sandbox's journeys deliver their events through
//! the subscription that asks for them ([`SandboxNotifications::delivery_for`]),
//! signed with its key, as Klarna would. Every call is kept in the
//! document's log, so tests see what reached "Klarna".

use super::journey::spawn_signed_delivery;
use super::notifications::{KlarnaNotifications, NewSigningKey, Webhook, WebhookSpec};
use super::KlarnaError;
use crate::settings::{Secret, SigningKey};
use crate::store::Store;
use crate::{clock, ids};
use async_trait::async_trait;
use serde_json::{json, Value};
use std::sync::Arc;

/// The store document of the emulated Notifications API.
pub const DOCUMENT: &str = "sandbox.klarna.notifications";
/// Klarna's limit of signing keys per account.
pub const MAX_SIGNING_KEYS: usize = 50;

/// The emulated Notifications API.
#[derive(Clone)]
pub struct SandboxNotifications {
    store: Arc<dyn Store>,
    http: reqwest::Client,
}

fn upstream(e: impl std::fmt::Display) -> KlarnaError {
    KlarnaError::Upstream(e.to_string())
}

fn refused(status: u16, m: impl Into<String>) -> KlarnaError {
    KlarnaError::Rejected {
        status,
        message: m.into(),
    }
}

fn webhook_of(w: &Value) -> Webhook {
    super::notifications_wire::parse_webhook(w).unwrap_or(Webhook {
        webhook_id: String::new(),
        url: None,
        event_types: vec![],
        signing_key_id: None,
        status: "DISABLED".into(),
    })
}

impl SandboxNotifications {
    /// An emulator keeping its state in `store`, sending events with `http`.
    pub fn new(store: Arc<dyn Store>, http: reqwest::Client) -> SandboxNotifications {
        SandboxNotifications { store, http }
    }

    /// Applies `change` to the document (compare-and-set, retried), logging
    /// `call`; answers what `change` answered.
    async fn change<T>(
        &self,
        call: &str,
        mut change: impl FnMut(&mut Value) -> Result<T, KlarnaError>,
    ) -> Result<T, KlarnaError> {
        for _ in 0..50 {
            let (mut doc, version) = self
                .store
                .document(DOCUMENT)
                .await
                .map_err(upstream)?
                .unwrap_or((json!({"signing_keys": {}, "webhooks": [], "calls": []}), 0));
            let out = change(&mut doc);
            let outcome = if out.is_ok() { "performed" } else { "refused" };
            if let Some(log) = doc["calls"].as_array_mut() {
                log.push(
                    json!({"call": call, "outcome": outcome, "at": clock::format(clock::now())}),
                );
                let over = log.len().saturating_sub(200);
                log.drain(..over);
            }
            if self
                .store
                .write_document(DOCUMENT, &doc, version)
                .await
                .map_err(upstream)?
            {
                return out;
            }
        }
        Err(upstream("the sandbox's notification settings are busy"))
    }

    async fn read(&self) -> Result<Value, KlarnaError> {
        Ok(self
            .store
            .document(DOCUMENT)
            .await
            .map_err(upstream)?
            .map(|(d, _)| d)
            .unwrap_or(json!({"signing_keys": {}, "webhooks": [], "calls": []})))
    }

    /// Where the sandbox delivers events of `event_type`, signed with which
    /// key: the first enabled webhook subscribed to it (exactly or by a
    /// `prefix.*` wildcard), when any.
    pub async fn delivery_for(&self, event_type: &str) -> Option<(String, SigningKey)> {
        let doc = self.read().await.ok()?;
        doc["webhooks"].as_array()?.iter().find_map(|w| {
            let wh = webhook_of(w);
            let wanted = wh.event_types.iter().any(|t| {
                t == event_type
                    || t.strip_suffix('*')
                        .is_some_and(|prefix| event_type.starts_with(prefix))
            });
            if wh.status != "ENABLED" || !wanted {
                return None;
            }
            let key_id = wh.signing_key_id?;
            let secret = doc["signing_keys"][&key_id].as_str()?;
            Some((
                wh.url?,
                SigningKey {
                    key_id,
                    secret: Secret::new(secret),
                },
            ))
        })
    }

    /// The calls the emulated API received, oldest first (tests).
    pub async fn calls(&self) -> Result<Vec<Value>, KlarnaError> {
        Ok(self.read().await?["calls"]
            .as_array()
            .cloned()
            .unwrap_or_default())
    }
}

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
        "event_version": super::notifications::EVENT_VERSION, "signing_key_id": spec.signing_key_id,
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
            "event_version": super::notifications::EVENT_VERSION,
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
