//! Session rows, their authorization and their event log on PostgreSQL.

use crate::store::{apply_patch, SessionEventRecord, SessionRecord, StoreError, StoreResult};
use checkout_core::api::Authorization;
use checkout_core::session::{NewSession, SessionPatch};
use checkout_core::state::SessionState;
use sqlx::postgres::{PgConnection, PgPool};
use sqlx::Row;
use time::OffsetDateTime;

pub(super) async fn insert(pool: &PgPool, s: &SessionRecord) -> StoreResult<()> {
    let mut data = s.data.clone();
    let token = data.klarna_network_session_token.take();
    let json = serde_json::to_string(&data).map_err(|e| StoreError(e.to_string()))?;
    sqlx::query(
        "INSERT INTO sessions (id, merchant_id, client_secret_hash, state, data, network_token, created_at, updated_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8)",
    )
    .bind(&s.id)
    .bind(&s.merchant_id)
    .bind(&s.client_secret_hash)
    .bind(s.state.as_str())
    .bind(json)
    .bind(token)
    .bind(s.created_at)
    .bind(s.expires_at)
    .execute(pool)
    .await?;
    Ok(())
}

/// Reads a session; `for_update` locks its row until the transaction ends.
pub(super) async fn get(
    c: &mut PgConnection,
    id: &str,
    for_update: bool,
) -> StoreResult<Option<SessionRecord>> {
    let sql = if for_update {
        "SELECT id, merchant_id, client_secret_hash, state, data, network_token, created_at, expires_at, asked_at
         FROM sessions WHERE id = $1 FOR UPDATE"
    } else {
        "SELECT id, merchant_id, client_secret_hash, state, data, network_token, created_at, expires_at, asked_at
         FROM sessions WHERE id = $1"
    };
    let Some(row) = sqlx::query(sql).bind(id).fetch_optional(&mut *c).await? else {
        return Ok(None);
    };
    let id: String = row.try_get(0)?;
    let state: String = row.try_get(3)?;
    let data: String = row.try_get(4)?;
    let mut data: NewSession =
        serde_json::from_str(&data).map_err(|e| StoreError(format!("session {id}: {e}")))?;
    data.klarna_network_session_token = row.try_get(5)?;
    let state = SessionState::parse(&state)
        .ok_or_else(|| StoreError(format!("session {id}: bad state {state:?}")))?;
    let authorization = sqlx::query(
        "SELECT payment_transaction_id, amount, currency, authorized_at FROM authorizations WHERE session_id = $1",
    )
    .bind(&id)
    .fetch_optional(&mut *c)
    .await?
    .map(|r| -> Result<Authorization, sqlx::Error> {
        Ok(Authorization {
            payment_transaction_id: r.try_get(0)?,
            amount: r.try_get(1)?,
            currency: r.try_get(2)?,
            authorized_at: r.try_get(3)?,
        })
    })
    .transpose()?;
    Ok(Some(SessionRecord {
        merchant_id: row.try_get(1)?,
        client_secret_hash: row.try_get(2)?,
        state,
        data,
        authorization,
        created_at: row.try_get(6)?,
        expires_at: row.try_get(7)?,
        asked_at: row.try_get(8)?,
        id,
    }))
}

pub(super) async fn patch_open(
    pool: &PgPool,
    id: &str,
    patch: &SessionPatch,
    at: OffsetDateTime,
) -> StoreResult<Option<SessionRecord>> {
    let mut tx = pool.begin().await?;
    let Some(mut s) = get(&mut tx, id, true).await? else {
        return Ok(None);
    };
    if s.state_at(at) != SessionState::Open {
        return Ok(None);
    }
    apply_patch(&mut s.data, patch);
    let mut data = s.data.clone();
    data.klarna_network_session_token = None;
    let json = serde_json::to_string(&data).map_err(|e| StoreError(e.to_string()))?;
    sqlx::query("UPDATE sessions SET data = $1, updated_at = $2 WHERE id = $3 AND state = 'open'")
        .bind(json)
        .bind(at)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(Some(s))
}

