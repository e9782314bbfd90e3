//! The store's own health: readiness, backend name and pool use, for probes
//! and metrics.

use super::{PoolUse, StoreResult};
use async_trait::async_trait;

/// The store's health and identity, for `/readyz`, logs and metrics.
#[async_trait]
pub trait StoreHealth: Send + Sync {
    /// `Ok` when the store answers and its schema is complete (every
    /// migration this build knows is applied); otherwise what is wrong, for
    /// `/readyz`.
    async fn readiness(&self) -> StoreResult<()>;
    /// The backend's name (`sqlite`, `postgres`), for logs and metrics.
    fn backend(&self) -> &'static str;
    /// Connections in use and idle, for the pool metrics.
    fn pool_use(&self) -> PoolUse;
}
