//! Personal data retention on SQLite: which finished sessions still hold
//! personal data, and its erasure ([`checkout_core::privacy`]) from the
//! session, from the merchant notifications stored about it and from the
//! answers kept for `Idempotency-Key` replays about it.

use super::sessions::get;
use crate::clock;
use crate::store::{SessionRecord, StoreError, StoreResult};
use checkout_core::privacy::{erase_event_data, erase_stored_answer};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use serde_json::Value;
use time::OffsetDateTime;

pub(super) fn due(
    c: &mut Connection,
    finished_before: OffsetDateTime,
    limit: u32,
) -> StoreResult<Vec<String>> {
    let mut stmt = c.prepare(
        "SELECT id FROM sessions WHERE state <> 'open' AND updated_at < ?1
         AND json_extract(data, '$.personal_data_erased_at') IS NULL
         ORDER BY updated_at LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![clock::format(finished_before), limit], |r| {
        r.get::<_, String>(0)
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Erases in one transaction, the session's stored notifications and its
/// network session token too (also when the session was erased before, so
/// what an earlier version left is cleaned by asking again); `updated_at`
/// stays (it is when the session finished).
pub(super) fn erase(
    c: &mut Connection,
    id: &str,
    at: OffsetDateTime,
) -> StoreResult<Option<SessionRecord>> {
    let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let Some(mut s) = get(&tx, id)? else {
        return Ok(None);
    };
    if checkout_core::privacy::erase_personal_data(&mut s.data, &clock::format(at)) {
        let mut data = s.data.clone();
        data.klarna_network_session_token = None;
        let json = serde_json::to_string(&data).map_err(|e| StoreError(e.to_string()))?;
        tx.execute(
            "UPDATE sessions SET data = ?1 WHERE id = ?2",
            params![json, id],
        )?;
    }
    if let Some(at) = &s.data.personal_data_erased_at {
        // The network session token goes too, also from a session an
        // earlier version erased (it kept the token).
        s.data.klarna_network_session_token = None;
        tx.execute(
            "UPDATE sessions SET network_token = NULL WHERE id = ?1 AND network_token IS NOT NULL",
            params![id],
        )?;
        erase_events(&tx, id, at)?;
        erase_answers(&tx, id, at)?;
    }
    tx.commit()?;
    Ok(Some(s))
}

/// Erases the personal data of session `id`'s stored notifications on `c`
/// (inside the erasure's transaction), so `GET /v1/events`, redeliveries
/// and deliveries still to come carry the erased view.
fn erase_events(c: &Connection, id: &str, at: &str) -> StoreResult<()> {
    let mut stmt = c.prepare("SELECT id, data FROM notification_events WHERE session_id = ?1")?;
    let rows = stmt.query_map(params![id], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
    })?;
    for row in rows {
        let (event, data) = row?;
        let mut v: Value = serde_json::from_str(&data).map_err(|e| StoreError(e.to_string()))?;
        if erase_event_data(&mut v, at) {
            c.execute(
                "UPDATE notification_events SET data = ?1 WHERE id = ?2",
                params![v.to_string(), event],
            )?;
        }
    }
    Ok(())
}

/// Erases the personal data of the idempotency records' answers about
/// session `id` on `c` (inside the erasure's transaction), so a replay
/// answers the erased view; the records stay (a replayed create must not
/// create a second session).
fn erase_answers(c: &Connection, id: &str, at: &str) -> StoreResult<()> {
    let mut stmt = c.prepare(
        "SELECT scope, idem_key, body FROM idempotency_keys
         WHERE session_id = ?1 AND body IS NOT NULL",
    )?;
    let rows = stmt.query_map(params![id], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Vec<u8>>(2)?,
        ))
    })?;
    for row in rows {
        let (scope, key, body) = row?;
        let Ok(mut v) = serde_json::from_slice::<Value>(&body) else {
            continue;
        };
        if erase_stored_answer(&mut v, id, at) {
            c.execute(
                "UPDATE idempotency_keys SET body = ?1 WHERE scope = ?2 AND idem_key = ?3",
                params![v.to_string().into_bytes(), scope, key],
            )?;
        }
    }
    Ok(())
}

/// The `data` an event about `session` is stored with: as given, or erased
/// when the session's personal data is erased by the time it is written
/// (its view was read before an erasure that committed first).
pub(super) fn event_data(c: &Connection, session: &str, data: &Value) -> StoreResult<Value> {
    let erased: Option<String> = c
        .query_row(
            "SELECT json_extract(data, '$.personal_data_erased_at') FROM sessions WHERE id = ?1",
            params![session],
            |r| r.get(0),
        )
        .optional()?
        .flatten();
    let mut data = data.clone();
    if let Some(at) = erased {
        erase_event_data(&mut data, &at);
    }
    Ok(data)
}

/// The body an answer about `session` is stored with: as given, or erased
/// when the session's personal data is erased by the time it is written
/// (the answer was made before an erasure that committed first).
pub(super) fn answer_body(c: &Connection, session: &str, body: &[u8]) -> StoreResult<Vec<u8>> {
    let erased: Option<String> = c
        .query_row(
            "SELECT json_extract(data, '$.personal_data_erased_at') FROM sessions WHERE id = ?1",
            params![session],
            |r| r.get(0),
        )
        .optional()?
        .flatten();
    Ok(crate::store::personal_data::erased_answer(
        session,
        body,
        erased.as_deref(),
    ))
}
