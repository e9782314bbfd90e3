//! State shared by every instance that is none of the other concepts: rate-limit
//! counters, generated secrets and versioned JSON documents.

use super::StoreResult;
use async_trait::async_trait;

/// State every instance shares: rate-limit counters, shared values and versioned documents.
#[async_trait]
pub trait SharedStateStore: Send + Sync {
    /// Counts one request of `key` in the fixed window starting at
    /// `window_start` (unix seconds) and returns the requests counted in that
    /// window so far, this one included. One atomic upsert, so every
    /// instance on the store shares the counter; a newer window resets it.
    async fn rate_limit_hit(&self, key: &str, window_start: i64) -> StoreResult<u64>;
    /// The requests of `key` counted in the window starting at
    /// `window_start` so far (0 when none, or only in an older window),
    /// without counting one.
    async fn rate_limit_count(&self, key: &str, window_start: i64) -> StoreResult<u64>;
    /// Returns the value stored under `name`, storing `candidate` first if
    /// there is none (shared generated secrets such as the sandbox's signing key).
    /// The first value stored wins for every instance, however many race.
    async fn shared_value(&self, name: &str, candidate: &str) -> StoreResult<String>;
    /// A versioned JSON document every instance shares (the Klarna webhook
    /// subscription with its signing keys, the sandbox's Notifications API),
    /// with its version; `None` when never written.
    async fn document(&self, name: &str) -> StoreResult<Option<(serde_json::Value, i64)>>;
    /// Writes document `name` if it is still at `expected_version` (0: a new
    /// one), bumping the version; `false` (nothing written) when another
    /// write came first.
    async fn write_document(
        &self,
        name: &str,
        data: &serde_json::Value,
        expected_version: i64,
    ) -> StoreResult<bool>;
}
