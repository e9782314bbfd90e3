//! `impl WebhookEventStore for SqliteStore`.

use super::super::{jobs, keys, SqliteStore};
use crate::store::{NewJob, StoreResult, WebhookEventStore};
use async_trait::async_trait;
use time::OffsetDateTime;

#[async_trait]
impl WebhookEventStore for SqliteStore {
    async fn claim_webhook_event(
        &self,
        event_id: &str,
        event_type: &str,
        at: OffsetDateTime,
    ) -> StoreResult<bool> {
        let (id, ty) = (event_id.to_string(), event_type.to_string());
        self.run(move |c| keys::claim_webhook_event(c, &id, &ty, at))
            .await
    }

    async fn release_webhook_event(&self, event_id: &str) -> StoreResult<()> {
        let id = event_id.to_string();
        self.run(move |c| keys::release_webhook_event(c, &id)).await
    }

    async fn accept_klarna_event(
        &self,
        event_id: &str,
        event_type: &str,
        job: &NewJob,
        at: OffsetDateTime,
    ) -> StoreResult<bool> {
        let (id, ty, job) = (event_id.to_string(), event_type.to_string(), job.clone());
        self.run(move |c| jobs::accept_klarna_event(c, &id, &ty, &job, at))
            .await
    }
}
