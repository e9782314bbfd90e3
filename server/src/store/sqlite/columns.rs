//! Columns added after a table was first shipped: a database made by an
//! earlier version gets them on open (new databases get them from the
//! schema). SQLite has no `ADD COLUMN IF NOT EXISTS`, so the table's columns
//! are read first.

use crate::store::StoreResult;
use rusqlite::{params, Connection};

/// Adds the nullable text column `column` to `table` unless it is there;
/// whether this call added it.
pub(super) fn add_text_column(c: &Connection, table: &str, column: &str) -> StoreResult<bool> {
    let has: bool = c.query_row(
        "SELECT count(*) > 0 FROM pragma_table_info(?1) WHERE name = ?2",
        params![table, column],
        |r| r.get(0),
    )?;
    if has {
        return Ok(false);
    }
    match c.execute_batch(&format!("ALTER TABLE {table} ADD COLUMN {column} TEXT")) {
        // Another instance starting at the same time added it first.
        Err(e) if e.to_string().contains("duplicate column") => Ok(false),
        other => other.map(|_| true).map_err(Into::into),
    }
}

/// Every column added since its table was first shipped.
pub(super) fn add_columns(c: &Connection) -> StoreResult<()> {
    // The boot holding an idempotency reservation, and the session a stored
    // answer is about (its erasure finds the answers).
    for column in ["holder", "session_id"] {
        add_text_column(c, "idempotency_keys", column)?;
    }
    c.execute_batch(
        "CREATE INDEX IF NOT EXISTS idempotency_keys_by_session ON idempotency_keys (session_id)
         WHERE session_id IS NOT NULL",
    )?;
    // The partner account that authorized a payment.
    add_text_column(c, "payments", "partner_account_id")?;
    // When a call that pays was last asked of Klarna (the page's config
    // reads the session's events only if one was). Open sessions asked
    // before are stamped from their events, so their reloaded pages wait too.
    if add_text_column(c, "sessions", "asked_at")? {
        c.execute_batch(
            "UPDATE sessions SET asked_at = (SELECT max(at) FROM session_events e
                 WHERE e.session_id = sessions.id AND e.kind = 'authorize.asked')
             WHERE state = 'open'",
        )?;
    }
    Ok(())
}
