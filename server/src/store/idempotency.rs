//! Idempotency: reservations of `(scope, key)` with their stored answers, on
//! which the payment lock is built.

use super::{IdempotencyBegin, StoreResult};
use async_trait::async_trait;
use time::OffsetDateTime;

/// Idempotency records and the payment lock built on them.
#[async_trait]
pub trait IdempotencyStore: Send + Sync {
    /// Starts an idempotent request: reserves `(scope, key)` for this
    /// `request_hash`, or reports the stored answer, a mismatch or a request
    /// still in flight. Reservations older than `stale_after` are taken over.
    ///
    /// Atomic across instances: of any number of concurrent callers with the
    /// same `(scope, key)`, exactly one gets [`IdempotencyBegin::Proceed`]
    /// (SQLite: `BEGIN IMMEDIATE`; PostgreSQL: the row's primary key and a
    /// `FOR UPDATE` row lock). The payment lock is built on this.
    async fn idempotency_begin(
        &self,
        scope: &str,
        key: &str,
        request_hash: &str,
        at: OffsetDateTime,
        stale_after: time::Duration,
    ) -> StoreResult<IdempotencyBegin>;
    /// Stores the answer of a reserved request, with the session it is
    /// about (when it names one): erasing that session's personal data
    /// erases it from `body` too ([`super::PersonalDataStore`]).
    async fn idempotency_complete(
        &self,
        scope: &str,
        key: &str,
        status: u16,
        body: &[u8],
        session: Option<&str>,
    ) -> StoreResult<()>;
    /// Renews a reservation still in flight (its holder is alive), so it is
    /// not taken over as stale; a no-op once the answer is stored.
    async fn idempotency_touch(
        &self,
        scope: &str,
        key: &str,
        at: OffsetDateTime,
    ) -> StoreResult<()>;
    /// Drops a reservation whose request failed retryably.
    async fn idempotency_abandon(&self, scope: &str, key: &str) -> StoreResult<()>;
    /// Forgets idempotency records created before `before` (keys are kept
    /// at least 24 hours; the caller picks `before`).
    async fn prune_idempotency(&self, before: OffsetDateTime) -> StoreResult<u64>;
}
