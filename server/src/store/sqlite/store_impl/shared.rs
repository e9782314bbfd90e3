//! `impl SharedStateStore for SqliteStore`.

use super::super::{documents, keys, SqliteStore};
use crate::store::{SharedStateStore, StoreResult};
use async_trait::async_trait;
use std::sync::atomic::Ordering;

#[async_trait]
impl SharedStateStore for SqliteStore {
    async fn rate_limit_hit(&self, key: &str, window_start: i64) -> StoreResult<u64> {
        let key = key.to_string();
        let prune = self.rate_hits.fetch_add(1, Ordering::Relaxed) % 1024 == 1023;
        Self::run_on(self.rate_conn.clone(), move |c| {
            if prune {
                keys::prune_rate_limits(c, window_start)?;
            }
            keys::rate_limit_hit(c, &key, window_start)
        })
        .await
    }

    async fn rate_limit_count(&self, key: &str, window_start: i64) -> StoreResult<u64> {
        let key = key.to_string();
        Self::run_on(self.rate_conn.clone(), move |c| {
            keys::rate_limit_count(c, &key, window_start)
        })
        .await
    }

    async fn shared_value(&self, name: &str, candidate: &str) -> StoreResult<String> {
        let (name, candidate) = (name.to_string(), candidate.to_string());
        self.run(move |c| keys::shared_value(c, &name, &candidate))
            .await
    }

    async fn document(&self, name: &str) -> StoreResult<Option<(serde_json::Value, i64)>> {
        let name = name.to_string();
        self.run(move |c| documents::read(c, &name)).await
    }

    async fn write_document(
        &self,
        name: &str,
        data: &serde_json::Value,
        expected_version: i64,
    ) -> StoreResult<bool> {
        let (name, data) = (name.to_string(), data.clone());
        self.run(move |c| documents::write(c, &name, &data, expected_version))
            .await
    }
}