pub(super) async fn set_token(
    pool: &PgPool,
    id: &str,
    token: &str,
    at: OffsetDateTime,
) -> StoreResult<bool> {
    let n = sqlx::query(
        "UPDATE sessions SET network_token = $1, updated_at = $2 WHERE id = $3 AND state = 'open' AND expires_at > $2",
    )
    .bind(token)
    .bind(at)
    .bind(id)
    .execute(pool)
    .await?
    .rows_affected();
    Ok(n == 1)
}

pub(super) async fn transition(
    pool: &PgPool,
    id: &str,
    from: SessionState,
    to: SessionState,
    auth: Option<&Authorization>,
    at: OffsetDateTime,
) -> StoreResult<bool> {
    let mut tx = pool.begin().await?;
    if !transition_in(&mut tx, id, from, to, auth, at).await? {
        return Ok(false);
    }
    tx.commit().await?;
    Ok(true)
}

/// The compare-and-set of a session's state on `c` (inside the caller's
/// transaction), with the authorization; `false` when the session was not in
/// `from`, or Klarna's amount or currency is not the session's as stored.
pub(super) async fn transition_in(
    c: &mut PgConnection,
    id: &str,
    from: SessionState,
    to: SessionState,
    auth: Option<&Authorization>,
    at: OffsetDateTime,
) -> StoreResult<bool> {
    if let Some(a) = auth {
        // Klarna's amount must be the session's amount as stored now (a
        // PATCH may have changed it while Klarna was deciding); the row lock
        // holds it still until the commit.
        let stored = get(&mut *c, id, true).await?;
        if stored.is_none_or(|s| s.data.amount != a.amount || s.data.currency != a.currency) {
            return Ok(false);
        }
    }
    let n =
        sqlx::query("UPDATE sessions SET state = $1, updated_at = $2 WHERE id = $3 AND state = $4")
            .bind(to.as_str())
            .bind(at)
            .bind(id)
            .bind(from.as_str())
            .execute(&mut *c)
            .await?
            .rows_affected();
    if n != 1 {
        return Ok(false);
    }
    if let Some(a) = auth {
        sqlx::query(
            "INSERT INTO authorizations (session_id, payment_transaction_id, amount, currency, authorized_at)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(&a.payment_transaction_id)
        .bind(a.amount)
        .bind(&a.currency)
        .bind(&a.authorized_at)
        .execute(&mut *c)
        .await?;
    }
    Ok(true)
}

/// Appends an event to session `sid`'s log; with `stamp`, sets the
/// session's `asked_at` to its time in the same statement.
/// One line of a session's event log.
const INSERT_EVENT: &str =
    "INSERT INTO session_events (session_id, kind, detail, at) VALUES ($1, $2, $3, $4)";

/// Writes `e` inside a caller's transaction (a change's [`Effects::log`](crate::store::Effects::log)).
pub(super) async fn insert_event_in(
    c: &mut PgConnection,
    e: &crate::store::NewSessionEvent,
) -> StoreResult<()> {
    sqlx::query(INSERT_EVENT)
        .bind(&e.session_id)
        .bind(&e.kind)
        .bind(e.detail.to_string())
        .bind(e.at)
        .execute(c)
        .await?;
    Ok(())
}

pub(super) async fn insert_event(
    pool: &PgPool,
    sid: &str,
    (kind, detail, at): (&str, &serde_json::Value, OffsetDateTime),
    stamp: bool,
) -> StoreResult<()> {
    const STAMPED: &str = "WITH event AS (
             INSERT INTO session_events (session_id, kind, detail, at) VALUES ($1, $2, $3, $4)
         )
         UPDATE sessions SET asked_at = $4 WHERE id = $1";
    sqlx::query(if stamp { STAMPED } else { INSERT_EVENT })
        .bind(sid)
        .bind(kind)
        .bind(detail.to_string())
        .bind(at)
        .execute(pool)
        .await?;
    Ok(())
}

pub(super) async fn events(pool: &PgPool, sid: &str) -> StoreResult<Vec<SessionEventRecord>> {
    let rows = sqlx::query(
        "SELECT kind, detail, at FROM session_events WHERE session_id = $1 ORDER BY id",
    )
    .bind(sid)
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|r| {
            let detail: String = r.try_get(1)?;
            Ok(SessionEventRecord {
                kind: r.try_get(0)?,
                detail: serde_json::from_str(&detail).unwrap_or(serde_json::Value::String(detail)),
                at: r.try_get(2)?,
            })
        })
        .collect()
}
