//! [`RealNotifications`]: Klarna's Notifications API over HTTPS, with the
//! payment client's connection, credentials, time-outs and recordings.

use super::notifications::{KlarnaNotifications, NewSigningKey, Webhook, WebhookSpec};
use super::notifications_wire as wire;
use super::{KlarnaError, RealKlarna};
use async_trait::async_trait;
use reqwest::Method;
use serde_json::json;

/// The real Notifications API client.
#[derive(Clone, Debug)]
pub struct RealNotifications {
    client: RealKlarna,
}

impl RealNotifications {
    /// A client sharing `client`'s connection, base URL, key and recorder.
    pub fn new(client: RealKlarna) -> RealNotifications {
        RealNotifications { client }
    }
}

fn absent_is_fine(r: Result<serde_json::Value, KlarnaError>) -> Result<(), KlarnaError> {
    match r {
        Ok(_) | Err(KlarnaError::Rejected { status: 404, .. }) => Ok(()),
        Err(e) => Err(e),
    }
}

#[async_trait]
impl KlarnaNotifications for RealNotifications {
    async fn create_signing_key(&self) -> Result<NewSigningKey, KlarnaError> {
        let rb = self
            .client
            .request(Method::POST, wire::SIGNING_KEYS)
            .json(&json!({}));
        wire::parse_signing_key(&self.client.send("signing_key_create", rb).await?)
    }

    async fn delete_signing_key(&self, id: &str) -> Result<(), KlarnaError> {
        let rb = self
            .client
            .request(Method::DELETE, &wire::signing_key_path(id));
        absent_is_fine(self.client.send("signing_key_delete", rb).await)
    }

    async fn list_webhooks(&self) -> Result<Vec<Webhook>, KlarnaError> {
        let rb = self.client.request(Method::GET, wire::WEBHOOKS);
        wire::parse_webhooks(&self.client.send("webhook_list", rb).await?)
    }

    async fn create_webhook(&self, spec: &WebhookSpec) -> Result<Webhook, KlarnaError> {
        let rb = self
            .client
            .request(Method::POST, wire::WEBHOOKS)
            .json(&wire::webhook_body(spec));
        wire::parse_webhook(&self.client.send("webhook_create", rb).await?)
    }

    async fn update_webhook(&self, id: &str, spec: &WebhookSpec) -> Result<Webhook, KlarnaError> {
        let rb = self
            .client
            .request(Method::PATCH, &wire::webhook_path(id))
            .json(&wire::webhook_body(spec));
        let v = self.client.send("webhook_update", rb).await?;
        // An empty answer (204) means it took the change as asked.
        if v.is_null() {
            return Ok(Webhook {
                webhook_id: id.to_string(),
                url: Some(spec.url.clone()),
                event_types: spec.event_types.clone(),
                signing_key_id: Some(spec.signing_key_id.clone()),
                status: "ENABLED".into(),
            });
        }
        wire::parse_webhook(&v)
    }

    async fn simulate(&self, id: &str, event_type: &str) -> Result<(), KlarnaError> {
        let rb = self
            .client
            .request(Method::POST, &wire::simulate_path(id))
            .json(&wire::simulate_body(event_type));
        self.client.send("webhook_simulate", rb).await.map(|_| ())
    }
}
