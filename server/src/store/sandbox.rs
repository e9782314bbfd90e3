//! [`SandboxStore`]: the emulated Klarna's payment requests (sandbox mode
//! only). Kept out of the production [`Store`](super::Store) so no production
//! path can reach them; every backend implements both.

use super::{SandboxCall, SandboxRequest, StoreResult};
use async_trait::async_trait;
use time::OffsetDateTime;

/// What the sandbox's emulated Klarna keeps, shared by every instance.
#[async_trait]
pub trait SandboxStore: Send + Sync + 'static {
    /// Stores a payment request of the emulated Klarna.
    async fn insert_sandbox_request(&self, r: &SandboxRequest) -> StoreResult<()>;
    /// Reads a payment request of the emulated Klarna.
    async fn sandbox_request(&self, id: &str) -> StoreResult<Option<SandboxRequest>>;
    /// Compare-and-set of an emulated payment request's state, storing the
    /// issued token with it; `false` when it was not in `from`.
    async fn sandbox_transition(
        &self,
        id: &str,
        from: &str,
        to: &str,
        token: Option<&str>,
        at: OffsetDateTime,
    ) -> StoreResult<bool>;
    /// Records one call the emulated Klarna received.
    async fn record_sandbox_call(&self, call: &SandboxCall) -> StoreResult<()>;
    /// Calls about a session or a transaction, oldest first.
    async fn sandbox_calls(
        &self,
        session_id: Option<&str>,
        transaction_id: Option<&str>,
    ) -> StoreResult<Vec<SandboxCall>>;
    /// An emulated transaction (JSON) with its version.
    async fn sandbox_transaction(&self, id: &str) -> StoreResult<Option<(serde_json::Value, i64)>>;
    /// Writes an emulated transaction if still at `expected_version` (0: new).
    async fn write_sandbox_transaction(
        &self,
        id: &str,
        data: &serde_json::Value,
        expected_version: i64,
    ) -> StoreResult<bool>;
}
