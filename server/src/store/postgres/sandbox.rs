//! The sandbox's record of Klarna calls and its emulated transactions on
//! PostgreSQL (sandbox mode only), and `impl SandboxStore for PgStore`.

use super::{requests, PgStore};
use crate::store::{SandboxCall, SandboxRequest, SandboxStore, StoreResult};
use async_trait::async_trait;
use serde_json::Value;
use sqlx::postgres::PgPool;
use sqlx::Row;
use time::OffsetDateTime;

pub(super) async fn record(pool: &PgPool, call: &SandboxCall) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO sandbox_calls (operation, session_id, transaction_id, idempotency_key, outcome, detail, at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&call.operation)
    .bind(&call.session_id)
    .bind(&call.transaction_id)
    .bind(&call.idempotency_key)
    .bind(&call.outcome)
    .bind(call.detail.to_string())
    .bind(call.at)
    .execute(pool)
    .await?;
    Ok(())
}

pub(super) async fn calls(
    pool: &PgPool,
    session: Option<&str>,
    txn: Option<&str>,
) -> StoreResult<Vec<SandboxCall>> {
    let rows = sqlx::query(
        "SELECT operation, session_id, transaction_id, idempotency_key, outcome, detail, at FROM sandbox_calls
         WHERE ($1::text IS NULL OR session_id = $1) AND ($2::text IS NULL OR transaction_id = $2) ORDER BY id",
    )
    .bind(session)
    .bind(txn)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            let detail: String = r.try_get(5)?;
            Ok(SandboxCall {
                operation: r.try_get(0)?,
                session_id: r.try_get(1)?,
                transaction_id: r.try_get(2)?,
                idempotency_key: r.try_get(3)?,
                outcome: r.try_get(4)?,
                detail: serde_json::from_str(&detail).unwrap_or(Value::Null),
                at: r.try_get(6)?,
            })
        })
        .collect()
}

pub(super) async fn transaction(pool: &PgPool, id: &str) -> StoreResult<Option<(Value, i64)>> {
    let row = sqlx::query("SELECT data, version FROM sandbox_transactions WHERE id = $1")
        .bind(id)
        .fetch_optional(pool)
        .await?;
    row.map(|r| {
        let data: String = r.try_get(0)?;
        Ok((
            serde_json::from_str(&data).unwrap_or(Value::Null),
            r.try_get(1)?,
        ))
    })
    .transpose()
}

pub(super) async fn write_transaction(
    pool: &PgPool,
    id: &str,
    data: &Value,
    expected: i64,
) -> StoreResult<bool> {
    let q = if expected == 0 {
        sqlx::query("INSERT INTO sandbox_transactions (id, version, data) VALUES ($1, 1, $2) ON CONFLICT DO NOTHING")
            .bind(id)
            .bind(data.to_string())
    } else {
        sqlx::query("UPDATE sandbox_transactions SET data = $2, version = version + 1 WHERE id = $1 AND version = $3")
            .bind(id)
            .bind(data.to_string())
            .bind(expected)
    };
    Ok(q.execute(pool).await?.rows_affected() == 1)
}

#[async_trait]
impl SandboxStore for PgStore {
    async fn insert_sandbox_request(&self, r: &SandboxRequest) -> StoreResult<()> {
        requests::insert_sandbox_request(&self.pool, r).await
    }

    async fn sandbox_request(&self, id: &str) -> StoreResult<Option<SandboxRequest>> {
        requests::sandbox_request(&self.pool, id).await
    }

    async fn sandbox_transition(
        &self,
        id: &str,
        from: &str,
        to: &str,
        token: Option<&str>,
        at: OffsetDateTime,
    ) -> StoreResult<bool> {
        requests::sandbox_transition(&self.pool, id, from, to, token, at).await
    }

    async fn record_sandbox_call(&self, call: &SandboxCall) -> StoreResult<()> {
        record(&self.pool, call).await
    }

    async fn sandbox_calls(
        &self,
        session_id: Option<&str>,
        transaction_id: Option<&str>,
    ) -> StoreResult<Vec<SandboxCall>> {
        calls(&self.pool, session_id, transaction_id).await
    }

    async fn sandbox_transaction(&self, id: &str) -> StoreResult<Option<(serde_json::Value, i64)>> {
        transaction(&self.pool, id).await
    }

    async fn write_sandbox_transaction(
        &self,
        id: &str,
        data: &serde_json::Value,
        expected_version: i64,
    ) -> StoreResult<bool> {
        write_transaction(&self.pool, id, data, expected_version).await
    }
}
