//! Personal data retention: finding finished sessions that still hold personal
//! data and erasing it.

use super::{SessionRecord, StoreResult};
use async_trait::async_trait;
use time::OffsetDateTime;

/// Retention of shoppers' personal data: what is due and its erasure.
#[async_trait]
pub trait PersonalDataStore: Send + Sync {
    /// Finished (not open) sessions last changed before `finished_before`
    /// whose personal data is not erased yet, oldest first (at most
    /// `limit`). SQL: `state <> 'open' AND updated_at < $1` and no
    /// `personal_data_erased_at` in the data JSON.
    async fn sessions_with_personal_data(
        &self,
        finished_before: OffsetDateTime,
        limit: u32,
    ) -> StoreResult<Vec<String>>;
    /// Erases the personal data of session `id` in one transaction
    /// ([`checkout_core::privacy::erase_personal_data`]: read the data under
    /// the row lock, erase, write it back; `updated_at` unchanged; nothing
    /// written when it was erased before). The session afterwards, `None`
    /// when there is none.
    async fn erase_personal_data(
        &self,
        id: &str,
        at: OffsetDateTime,
    ) -> StoreResult<Option<SessionRecord>>;
}
