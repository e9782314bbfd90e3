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
    /// written when it was erased before). In the same transaction, once the
    /// session is erased (also when it was before), the personal data leaves
    /// the merchant notifications stored about it and the idempotency
    /// records' answers stored about it
    /// ([`checkout_core::privacy::erase_stored_answer`]), so a replay answers
    /// the erased view. The session afterwards, `None` when there is none.
    async fn erase_personal_data(
        &self,
        id: &str,
        at: OffsetDateTime,
    ) -> StoreResult<Option<SessionRecord>>;
}

/// A stored answer about `session` as it is kept: `body`, erased
/// ([`checkout_core::privacy::erase_stored_answer`]) when the session's
/// personal data was erased at `erased` (the answer was made before an
/// erasure that committed first).
pub(crate) fn erased_answer(session: &str, body: &[u8], erased: Option<&str>) -> Vec<u8> {
    let Some(at) = erased else {
        return body.to_vec();
    };
    let Ok(mut v) = serde_json::from_slice::<serde_json::Value>(body) else {
        return body.to_vec();
    };
    if checkout_core::privacy::erase_stored_answer(&mut v, session, at) {
        v.to_string().into_bytes()
    } else {
        body.to_vec()
    }
}
