//! `impl SharedStateStore for PgStore`.

use super::super::{documents, keys, PgStore};
use crate::store::{SharedStateStore, StoreResult};
use async_trait::async_trait;

#[async_trait]
impl SharedStateStore for PgStore {
    async fn rate_limit_hit(&self, key: &str, window_start: i64) -> StoreResult<u64> {
        keys::rate_limit_hit(&self.pool, key, window_start).await
    }

    async fn rate_limit_count(&self, key: &str, window_start: i64) -> StoreResult<u64> {
        keys::rate_limit_count(&self.pool, key, window_start).await
    }

    async fn shared_value(&self, name: &str, candidate: &str) -> StoreResult<String> {
        keys::shared_value(&self.pool, name, candidate).await
    }

    async fn document(&self, name: &str) -> StoreResult<Option<(serde_json::Value, i64)>> {
        documents::read(&self.pool, name).await
    }

    async fn write_document(
        &self,
        name: &str,
        data: &serde_json::Value,
        expected_version: i64,
    ) -> StoreResult<bool> {
        documents::write(&self.pool, name, data, expected_version).await
    }
}
