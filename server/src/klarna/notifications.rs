//! Klarna's Notifications API as the server uses it to manage its own
//! webhook subscription ([`crate::subscription`]): signing keys (created,
//! deleted) and webhooks (listed, created, updated, simulated). The real
//! client is [`RealNotifications`]; the sandbox emulates the API offline and
//! really sends the simulated events ([`crate::sandbox::SandboxNotifications`]). The JSON
//! shapes are in [`notifications_wire`] (one place, inferred parts marked).
//!
//! [`notifications_wire`]: super::notifications_wire

use super::KlarnaError;
use crate::settings::Secret;
use async_trait::async_trait;

pub use super::notifications_real::RealNotifications;

/// The event types the server handles ([`crate::jobs::klarna_event`]),
/// which its subscription asks for.
pub const HANDLED_EVENT_TYPES: &[&str] = &[
    "payment.request.state-change.completed",
    "payment.request.state-change.expired",
    "payment.request.state-change.canceled",
    "payment.request.state-change.declined",
    "payment.transaction.captured",
    "payment.transaction.refunded",
    "payment.transaction.voided",
    "payment.transaction.expired",
    "partner.account.state-change.operational",
    "partner.account.state-change.disabled",
];

/// The event version the server reads (`metadata.event_version`).
pub const EVENT_VERSION: &str = "v2";

/// A signing key Klarna just created (its secret is shown this once).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSigningKey {
    /// `signing_key_id` (the `Klarna-Signing-Key-Id` of events it signs).
    pub signing_key_id: String,
    /// The HMAC secret.
    pub secret: Secret,
}

/// What a webhook subscription asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookSpec {
    /// Where Klarna posts the events.
    pub url: String,
    /// The event types.
    pub event_types: Vec<String>,
    /// The signing key Klarna signs them with.
    pub signing_key_id: String,
}

/// A webhook subscription at Klarna.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Webhook {
    /// `webhook_id`.
    pub webhook_id: String,
    /// Its URL, when Klarna's answer shows it.
    pub url: Option<String>,
    /// Its event types.
    pub event_types: Vec<String>,
    /// The key it signs with.
    pub signing_key_id: Option<String>,
    /// `ENABLED` or `DISABLED`.
    pub status: String,
}

impl Webhook {
    /// Whether it delivers what `spec` asks for, signed with `spec`'s key.
    pub fn matches(&self, spec: &WebhookSpec) -> bool {
        let mut have = self.event_types.clone();
        let mut want = spec.event_types.clone();
        have.sort();
        want.sort();
        self.status == "ENABLED"
            && have == want
            && self.signing_key_id.as_deref() == Some(spec.signing_key_id.as_str())
    }
}

/// Klarna's Notifications API.
#[async_trait]
pub trait KlarnaNotifications: Send + Sync + 'static {
    /// `POST /v2/notification/signing-keys`.
    async fn create_signing_key(&self) -> Result<NewSigningKey, KlarnaError>;
    /// `DELETE /v2/notification/signing-keys/{id}` (an unknown key is no error).
    async fn delete_signing_key(&self, signing_key_id: &str) -> Result<(), KlarnaError>;
    /// `GET /v2/notification/webhooks`.
    async fn list_webhooks(&self) -> Result<Vec<Webhook>, KlarnaError>;
    /// `POST /v2/notification/webhooks`.
    async fn create_webhook(&self, spec: &WebhookSpec) -> Result<Webhook, KlarnaError>;
    /// `PATCH /v2/notification/webhooks/{id}`: new event types or signing key.
    async fn update_webhook(
        &self,
        webhook_id: &str,
        spec: &WebhookSpec,
    ) -> Result<Webhook, KlarnaError>;
    /// `POST /v2/notification/webhooks/{id}/simulate`: Klarna sends a test
    /// event of `event_type` to the webhook's URL.
    async fn simulate(&self, webhook_id: &str, event_type: &str) -> Result<(), KlarnaError>;
}
