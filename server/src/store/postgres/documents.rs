//! Versioned JSON documents shared by every instance (the Klarna webhook
//! subscription with its signing keys; the sandbox's Notifications API):
//! a new one is `INSERT … ON CONFLICT DO NOTHING`, a change
//! `UPDATE … WHERE version = $expected`, so of two instances writing the
//! same version one wins and the other is told so.

use crate::store::StoreResult;
use serde_json::Value;
use sqlx::postgres::PgPool;
use sqlx::Row;

pub(super) async fn read(pool: &PgPool, name: &str) -> StoreResult<Option<(Value, i64)>> {
    let row = sqlx::query("SELECT data, version FROM documents WHERE name = $1")
        .bind(name)
        .fetch_optional(pool)
        .await?;
    match row {
        Some(r) => {
            let data: String = r.try_get(0)?;
            let data = serde_json::from_str(&data).unwrap_or(Value::Null);
            Ok(Some((data, r.try_get(1)?)))
        }
        None => Ok(None),
    }
}

pub(super) async fn write(
    pool: &PgPool,
    name: &str,
    data: &Value,
    expected: i64,
) -> StoreResult<bool> {
    let done = if expected == 0 {
        sqlx::query(
            "INSERT INTO documents (name, version, data) VALUES ($1, 1, $2) ON CONFLICT (name) DO NOTHING",
        )
        .bind(name)
        .bind(data.to_string())
        .execute(pool)
        .await?
    } else {
        sqlx::query(
            "UPDATE documents SET data = $1, version = version + 1 WHERE name = $2 AND version = $3",
        )
        .bind(data.to_string())
        .bind(name)
        .bind(expected)
        .execute(pool)
        .await?
    };
    Ok(done.rows_affected() == 1)
}
