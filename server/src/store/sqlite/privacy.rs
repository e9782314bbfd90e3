//! Personal data retention on SQLite: which finished sessions still hold
//! personal data, and its erasure ([`checkout_core::privacy`]).

use super::sessions::get;
use crate::clock;
use crate::store::{SessionRecord, StoreError, StoreResult};
use rusqlite::{params, Connection, TransactionBehavior};
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

/// Erases in one transaction; `updated_at` stays (it is when the session
/// finished).
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
        tx.commit()?;
    }
    Ok(Some(s))
}
