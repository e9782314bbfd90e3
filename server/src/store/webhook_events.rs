//! Klarna webhook events: claiming an event id once (dedupe across instances)
//! and accepting an event together with the job that handles it.

use super::{NewJob, StoreResult};
use async_trait::async_trait;
use time::OffsetDateTime;

/// Klarna webhook event ids, each handled once across instances.
#[async_trait]
pub trait WebhookEventStore: Send + Sync {
    /// Claims a webhook event id; `false` when it was seen before.
    async fn claim_webhook_event(
        &self,
        event_id: &str,
        event_type: &str,
        at: OffsetDateTime,
    ) -> StoreResult<bool>;
    /// Forgets a claimed event whose handling failed, so a redelivery runs again.
    async fn release_webhook_event(&self, event_id: &str) -> StoreResult<()>;
    /// Claims Klarna webhook event `event_id` and enqueues `job` for it in one
    /// transaction; `false` (nothing enqueued) when it was seen before.
    async fn accept_klarna_event(
        &self,
        event_id: &str,
        event_type: &str,
        job: &NewJob,
        at: OffsetDateTime,
    ) -> StoreResult<bool>;
}
