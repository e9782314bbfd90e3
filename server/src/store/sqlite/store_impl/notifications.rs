//! `impl NotificationStore for SqliteStore`.

use super::super::{notifications, SqliteStore};
use crate::store::{DeliveryAttempt, EndpointRecord, EventSummary, NotificationStore, StoreResult};
use async_trait::async_trait;

#[async_trait]
impl NotificationStore for SqliteStore {
    async fn insert_endpoint(&self, e: &EndpointRecord) -> StoreResult<()> {
        let e = e.clone();
        self.run(move |c| notifications::insert_endpoint(c, &e))
            .await
    }

    async fn insert_endpoint_within(&self, e: &EndpointRecord, max: usize) -> StoreResult<bool> {
        let e = e.clone();
        self.run(move |c| notifications::insert_endpoint_within(c, &e, max))
            .await
    }

    async fn endpoints(&self, merchant_id: &str) -> StoreResult<Vec<EndpointRecord>> {
        let m = merchant_id.to_string();
        self.run(move |c| notifications::endpoints(c, &m)).await
    }

    async fn endpoint(&self, id: &str) -> StoreResult<Option<EndpointRecord>> {
        let id = id.to_string();
        self.run(move |c| notifications::endpoint(c, &id)).await
    }

    async fn delete_endpoint(&self, merchant_id: &str, id: &str) -> StoreResult<bool> {
        let (m, id) = (merchant_id.to_string(), id.to_string());
        self.run(move |c| notifications::delete_endpoint(c, &m, &id))
            .await
    }

    async fn event(&self, id: &str) -> StoreResult<Option<EventSummary>> {
        let id = id.to_string();
        self.run(move |c| notifications::event(c, &id)).await
    }

    async fn events_of(
        &self,
        merchant_id: &str,
        delivered: Option<bool>,
        limit: u32,
    ) -> StoreResult<Vec<EventSummary>> {
        let m = merchant_id.to_string();
        self.run(move |c| notifications::events_of(c, &m, delivered, limit))
            .await
    }

    async fn record_delivery(&self, a: &DeliveryAttempt) -> StoreResult<()> {
        let a = a.clone();
        self.run(move |c| notifications::record_delivery(c, &a))
            .await
    }

    async fn start_delivery(
        &self,
        event_id: &str,
        endpoint_id: &str,
        again: bool,
    ) -> StoreResult<()> {
        let (e, p) = (event_id.to_string(), endpoint_id.to_string());
        self.run(move |c| notifications::start_delivery(c, &e, &p, again))
            .await
    }

    async fn delivery_attempts(&self, event_id: &str) -> StoreResult<Vec<DeliveryAttempt>> {
        let e = event_id.to_string();
        self.run(move |c| notifications::attempts(c, &e)).await
    }
}
