//! `impl NotificationStore for PgStore`.

use super::super::{notifications, PgStore};
use crate::store::{DeliveryAttempt, EndpointRecord, EventSummary, NotificationStore, StoreResult};
use async_trait::async_trait;

#[async_trait]
impl NotificationStore for PgStore {
    async fn insert_endpoint(&self, e: &EndpointRecord) -> StoreResult<()> {
        notifications::insert_endpoint(&self.pool, e).await
    }

    async fn insert_endpoint_within(&self, e: &EndpointRecord, max: usize) -> StoreResult<bool> {
        notifications::insert_endpoint_within(&self.pool, e, max).await
    }

    async fn endpoints(&self, merchant_id: &str) -> StoreResult<Vec<EndpointRecord>> {
        notifications::endpoints(&self.pool, merchant_id).await
    }

    async fn endpoint(&self, id: &str) -> StoreResult<Option<EndpointRecord>> {
        notifications::endpoint(&self.pool, id).await
    }

    async fn delete_endpoint(&self, merchant_id: &str, id: &str) -> StoreResult<bool> {
        notifications::delete_endpoint(&self.pool, merchant_id, id).await
    }

    async fn event(&self, id: &str) -> StoreResult<Option<EventSummary>> {
        notifications::event(&self.pool, id).await
    }

    async fn events_of(
        &self,
        merchant_id: &str,
        delivered: Option<bool>,
        limit: u32,
    ) -> StoreResult<Vec<EventSummary>> {
        notifications::events_of(&self.pool, merchant_id, delivered, limit).await
    }

    async fn record_delivery(&self, a: &DeliveryAttempt) -> StoreResult<()> {
        notifications::record_delivery(&self.pool, a).await
    }

    async fn start_delivery(
        &self,
        event_id: &str,
        endpoint_id: &str,
        again: bool,
    ) -> StoreResult<()> {
        notifications::start_delivery(&self.pool, event_id, endpoint_id, again).await
    }

    async fn delivery_attempts(&self, event_id: &str) -> StoreResult<Vec<DeliveryAttempt>> {
        notifications::attempts(&self.pool, event_id).await
    }
}
