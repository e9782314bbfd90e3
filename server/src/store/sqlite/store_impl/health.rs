//! `impl StoreHealth for SqliteStore`.

use super::super::{connection, SqliteStore};
use crate::store::{PoolUse, StoreHealth, StoreResult};
use async_trait::async_trait;

#[async_trait]
impl StoreHealth for SqliteStore {
    async fn readiness(&self) -> StoreResult<()> {
        connection::readiness(self).await
    }

    fn backend(&self) -> &'static str {
        "sqlite"
    }

    fn pool_use(&self) -> PoolUse {
        connection::pool_use(self)
    }
}
