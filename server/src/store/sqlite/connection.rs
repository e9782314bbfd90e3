//! The connections of [`SqliteStore`]: one behind a mutex, used from
//! `spawn_blocking`; WAL journal, `synchronous=FULL`, a busy timeout so
//! several processes can share the file; a second one for rate-limit counters
//! with `synchronous=NORMAL`. Opening the store creates the schema and
//! registers its boot ([`super::holder`]). Its readiness check and pool use.

use super::{columns, documents, holder, merchants, schema, schema_lifecycle};
use crate::store::{PoolUse, StoreError, StoreResult};
use rusqlite::Connection;
use std::path::Path;
use std::sync::atomic::AtomicU64;
use std::sync::{Arc, Mutex};

/// SQLite-backed [`Store`](crate::store::Store).
#[derive(Clone)]
pub struct SqliteStore {
    pub(super) conn: Arc<Mutex<Connection>>,
    /// A second connection for rate-limit counters only, with
    /// `synchronous=NORMAL` (no fsync per commit: losing the last counts in
    /// a crash is harmless, and it keeps the counter off the request's path).
    pub(super) rate_conn: Arc<Mutex<Connection>>,
    /// Rate-limit hits since start, to prune old counters now and then.
    pub(super) rate_hits: Arc<AtomicU64>,
    /// This store's boot, for reservations a dead process left
    /// ([`holder`]); none for an in-memory database (one process only).
    pub(super) holder: Option<Arc<holder::Holder>>,
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError(e.to_string())
    }
}

impl SqliteStore {
    /// Opens (creating if needed) the database at `path` and its directory,
    /// and creates the schema.
    pub fn open(path: &Path) -> StoreResult<SqliteStore> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| StoreError(format!("creating {}: {e}", dir.display())))?;
        }
        let conn = Connection::open(path)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.execute_batch(schema::SCHEMA)?;
        conn.execute_batch(schema_lifecycle::SCHEMA)?;
        conn.execute_batch(merchants::SCHEMA)?;
        conn.execute_batch(documents::SCHEMA)?;
        columns::add_columns(&conn)?;
        let holder = if path.as_os_str() == ":memory:" {
            None
        } else {
            Some(Arc::new(holder::Holder::register(path)?))
        };
        let rate_conn = Connection::open(path)?;
        rate_conn.busy_timeout(std::time::Duration::from_secs(5))?;
        rate_conn.pragma_update(None, "synchronous", "NORMAL")?;
        Ok(SqliteStore {
            conn: Arc::new(Mutex::new(conn)),
            rate_conn: Arc::new(Mutex::new(rate_conn)),
            rate_hits: Arc::default(),
            holder,
        })
    }

    pub(super) async fn run<T, F>(&self, f: F) -> StoreResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> StoreResult<T> + Send + 'static,
    {
        Self::run_on(self.conn.clone(), f).await
    }

    pub(super) async fn run_on<T, F>(conn: Arc<Mutex<Connection>>, f: F) -> StoreResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> StoreResult<T> + Send + 'static,
    {
        tokio::task::spawn_blocking(move || {
            let mut guard = conn
                .lock()
                .map_err(|_| StoreError("connection mutex poisoned".into()))?;
            f(&mut guard)
        })
        .await
        .map_err(|e| StoreError(format!("storage task failed: {e}")))?
    }
}

/// Ready when the schema's main tables exist.
pub(super) async fn readiness(store: &SqliteStore) -> StoreResult<()> {
    store.run(|c| {
        let tables: i64 = c.query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('sessions', 'idempotency_keys', 'rate_limits')",
            [],
            |r| r.get(0),
        )?;
        if tables == 3 {
            Ok(())
        } else {
            Err(StoreError("the SQLite schema is incomplete".into()))
        }
    })
    .await
}

/// How many of the two connections are in use (their mutex held).
pub(super) fn pool_use(store: &SqliteStore) -> PoolUse {
    // Two connections, each behind a mutex: one in use while it is held.
    let busy = [&store.conn, &store.rate_conn]
        .iter()
        .filter(|c| c.try_lock().is_err())
        .count() as u32;
    PoolUse {
        in_use: busy,
        idle: 2 - busy,
        max: 2,
    }
}
