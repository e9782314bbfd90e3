//! `impl StoreHealth for PgStore`.

use super::super::{connect, PgStore};
use crate::store::{PoolUse, StoreHealth, StoreResult};
use async_trait::async_trait;

#[async_trait]
impl StoreHealth for PgStore {
    async fn readiness(&self) -> StoreResult<()> {
        connect::readiness(&self.pool).await
    }

    fn backend(&self) -> &'static str {
        "postgres"
    }

    fn pool_use(&self) -> PoolUse {
        connect::pool_use(self)
    }
}
