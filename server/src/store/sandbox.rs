//! [`SandboxStore`]: the emulated Klarna's payment requests (sandbox mode
//! only). Kept out of the production [`Store`](super::Store) so no production
//! path can reach them; every backend implements both.

use super::{SandboxRequest, StoreResult};
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
}
