//! Keyed records on PostgreSQL: idempotency reservations (and the payment
//! lock built on them), webhook event ids, rate-limit counters and shared
//! values.

use super::holder::Holder;
use crate::store::{IdempotencyBegin, StoreResult};
use sqlx::postgres::PgPool;
use sqlx::Row;
use sqlx::{Postgres, Transaction};
use time::OffsetDateTime;

/// A reserved request's answer, as [`idempotency_complete`] stores it.
pub(super) struct Answer<'a> {
    pub status: u16,
    pub body: &'a [u8],
    /// The session the answer is about, if any (its erasure finds it).
    pub session: Option<&'a str>,
}

/// What an [`idempotency_begin`] asks for.
pub(super) struct Begin<'a> {
    pub scope: &'a str,
    pub key: &'a str,
    pub hash: &'a str,
    pub at: OffsetDateTime,
    pub stale_after: time::Duration,
}

/// The reservation is the primary key: of concurrent inserts one wins; the
/// others wait on `FOR UPDATE` for the winner's commit and then see its row.
/// A reservation still in flight is taken over when its lease ran out or
/// its holder's process is gone ([`Holder::alive`]).
pub(super) async fn idempotency_begin(
    pool: &PgPool,
    b: &Begin<'_>,
    holder: Option<&Holder>,
) -> StoreResult<IdempotencyBegin> {
    let (scope, key, hash, at) = (b.scope, b.key, b.hash, b.at);
    let me = holder.map(|h| h.me.as_str());
    let mut tx = pool.begin().await?;
    let inserted = sqlx::query(
        "INSERT INTO idempotency_keys (scope, idem_key, request_hash, created_at, holder) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (scope, idem_key) DO NOTHING",
    )
    .bind(scope)
    .bind(key)
    .bind(hash)
    .bind(at)
    .bind(me)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if inserted == 1 {
        tx.commit().await?;
        return Ok(IdempotencyBegin::Proceed);
    }
    let row = sqlx::query(
        "SELECT request_hash, status, body, created_at, holder FROM idempotency_keys
         WHERE scope = $1 AND idem_key = $2 FOR UPDATE",
    )
    .bind(scope)
    .bind(key)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(row) = row else {
        // Abandoned between our insert and our read: try again from the start.
        tx.rollback().await?;
        return Box::pin(idempotency_begin(pool, b, holder)).await;
    };
    let stored: String = row.try_get(0)?;
    let status: Option<i32> = row.try_get(1)?;
    let body: Option<Vec<u8>> = row.try_get(2)?;
    let created: OffsetDateTime = row.try_get(3)?;
    let held_by: Option<String> = row.try_get(4)?;
    let outcome = if stored != hash {
        IdempotencyBegin::Mismatch
    } else if let Some(status) = status {
        IdempotencyBegin::Replay {
            status: u16::try_from(status).unwrap_or(500),
            body: body.unwrap_or_default(),
        }
    } else if created + b.stale_after <= at || holder_gone(&mut tx, holder, held_by).await? {
        sqlx::query(
            "UPDATE idempotency_keys SET created_at = $1, holder = $2 WHERE scope = $3 AND idem_key = $4",
        )
        .bind(at)
        .bind(me)
        .bind(scope)
        .bind(key)
        .execute(&mut *tx)
        .await?;
        IdempotencyBegin::Proceed
    } else {
        IdempotencyBegin::InProgress
    };
    tx.commit().await?;
    Ok(outcome)
}

/// Whether the reservation's holder is a boot whose process is gone.
async fn holder_gone(
    tx: &mut Transaction<'_, Postgres>,
    holder: Option<&Holder>,
    held_by: Option<String>,
) -> StoreResult<bool> {
    match (holder, held_by) {
        (Some(h), Some(other)) => Ok(!h.alive(tx, &other).await?),
        _ => Ok(false),
    }
}

