//! Versioned JSON documents shared by every instance (the Klarna webhook
//! subscription with its signing keys; the sandbox's Notifications API),
//! written with a compare-and-set on their version.

use crate::store::StoreResult;
use rusqlite::{params, Connection, OptionalExtension};
use serde_json::Value;

/// The table, created on open.
pub const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS documents (
    name TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    data TEXT NOT NULL
);
";

pub(super) fn read(c: &mut Connection, name: &str) -> StoreResult<Option<(Value, i64)>> {
    let row: Option<(String, i64)> = c
        .query_row(
            "SELECT data, version FROM documents WHERE name = ?1",
            params![name],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    Ok(row.map(|(d, v)| (serde_json::from_str(&d).unwrap_or(Value::Null), v)))
}

pub(super) fn write(
    c: &mut Connection,
    name: &str,
    data: &Value,
    expected: i64,
) -> StoreResult<bool> {
    let n = if expected == 0 {
        c.execute(
            "INSERT INTO documents (name, version, data) VALUES (?1, 1, ?2) ON CONFLICT DO NOTHING",
            params![name, data.to_string()],
        )?
    } else {
        c.execute(
            "UPDATE documents SET data = ?1, version = version + 1 WHERE name = ?2 AND version = ?3",
            params![data.to_string(), name, expected],
        )?
    };
    Ok(n == 1)
}
