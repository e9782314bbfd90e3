//! Merchant notifications: endpoints, events and their delivery attempts.

use super::{DeliveryAttempt, EndpointRecord, EventSummary, StoreResult};
use async_trait::async_trait;

/// Merchant notification endpoints, events and delivery attempts.
#[async_trait]
pub trait NotificationStore: Send + Sync {
    /// Adds a notification endpoint.
    async fn insert_endpoint(&self, e: &EndpointRecord) -> StoreResult<()>;
    /// Adds a notification endpoint unless its merchant has `max` live ones
    /// already (then `false`), as one step: concurrent calls, on this
    /// instance or others, never take a merchant past `max`.
    async fn insert_endpoint_within(&self, e: &EndpointRecord, max: usize) -> StoreResult<bool>;
    /// A merchant's live endpoints, oldest first.
    async fn endpoints(&self, merchant_id: &str) -> StoreResult<Vec<EndpointRecord>>;
    /// One endpoint (deleted ones too, for the delivery log).
    async fn endpoint(&self, id: &str) -> StoreResult<Option<EndpointRecord>>;
    /// Deletes a merchant's endpoint; `false` when it has none by that id.
    async fn delete_endpoint(&self, merchant_id: &str, id: &str) -> StoreResult<bool>;
    /// One event with its delivery counts.
    async fn event(&self, id: &str) -> StoreResult<Option<EventSummary>>;
    /// A merchant's events, newest first; `delivered` filters on "every
    /// endpoint it went to answered 2xx" (and at least one did).
    async fn events_of(
        &self,
        merchant_id: &str,
        delivered: Option<bool>,
        limit: u32,
    ) -> StoreResult<Vec<EventSummary>>;
    /// Records a delivery attempt (and the delivery as done when it was).
    async fn record_delivery(&self, a: &DeliveryAttempt) -> StoreResult<()>;
    /// Marks that an event is being sent to an endpoint (counted from now).
    /// Only a redelivery (`again`) marks a delivered one as pending again: a
    /// fan-out run twice (its instance died before finishing the job) must
    /// not undo a delivery made in between, which no job would redo.
    async fn start_delivery(
        &self,
        event_id: &str,
        endpoint_id: &str,
        again: bool,
    ) -> StoreResult<()>;
    /// Every attempt of an event, oldest first.
    async fn delivery_attempts(&self, event_id: &str) -> StoreResult<Vec<DeliveryAttempt>>;
}
