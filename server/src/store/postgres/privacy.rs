//! Personal data retention on PostgreSQL: which finished sessions still
//! hold personal data, and its erasure ([`checkout_core::privacy`]) from the
//! session, from the merchant notifications stored about it and from the
//! answers kept for `Idempotency-Key` replays about it.

use super::sessions::get;
use crate::clock;
use crate::store::{SessionRecord, StoreError, StoreResult};
use checkout_core::privacy::{erase_event_data, erase_stored_answer};
use serde_json::Value;
use sqlx::postgres::{PgConnection, PgPool};
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

/// Erases under the row lock, the session's stored notifications and its
/// network session token too in the same transaction (also when the session
/// was erased before, so what an earlier version left is cleaned by asking
/// again); `updated_at` stays (it is when the session finished).
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
    }
    if let Some(at) = &s.data.personal_data_erased_at {
        // The network session token goes too, also from a session an
        // earlier version erased (it kept the token).
        s.data.klarna_network_session_token = None;
        sqlx::query(
            "UPDATE sessions SET network_token = NULL WHERE id = $1 AND network_token IS NOT NULL",
        )
        .bind(id)
        .execute(&mut *tx)
        .await?;
        erase_events(&mut tx, id, at).await?;
        erase_answers(&mut tx, id, at).await?;
    }
    tx.commit().await?;
    Ok(Some(s))
}

/// Erases the personal data of session `id`'s stored notifications on `c`
/// (inside the erasure's transaction), so `GET /v1/events`, redeliveries
/// and deliveries still to come carry the erased view.
async fn erase_events(c: &mut PgConnection, id: &str, at: &str) -> StoreResult<()> {
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT id, data FROM notification_events WHERE session_id = $1")
            .bind(id)
            .fetch_all(&mut *c)
            .await?;
    for (event, data) in rows {
        let mut v: Value = serde_json::from_str(&data).map_err(|e| StoreError(e.to_string()))?;
        if erase_event_data(&mut v, at) {
            sqlx::query("UPDATE notification_events SET data = $1 WHERE id = $2")
                .bind(v.to_string())
                .bind(&event)
                .execute(&mut *c)
                .await?;
        }
    }
    Ok(())
}

/// Erases the personal data of the idempotency records' answers about
/// session `id` on `c` (inside the erasure's transaction), so a replay
/// answers the erased view; the records stay (a replayed create must not
/// create a second session). Read `FOR UPDATE`: a replay reading one waits.
async fn erase_answers(c: &mut PgConnection, id: &str, at: &str) -> StoreResult<()> {
    let rows: Vec<(String, String, Vec<u8>)> = sqlx::query_as(
        "SELECT scope, idem_key, body FROM idempotency_keys
         WHERE session_id = $1 AND body IS NOT NULL FOR UPDATE",
    )
    .bind(id)
    .fetch_all(&mut *c)
    .await?;
    for (scope, key, body) in rows {
        let Ok(mut v) = serde_json::from_slice::<Value>(&body) else {
            continue;
        };
        if erase_stored_answer(&mut v, id, at) {
            sqlx::query("UPDATE idempotency_keys SET body = $1 WHERE scope = $2 AND idem_key = $3")
                .bind(v.to_string().into_bytes())
                .bind(&scope)
                .bind(&key)
                .execute(&mut *c)
                .await?;
        }
    }
    Ok(())
}

/// The `data` an event about `session` is stored with: as given, or erased
/// when the session's personal data is erased by the time it is written
/// (its view was read before an erasure that committed first). The
/// session's row is read `FOR SHARE`: an erasure holding it is waited for,
/// and one coming later waits for this transaction, then finds the event.
pub(super) async fn event_data(
    c: &mut PgConnection,
    session: &str,
    data: &Value,
) -> StoreResult<Value> {
    let erased: Option<Option<String>> = sqlx::query_scalar(
        "SELECT data::jsonb ->> 'personal_data_erased_at' FROM sessions WHERE id = $1 FOR SHARE",
    )
    .bind(session)
    .fetch_optional(&mut *c)
    .await?;
    let mut data = data.clone();
    if let Some(at) = erased.flatten() {
        erase_event_data(&mut data, &at);
    }
    Ok(data)
}

/// The body an answer about `session` is stored with: as given, or erased
/// when the session's personal data is erased by the time it is written
/// (the answer was made before an erasure that committed first). The
/// session's row is read `FOR SHARE`, as for an event ([`event_data`]).
pub(super) async fn answer_body(
    c: &mut PgConnection,
    session: &str,
    body: &[u8],
) -> StoreResult<Vec<u8>> {
    let erased: Option<Option<String>> = sqlx::query_scalar(
        "SELECT data::jsonb ->> 'personal_data_erased_at' FROM sessions WHERE id = $1 FOR SHARE",
    )
    .bind(session)
    .fetch_optional(&mut *c)
    .await?;
    Ok(crate::store::personal_data::erased_answer(
        session,
        body,
        erased.flatten().as_deref(),
    ))
}
