//! Session rows, their authorization and their event log.

use crate::clock;
use crate::store::{apply_patch, SessionEventRecord, SessionRecord, StoreError, StoreResult};
use checkout_core::api::Authorization;
use checkout_core::session::{NewSession, SessionPatch};
use checkout_core::state::SessionState;
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use time::OffsetDateTime;

pub(super) fn time_col(s: &str) -> StoreResult<OffsetDateTime> {
    clock::parse(s).ok_or_else(|| StoreError(format!("bad stored time {s:?}")))
}

pub(super) fn insert(c: &mut Connection, s: &SessionRecord) -> StoreResult<()> {
    let mut data = s.data.clone();
    let token = data.klarna_network_session_token.take();
    let json = serde_json::to_string(&data).map_err(|e| StoreError(e.to_string()))?;
    c.execute(
        "INSERT INTO sessions (id, merchant_id, client_secret_hash, state, data, network_token, created_at, updated_at, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8)",
        params![
            s.id,
            s.merchant_id,
            s.client_secret_hash,
            s.state.as_str(),
            json,
            token,
            clock::format(s.created_at),
            clock::format(s.expires_at)
        ],
    )?;
    Ok(())
}

type Row = (
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    String,
    String,
    Option<String>,
);

pub(super) fn get(c: &Connection, id: &str) -> StoreResult<Option<SessionRecord>> {
    let row: Option<Row> = c
        .query_row(
            "SELECT id, merchant_id, client_secret_hash, state, data, network_token, created_at, expires_at, asked_at
             FROM sessions WHERE id = ?1",
            params![id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?)),
        )
        .optional()?;
    let Some((id, merchant_id, hash, state, data, token, created, expires, asked)) = row else {
        return Ok(None);
    };
    let mut data: NewSession =
        serde_json::from_str(&data).map_err(|e| StoreError(format!("session {id}: {e}")))?;
    data.klarna_network_session_token = token;
    let state = SessionState::parse(&state)
        .ok_or_else(|| StoreError(format!("session {id}: bad state {state:?}")))?;
    let authorization = c
        .query_row(
            "SELECT payment_transaction_id, amount, currency, authorized_at FROM authorizations WHERE session_id = ?1",
            params![id],
            |r| {
                Ok(Authorization {
                    payment_transaction_id: r.get(0)?,
                    amount: r.get(1)?,
                    currency: r.get(2)?,
                    authorized_at: r.get(3)?,
                })
            },
        )
        .optional()?;
    Ok(Some(SessionRecord {
        id,
        merchant_id,
        client_secret_hash: hash,
        state,
        data,
        authorization,
        created_at: time_col(&created)?,
        expires_at: time_col(&expires)?,
        asked_at: asked.as_deref().map(time_col).transpose()?,
    }))
}

pub(super) fn patch_open(
    c: &mut Connection,
    id: &str,
    patch: &SessionPatch,
    at: OffsetDateTime,
) -> StoreResult<Option<SessionRecord>> {
    let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let Some(mut s) = get(&tx, id)? else {
        return Ok(None);
    };
    if s.state_at(at) != SessionState::Open {
        return Ok(None);
    }
    apply_patch(&mut s.data, patch);
    let mut data = s.data.clone();
    data.klarna_network_session_token = None;
    let json = serde_json::to_string(&data).map_err(|e| StoreError(e.to_string()))?;
    tx.execute(
        "UPDATE sessions SET data = ?1, updated_at = ?2 WHERE id = ?3 AND state = 'open'",
        params![json, clock::format(at), id],
    )?;
    tx.commit()?;
    Ok(Some(s))
}

pub(super) fn set_token(
    c: &mut Connection,
    id: &str,
    token: &str,
    at: OffsetDateTime,
) -> StoreResult<bool> {
    let n = c.execute(
        "UPDATE sessions SET network_token = ?1, updated_at = ?2 WHERE id = ?3 AND state = 'open' AND expires_at > ?2",
        params![token, clock::format(at), id],
    )?;
    Ok(n == 1)
}

pub(super) fn transition(
    c: &mut Connection,
    id: &str,
    from: SessionState,
    to: SessionState,
    auth: Option<&Authorization>,
    at: OffsetDateTime,
) -> StoreResult<bool> {
    let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
    if let Some(a) = auth {
        // Klarna's amount must be the session's amount as stored now (a
        // PATCH may have changed it while Klarna was deciding).
        let stored = get(&tx, id)?;
        if stored.is_none_or(|s| s.data.amount != a.amount || s.data.currency != a.currency) {
            return Ok(false);
        }
    }
    let n = tx.execute(
        "UPDATE sessions SET state = ?1, updated_at = ?2 WHERE id = ?3 AND state = ?4",
        params![to.as_str(), clock::format(at), id, from.as_str()],
    )?;
    if n != 1 {
        return Ok(false);
    }
    if let Some(a) = auth {
        tx.execute(
            "INSERT INTO authorizations (session_id, payment_transaction_id, amount, currency, authorized_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id, a.payment_transaction_id, a.amount, a.currency, a.authorized_at],
        )?;
    }
    tx.commit()?;
    Ok(true)
}

pub(super) fn add_event(
    c: &Connection,
    sid: &str,
    kind: &str,
    detail: &str,
    at: OffsetDateTime,
) -> StoreResult<()> {
    c.execute(
        "INSERT INTO session_events (session_id, kind, detail, at) VALUES (?1, ?2, ?3, ?4)",
        params![sid, kind, detail, clock::format(at)],
    )?;
    Ok(())
}

/// [`add_event`] and the session's `asked_at`, in one transaction.
pub(super) fn add_asked_event(
    c: &mut Connection,
    sid: &str,
    kind: &str,
    detail: &str,
    at: OffsetDateTime,
) -> StoreResult<()> {
    let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
    add_event(&tx, sid, kind, detail, at)?;
    tx.execute(
        "UPDATE sessions SET asked_at = ?1 WHERE id = ?2",
        params![clock::format(at), sid],
    )?;
    tx.commit()?;
    Ok(())
}

pub(super) fn events(c: &mut Connection, sid: &str) -> StoreResult<Vec<SessionEventRecord>> {
    let mut stmt =
        c.prepare("SELECT kind, detail, at FROM session_events WHERE session_id = ?1 ORDER BY id")?;
    let rows = stmt.query_map(params![sid], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (kind, detail, at) = row?;
        out.push(SessionEventRecord {
            kind,
            detail: serde_json::from_str(&detail).unwrap_or(serde_json::Value::String(detail)),
            at: time_col(&at)?,
        });
    }
    Ok(out)
}
