//! `impl PersonalDataStore for PgStore`.

use super::super::{privacy, PgStore};
use crate::store::{PersonalDataStore, SessionRecord, StoreResult};
use async_trait::async_trait;
use time::OffsetDateTime;

#[async_trait]
impl PersonalDataStore for PgStore {
    async fn sessions_with_personal_data(
        &self,
        finished_before: OffsetDateTime,
        limit: u32,
    ) -> StoreResult<Vec<String>> {
        privacy::due(&self.pool, finished_before, limit).await
    }

    async fn erase_personal_data(
        &self,
        id: &str,
        at: OffsetDateTime,
    ) -> StoreResult<Option<SessionRecord>> {
        privacy::erase(&self.pool, id, at).await
    }
}
