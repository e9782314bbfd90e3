//! `impl IdempotencyStore for PgStore`.

use super::super::{keys, payments, PgStore};
use crate::store::{IdempotencyBegin, IdempotencyStore, StoreResult};
use async_trait::async_trait;
use time::OffsetDateTime;

#[async_trait]
impl IdempotencyStore for PgStore {
    async fn idempotency_begin(
        &self,
        scope: &str,
        key: &str,
        request_hash: &str,
        at: OffsetDateTime,
        stale_after: time::Duration,
    ) -> StoreResult<IdempotencyBegin> {
        let ask = keys::Begin {
            scope,
            key,
            hash: request_hash,
            at,
            stale_after,
        };
        keys::idempotency_begin(&self.pool, &ask, self.holder.as_deref()).await
    }

    async fn idempotency_complete(
        &self,
        scope: &str,
        key: &str,
        status: u16,
        body: &[u8],
        session: Option<&str>,
    ) -> StoreResult<()> {
        let answer = keys::Answer {
            status,
            body,
            session,
        };
        keys::idempotency_complete(&self.pool, scope, key, &answer).await
    }

    async fn idempotency_touch(
        &self,
        scope: &str,
        key: &str,
        at: OffsetDateTime,
    ) -> StoreResult<()> {
        keys::idempotency_touch(&self.pool, scope, key, at).await
    }

    async fn idempotency_abandon(&self, scope: &str, key: &str) -> StoreResult<()> {
        keys::idempotency_abandon(&self.pool, scope, key).await
    }

    async fn prune_idempotency(&self, before: OffsetDateTime) -> StoreResult<u64> {
        payments::prune_idempotency(&self.pool, before).await
    }
}
