//! Keyed records: idempotency reservations (and the payment lock built on
//! them), webhook event ids, shared values and rate-limit counters.

use super::holder::Holder;
use super::sessions::time_col;
use crate::clock;
use crate::store::{IdempotencyBegin, StoreResult};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use time::OffsetDateTime;

/// request_hash, status, body, created_at, holder
type IdemRow = (String, Option<i64>, Option<Vec<u8>>, String, Option<String>);

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

/// Reserves `(scope, key)` for `holder`'s boot. A reservation still in
/// flight is taken over when its lease ran out or its holder's process is
/// gone ([`Holder::alive`]); a live holder's is left alone.
pub(super) fn idempotency_begin(
    c: &mut Connection,
    b: &Begin<'_>,
    holder: Option<&Holder>,
) -> StoreResult<IdempotencyBegin> {
    let (scope, key, hash, at) = (b.scope, b.key, b.hash, b.at);
    let me = holder.map(|h| h.me.as_str());
    let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let row: Option<IdemRow> = tx
        .query_row(
            "SELECT request_hash, status, body, created_at, holder FROM idempotency_keys WHERE scope = ?1 AND idem_key = ?2",
            params![scope, key],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .optional()?;
    let outcome = match row {
        None => {
            tx.execute(
                "INSERT INTO idempotency_keys (scope, idem_key, request_hash, created_at, holder) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![scope, key, hash, clock::format(at), me],
            )?;
            IdempotencyBegin::Proceed
        }
        Some((stored, ..)) if stored != hash => IdempotencyBegin::Mismatch,
        Some((_, Some(status), body, ..)) => IdempotencyBegin::Replay {
            status: u16::try_from(status).unwrap_or(500),
            body: body.unwrap_or_default(),
        },
        Some((_, None, _, created, held_by)) => {
            let stale = time_col(&created)? + b.stale_after <= at;
            let dead = match (holder, held_by.as_deref()) {
                (Some(h), Some(other)) => !h.alive(other),
                _ => false,
            };
            if stale || dead {
                tx.execute(
                    "UPDATE idempotency_keys SET created_at = ?1, holder = ?2 WHERE scope = ?3 AND idem_key = ?4",
                    params![clock::format(at), me, scope, key],
                )?;
                IdempotencyBegin::Proceed
            } else {
                IdempotencyBegin::InProgress
            }
        }
    };
    tx.commit()?;
    Ok(outcome)
}

pub(super) fn idempotency_complete(
    c: &mut Connection,
    scope: &str,
    key: &str,
    a: &Answer<'_>,
) -> StoreResult<()> {
    let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let body = match a.session {
        Some(session) => super::privacy::answer_body(&tx, session, a.body)?,
        None => a.body.to_vec(),
    };
    tx.execute(
        "UPDATE idempotency_keys SET status = ?1, body = ?2, session_id = ?3
         WHERE scope = ?4 AND idem_key = ?5 AND status IS NULL",
        params![i64::from(a.status), body, a.session, scope, key],
    )?;
    tx.commit()?;
    Ok(())
}

pub(super) fn idempotency_touch(
    c: &mut Connection,
    scope: &str,
    key: &str,
    at: OffsetDateTime,
) -> StoreResult<()> {
    c.execute(
        "UPDATE idempotency_keys SET created_at = ?1 WHERE scope = ?2 AND idem_key = ?3 AND status IS NULL",
        params![clock::format(at), scope, key],
    )?;
    Ok(())
}

pub(super) fn idempotency_abandon(c: &mut Connection, scope: &str, key: &str) -> StoreResult<()> {
    c.execute(
        "DELETE FROM idempotency_keys WHERE scope = ?1 AND idem_key = ?2 AND status IS NULL",
        params![scope, key],
    )?;
    Ok(())
}

pub(super) fn claim_webhook_event(
    c: &mut Connection,
    id: &str,
    ty: &str,
    at: OffsetDateTime,
) -> StoreResult<bool> {
    let n = c.execute(
        "INSERT INTO webhook_events (event_id, event_type, received_at) VALUES (?1, ?2, ?3) ON CONFLICT (event_id) DO NOTHING",
        params![id, ty, clock::format(at)],
    )?;
    Ok(n == 1)
}

pub(super) fn release_webhook_event(c: &mut Connection, id: &str) -> StoreResult<()> {
    c.execute(
        "DELETE FROM webhook_events WHERE event_id = ?1",
        params![id],
    )?;
    Ok(())
}

pub(super) fn shared_value(c: &mut Connection, name: &str, candidate: &str) -> StoreResult<String> {
    c.execute(
        "INSERT INTO shared_values (name, value) VALUES (?1, ?2) ON CONFLICT (name) DO NOTHING",
        params![name, candidate],
    )?;
    Ok(c.query_row(
        "SELECT value FROM shared_values WHERE name = ?1",
        params![name],
        |r| r.get(0),
    )?)
}

/// One request of `key` in the window starting at `window`: one upsert that
/// resets the count when the window is newer than the stored one.
pub(super) fn rate_limit_hit(c: &mut Connection, key: &str, window: i64) -> StoreResult<u64> {
    let hits: i64 = c.query_row(
        "INSERT INTO rate_limits (rl_key, window_start, hits) VALUES (?1, ?2, 1)
         ON CONFLICT (rl_key) DO UPDATE SET
           hits = CASE WHEN excluded.window_start > rate_limits.window_start THEN 1 ELSE rate_limits.hits + 1 END,
           window_start = MAX(rate_limits.window_start, excluded.window_start)
         RETURNING hits",
        params![key, window],
        |r| r.get(0),
    )?;
    Ok(u64::try_from(hits).unwrap_or(0))
}

/// The count of `key` in the window starting at `window` (0: none yet).
pub(super) fn rate_limit_count(c: &mut Connection, key: &str, window: i64) -> StoreResult<u64> {
    let hits: Option<i64> = c
        .query_row(
            "SELECT hits FROM rate_limits WHERE rl_key = ?1 AND window_start = ?2",
            params![key, window],
            |r| r.get(0),
        )
        .optional()?;
    Ok(hits.and_then(|h| u64::try_from(h).ok()).unwrap_or(0))
}

/// Deletes counters of windows that ended before `before`.
pub(super) fn prune_rate_limits(c: &mut Connection, before: i64) -> StoreResult<()> {
    c.execute(
        "DELETE FROM rate_limits WHERE window_start < ?1",
        params![before],
    )?;
    Ok(())
}
