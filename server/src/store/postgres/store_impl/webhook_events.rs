//! `impl WebhookEventStore for PgStore`.

use super::super::{jobs, keys, PgStore};
use crate::store::{NewJob, StoreResult, WebhookEventStore};
use async_trait::async_trait;
use time::OffsetDateTime;

#[async_trait]
impl WebhookEventStore for PgStore {
    async fn claim_webhook_event(
        &self,
        event_id: &str,
        event_type: &str,
        at: OffsetDateTime,
    ) -> StoreResult<bool> {
        keys::claim_webhook_event(&self.pool, event_id, event_type, at).await
    }

    async fn release_webhook_event(&self, event_id: &str) -> StoreResult<()> {
        keys::release_webhook_event(&self.pool, event_id).await
    }

    async fn accept_klarna_event(
        &self,
        event_id: &str,
        event_type: &str,
        job: &NewJob,
        at: OffsetDateTime,
    ) -> StoreResult<bool> {
        jobs::accept_klarna_event(&self.pool, event_id, event_type, job, at).await
    }
}
