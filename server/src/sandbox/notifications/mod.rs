//! [`SandboxNotifications`]: Klarna's Notifications API emulated offline.
//! Its signing keys and webhooks live in one store document (every
//! instance sees them); `simulate` really sends a signed test event to the
//! webhook's URL, and the sandbox's journeys deliver their events through
//! the subscription that asks for them ([`SandboxNotifications::delivery_for`]),
//! signed with its key, as Klarna would. Every call is kept in the
//! document's log, so tests see what reached "Klarna".
//!
//! This file holds the emulator's state (the document, read and changed by
//! compare-and-set); its API calls are in `api.rs`.

use crate::clock;
use crate::klarna::notifications::Webhook;
use crate::klarna::KlarnaError;
use crate::settings::{Secret, SigningKey};
use crate::store::Store;
use serde_json::{json, Value};
use std::sync::Arc;

mod api;

pub use api::simulated_envelope;

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
    crate::klarna::notifications_wire::parse_webhook(w).unwrap_or(Webhook {
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