pub(super) async fn idempotency_complete(
    pool: &PgPool,
    scope: &str,
    key: &str,
    a: &Answer<'_>,
) -> StoreResult<()> {
    let mut tx = pool.begin().await?;
    let body = match a.session {
        Some(session) => super::privacy::answer_body(&mut tx, session, a.body).await?,
        None => a.body.to_vec(),
    };
    sqlx::query(
        "UPDATE idempotency_keys SET status = $1, body = $2, session_id = $3
         WHERE scope = $4 AND idem_key = $5 AND status IS NULL",
    )
    .bind(i32::from(a.status))
    .bind(body)
    .bind(a.session)
    .bind(scope)
    .bind(key)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

pub(super) async fn idempotency_touch(
    pool: &PgPool,
    scope: &str,
    key: &str,
    at: OffsetDateTime,
) -> StoreResult<()> {
    sqlx::query("UPDATE idempotency_keys SET created_at = $1 WHERE scope = $2 AND idem_key = $3 AND status IS NULL")
        .bind(at)
        .bind(scope)
        .bind(key)
        .execute(pool)
        .await?;
    Ok(())
}

pub(super) async fn idempotency_abandon(pool: &PgPool, scope: &str, key: &str) -> StoreResult<()> {
    sqlx::query(
        "DELETE FROM idempotency_keys WHERE scope = $1 AND idem_key = $2 AND status IS NULL",
    )
    .bind(scope)
    .bind(key)
    .execute(pool)
    .await?;
    Ok(())
}

pub(super) async fn claim_webhook_event(
    pool: &PgPool,
    id: &str,
    ty: &str,
    at: OffsetDateTime,
) -> StoreResult<bool> {
    let n = sqlx::query(
        "INSERT INTO webhook_events (event_id, event_type, received_at) VALUES ($1, $2, $3)
         ON CONFLICT (event_id) DO NOTHING",
    )
    .bind(id)
    .bind(ty)
    .bind(at)
    .execute(pool)
    .await?
    .rows_affected();
    Ok(n == 1)
}

pub(super) async fn release_webhook_event(pool: &PgPool, id: &str) -> StoreResult<()> {
    sqlx::query("DELETE FROM webhook_events WHERE event_id = $1")
        .bind(id)
        .execute(pool)
        .await?;
    Ok(())
}

/// The same upsert as SQLite's: a newer window resets the count, an older
/// one counts into the stored window.
pub(super) async fn rate_limit_hit(pool: &PgPool, key: &str, window: i64) -> StoreResult<u64> {
    let hits: i64 = sqlx::query_scalar(
        "INSERT INTO rate_limits (rl_key, window_start, hits) VALUES ($1, $2, 1)
         ON CONFLICT (rl_key) DO UPDATE SET
           hits = CASE WHEN excluded.window_start > rate_limits.window_start THEN 1 ELSE rate_limits.hits + 1 END,
           window_start = GREATEST(rate_limits.window_start, excluded.window_start)
         RETURNING hits",
    )
    .bind(key)
    .bind(window)
    .fetch_one(pool)
    .await?;
    if hits == 1 && window % 600 == 0 {
        // Now and then (a new ten-minute window), drop counters of windows long gone.
        sqlx::query("DELETE FROM rate_limits WHERE window_start < $1")
            .bind(window - 600)
            .execute(pool)
            .await?;
    }
    Ok(u64::try_from(hits).unwrap_or(0))
}

/// The count of `key` in the window starting at `window` (0: none yet).
pub(super) async fn rate_limit_count(pool: &PgPool, key: &str, window: i64) -> StoreResult<u64> {
    let hits: Option<i64> =
        sqlx::query_scalar("SELECT hits FROM rate_limits WHERE rl_key = $1 AND window_start = $2")
            .bind(key)
            .bind(window)
            .fetch_optional(pool)
            .await?;
    Ok(hits.and_then(|h| u64::try_from(h).ok()).unwrap_or(0))
}

pub(super) async fn shared_value(
    pool: &PgPool,
    name: &str,
    candidate: &str,
) -> StoreResult<String> {
    sqlx::query(
        "INSERT INTO shared_values (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
    )
    .bind(name)
    .bind(candidate)
    .execute(pool)
    .await?;
    let row = sqlx::query("SELECT value FROM shared_values WHERE name = $1")
        .bind(name)
        .fetch_one(pool)
        .await?;
    Ok(row.try_get(0)?)
}
