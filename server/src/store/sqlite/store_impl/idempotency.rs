//! `impl IdempotencyStore for SqliteStore`.

use super::super::{keys, payments, SqliteStore};
use crate::store::{IdempotencyBegin, IdempotencyStore, StoreResult};
use async_trait::async_trait;
use time::OffsetDateTime;

#[async_trait]
impl IdempotencyStore for SqliteStore {
    async fn idempotency_begin(
        &self,
        scope: &str,
        key: &str,
        request_hash: &str,
        at: OffsetDateTime,
        stale_after: time::Duration,
    ) -> StoreResult<IdempotencyBegin> {
        let (scope, key, hash) = (scope.to_string(), key.to_string(), request_hash.to_string());
        let holder = self.holder.clone();
        self.run(move |c| {
            let ask = keys::Begin {
                scope: &scope,
                key: &key,
                hash: &hash,
                at,
                stale_after,
            };
            keys::idempotency_begin(c, &ask, holder.as_deref())
        })
        .await
    }

    async fn idempotency_complete(
        &self,
        scope: &str,
        key: &str,
        status: u16,
        body: &[u8],
        session: Option<&str>,
    ) -> StoreResult<()> {
        let (scope, key, body) = (scope.to_string(), key.to_string(), body.to_vec());
        let session = session.map(str::to_string);
        self.run(move |c| {
            let answer = keys::Answer {
                status,
                body: &body,
                session: session.as_deref(),
            };
            keys::idempotency_complete(c, &scope, &key, &answer)
        })
        .await
    }

    async fn idempotency_touch(
        &self,
        scope: &str,
        key: &str,
        at: OffsetDateTime,
    ) -> StoreResult<()> {
        let (scope, key) = (scope.to_string(), key.to_string());
        self.run(move |c| keys::idempotency_touch(c, &scope, &key, at))
            .await
    }

    async fn idempotency_abandon(&self, scope: &str, key: &str) -> StoreResult<()> {
        let (scope, key) = (scope.to_string(), key.to_string());
        self.run(move |c| keys::idempotency_abandon(c, &scope, &key))
            .await
    }

    async fn prune_idempotency(&self, before: OffsetDateTime) -> StoreResult<u64> {
        self.run(move |c| payments::prune_idempotency(c, before))
            .await
    }
}
