//! The sandbox's record of Klarna calls and its emulated transactions, and
//! `impl SandboxStore for SqliteStore`.

use super::sessions::time_col;
use super::{requests, SqliteStore};
use crate::clock;
use crate::store::{SandboxCall, SandboxRequest, SandboxStore, StoreResult};
use async_trait::async_trait;
use rusqlite::{params, Connection, OptionalExtension};
use serde_json::Value;
use time::OffsetDateTime;

pub(super) fn record(c: &mut Connection, call: &SandboxCall) -> StoreResult<()> {
    c.execute(
        "INSERT INTO sandbox_calls (operation, session_id, transaction_id, idempotency_key, outcome, detail, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![call.operation, call.session_id, call.transaction_id, call.idempotency_key, call.outcome,
                call.detail.to_string(), clock::format(call.at)],
    )?;
    Ok(())
}

pub(super) fn calls(
    c: &mut Connection,
    session: Option<&str>,
    txn: Option<&str>,
) -> StoreResult<Vec<SandboxCall>> {
    let mut stmt = c.prepare(
        "SELECT operation, session_id, transaction_id, idempotency_key, outcome, detail, at FROM sandbox_calls
         WHERE (?1 IS NULL OR session_id = ?1) AND (?2 IS NULL OR transaction_id = ?2) ORDER BY id",
    )?;
    let rows = stmt.query_map(params![session, txn], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, Option<String>>(1)?,
            r.get::<_, Option<String>>(2)?,
            r.get::<_, Option<String>>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, String>(6)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (operation, session_id, transaction_id, idempotency_key, outcome, detail, at) = row?;
        out.push(SandboxCall {
            operation,
            session_id,
            transaction_id,
            idempotency_key,
            outcome,
            detail: serde_json::from_str(&detail).unwrap_or(Value::Null),
            at: time_col(&at)?,
        });
    }
    Ok(out)
}

pub(super) fn transaction(c: &mut Connection, id: &str) -> StoreResult<Option<(Value, i64)>> {
    let row: Option<(String, i64)> = c
        .query_row(
            "SELECT data, version FROM sandbox_transactions WHERE id = ?1",
            params![id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    Ok(row.map(|(d, v)| (serde_json::from_str(&d).unwrap_or(Value::Null), v)))
}

pub(super) fn write_transaction(
    c: &mut Connection,
    id: &str,
    data: &Value,
    expected: i64,
) -> StoreResult<bool> {
    let n = if expected == 0 {
        c.execute(
            "INSERT INTO sandbox_transactions (id, version, data) VALUES (?1, 1, ?2) ON CONFLICT DO NOTHING",
            params![id, data.to_string()],
        )?
    } else {
        c.execute(
            "UPDATE sandbox_transactions SET data = ?1, version = version + 1 WHERE id = ?2 AND version = ?3",
            params![data.to_string(), id, expected],
        )?
    };
    Ok(n == 1)
}

#[async_trait]
impl SandboxStore for SqliteStore {
    async fn insert_sandbox_request(&self, r: &SandboxRequest) -> StoreResult<()> {
        let r = r.clone();
        self.run(move |c| requests::insert_sandbox_request(c, &r))
            .await
    }

    async fn sandbox_request(&self, id: &str) -> StoreResult<Option<SandboxRequest>> {
        let id = id.to_string();
        self.run(move |c| requests::sandbox_request(c, &id)).await
    }

    async fn sandbox_transition(
        &self,
        id: &str,
        from: &str,
        to: &str,
        token: Option<&str>,
        at: OffsetDateTime,
    ) -> StoreResult<bool> {
        let (id, from, to, token) = (
            id.to_string(),
            from.to_string(),
            to.to_string(),
            token.map(str::to_string),
        );
        self.run(move |c| requests::sandbox_transition(c, &id, &from, &to, token.as_deref(), at))
            .await
    }

    async fn record_sandbox_call(&self, call: &SandboxCall) -> StoreResult<()> {
        let call = call.clone();
        self.run(move |c| record(c, &call)).await
    }

    async fn sandbox_calls(
        &self,
        session_id: Option<&str>,
        transaction_id: Option<&str>,
    ) -> StoreResult<Vec<SandboxCall>> {
        let (s, t) = (
            session_id.map(str::to_string),
            transaction_id.map(str::to_string),
        );
        self.run(move |c| calls(c, s.as_deref(), t.as_deref()))
            .await
    }

    async fn sandbox_transaction(&self, id: &str) -> StoreResult<Option<(serde_json::Value, i64)>> {
        let id = id.to_string();
        self.run(move |c| transaction(c, &id)).await
    }

    async fn write_sandbox_transaction(
        &self,
        id: &str,
        data: &serde_json::Value,
        expected_version: i64,
    ) -> StoreResult<bool> {
        let (id, data) = (id.to_string(), data.clone());
        self.run(move |c| write_transaction(c, &id, &data, expected_version))
            .await
    }
}
