//! Personal data retention on PostgreSQL: which finished sessions still
//! hold personal data, and its erasure ([`checkout_core::privacy`]).

use super::sessions::get;
use crate::clock;
use crate::store::{SessionRecord, StoreError, StoreResult};
use sqlx::postgres::PgPool;
use time::OffsetDateTime;

pub(super) async fn due(
    pool: &PgPool,
    finished_before: OffsetDateTime,
    limit: u32,
) -> StoreResult<Vec<String>> {
    Ok(sqlx::query_scalar(
        "SELECT id FROM sessions WHERE state <> 'open' AND updated_at < $1
         AND (data::jsonb ->> 'personal_data_erased_at') IS NULL
         ORDER BY updated_at LIMIT $2",
    )
    .bind(finished_before)
    .bind(i64::from(limit))
    .fetch_all(pool)
    .await?)
}

/// Erases under the row lock; `updated_at` stays (it is when the session
/// finished).
pub(super) async fn erase(
    pool: &PgPool,
    id: &str,
    at: OffsetDateTime,
) -> StoreResult<Option<SessionRecord>> {
    let mut tx = pool.begin().await?;
    let Some(mut s) = get(&mut tx, id, true).await? else {
        return Ok(None);
    };
    if checkout_core::privacy::erase_personal_data(&mut s.data, &clock::format(at)) {
        let mut data = s.data.clone();
        data.klarna_network_session_token = None;
        let json = serde_json::to_string(&data).map_err(|e| StoreError(e.to_string()))?;
        sqlx::query("UPDATE sessions SET data = $1 WHERE id = $2")
            .bind(json)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
    }
    Ok(Some(s))
}
