//! `impl PersonalDataStore for SqliteStore`.

use super::super::{privacy, SqliteStore};
use crate::store::{PersonalDataStore, SessionRecord, StoreResult};
use async_trait::async_trait;
use time::OffsetDateTime;

#[async_trait]
impl PersonalDataStore for SqliteStore {
    async fn sessions_with_personal_data(
        &self,
        finished_before: OffsetDateTime,
        limit: u32,
    ) -> StoreResult<Vec<String>> {
        self.run(move |c| privacy::due(c, finished_before, limit))
            .await
    }

    async fn erase_personal_data(
        &self,
        id: &str,
        at: OffsetDateTime,
    ) -> StoreResult<Option<SessionRecord>> {
        let id = id.to_string();
        self.run(move |c| privacy::erase(c, &id, at)).await
    }
}
