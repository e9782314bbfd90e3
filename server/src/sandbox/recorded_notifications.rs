//! [`RecordedNotifications`]: the sandbox's Notifications API calls as
//! recordings, like [`super::recorded::RecordedKlarna`] does for the payment
//! API: the request the real client sends (paths and bodies of
//! [`crate::klarna::notifications_wire`]) and the emulator's answer in Klarna's
//! shapes ([`super::shapes`]).

use super::shapes;
use crate::klarna::notifications::{KlarnaNotifications, NewSigningKey, Webhook, WebhookSpec};
use crate::klarna::notifications_wire as wire;
use crate::klarna::recording::{self, Exchange, Recorder};
use crate::klarna::KlarnaError;
use async_trait::async_trait;
use serde_json::{json, Value};
use std::sync::Arc;

/// A Notifications API client whose every call is recorded.
pub struct RecordedNotifications {
    inner: Arc<dyn KlarnaNotifications>,
    recorder: Arc<Recorder>,
}

impl RecordedNotifications {
    /// Records `inner`'s calls with `recorder`.
    pub fn new(inner: Arc<dyn KlarnaNotifications>, recorder: Arc<Recorder>) -> Self {
        RecordedNotifications { inner, recorder }
    }

    fn write(
        &self,
        operation: &str,
        (method, path, body): (&str, String, Option<Value>),
        answer: Result<(u16, Option<Value>), &KlarnaError>,
    ) {
        let (status, out) = match answer {
            Ok(a) => a,
            Err(e) => {
                let (s, b) = shapes::error(e);
                (s, Some(b))
            }
        };
        self.recorder.record(&Exchange {
            operation: operation.to_string(),
            request: recording::Request {
                method: method.into(),
                path,
                query: None,
                headers: vec![("content-type".into(), "application/json".into())],
                body,
            },
            response: Some(recording::Response {
                status,
                headers: vec![("content-type".into(), "application/json".into())],
                body: out,
            }),
            ..Default::default()
        });
    }
}

#[async_trait]
impl KlarnaNotifications for RecordedNotifications {
    async fn create_signing_key(&self) -> Result<NewSigningKey, KlarnaError> {
        let r = self.inner.create_signing_key().await;
        let answer = r.as_ref().map(|k| (201, Some(shapes::signing_key(k))));
        let req = ("POST", wire::SIGNING_KEYS.to_string(), Some(json!({})));
        self.write("signing_key_create", req, answer);
        r
    }

    async fn delete_signing_key(&self, id: &str) -> Result<(), KlarnaError> {
        let r = self.inner.delete_signing_key(id).await;
        let req = ("DELETE", wire::signing_key_path(id), None);
        self.write("signing_key_delete", req, r.as_ref().map(|_| (204, None)));
        r
    }

    async fn list_webhooks(&self) -> Result<Vec<Webhook>, KlarnaError> {
        let r = self.inner.list_webhooks().await;
        let answer = r.as_ref().map(|ws| {
            let items: Vec<Value> = ws.iter().map(shapes::webhook).collect();
            (200, Some(json!({ "webhooks": items })))
        });
        self.write(
            "webhook_list",
            ("GET", wire::WEBHOOKS.to_string(), None),
            answer,
        );
        r
    }

    async fn create_webhook(&self, spec: &WebhookSpec) -> Result<Webhook, KlarnaError> {
        let r = self.inner.create_webhook(spec).await;
        let answer = r.as_ref().map(|w| (201, Some(shapes::webhook(w))));
        let req = (
            "POST",
            wire::WEBHOOKS.to_string(),
            Some(wire::webhook_body(spec)),
        );
        self.write("webhook_create", req, answer);
        r
    }

    async fn update_webhook(&self, id: &str, spec: &WebhookSpec) -> Result<Webhook, KlarnaError> {
        let r = self.inner.update_webhook(id, spec).await;
        let answer = r.as_ref().map(|w| (200, Some(shapes::webhook(w))));
        let req = (
            "PATCH",
            wire::webhook_path(id),
            Some(wire::webhook_body(spec)),
        );
        self.write("webhook_update", req, answer);
        r
    }

    async fn simulate(&self, id: &str, event_type: &str) -> Result<(), KlarnaError> {
        let r = self.inner.simulate(id, event_type).await;
        let req = (
            "POST",
            wire::simulate_path(id),
            Some(wire::simulate_body(event_type)),
        );
        self.write("webhook_simulate", req, r.as_ref().map(|_| (202, None)));
        r
    }
}
