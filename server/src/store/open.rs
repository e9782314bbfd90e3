//! [`open`]: the store `CHECKOUT_DATABASE_URL` names, migrated and ready.
//!
//! `sqlite://<path>` (the embedded default, `sqlite://{CHECKOUT_DATA_DIR}/checkout.sqlite`)
//! or `postgres://user:password@host:5432/db` (`postgresql://` too, with
//! libpq's query parameters such as `sslmode`).

use super::{Backend, PgStore, SqliteStore, StoreError, StoreResult};
use crate::settings::{Secret, Settings};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// Where the store lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    /// An SQLite file (created on start).
    Sqlite(PathBuf),
    /// A PostgreSQL database; the URL may carry a password.
    Postgres(Secret),
}

impl DatabaseUrl {
    /// Parses a `CHECKOUT_DATABASE_URL` value; the error says what was expected
    /// and never repeats the value (it may hold a password).
    pub fn parse(v: &str) -> Result<DatabaseUrl, String> {
        let v = v.trim();
        if let Some(path) = v.strip_prefix("sqlite://").or(v.strip_prefix("sqlite:")) {
            if path.is_empty() {
                return Err("expected sqlite://<path of the database file>".into());
            }
            return Ok(DatabaseUrl::Sqlite(PathBuf::from(path)));
        }
        if v.starts_with("postgres://") || v.starts_with("postgresql://") {
            return match v.parse::<sqlx::postgres::PgConnectOptions>() {
                Ok(_) => Ok(DatabaseUrl::Postgres(Secret::new(v))),
                Err(e) => Err(format!(
                    "expected postgres://user:password@host:port/database: {}",
                    redacted(&e.to_string(), v)
                )),
            };
        }
        Err("expected sqlite://<path> or postgres://user:password@host:port/database".into())
    }

    /// The backend's name (`sqlite`, `postgres`).
    pub fn backend(&self) -> &'static str {
        match self {
            DatabaseUrl::Sqlite(_) => "sqlite",
            DatabaseUrl::Postgres(_) => "postgres",
        }
    }
}

/// An error text with the URL itself removed (it may hold a password).
fn redacted(text: &str, url: &str) -> String {
    text.replace(url, "<the URL>")
}

/// Limits of the PostgreSQL connection pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolLimits {
    /// Most connections one instance opens (`CHECKOUT_DATABASE_MAX_CONNECTIONS`).
    pub max_connections: u32,
    /// Longest wait for a connection, and longest run of one statement
    /// (`CHECKOUT_DATABASE_TIMEOUT_MS`).
    pub timeout: Duration,
}

impl Default for PoolLimits {
    fn default() -> Self {
        PoolLimits {
            max_connections: 10,
            timeout: Duration::from_secs(5),
        }
    }
}

/// Opens the store `settings.database` names, applying migrations first
/// (PostgreSQL: under an advisory lock, so instances starting together
/// apply each migration once).
pub async fn open(settings: &Settings) -> StoreResult<Arc<dyn Backend>> {
    match &settings.database {
        DatabaseUrl::Sqlite(path) => Ok(Arc::new(SqliteStore::open(path)?)),
        DatabaseUrl::Postgres(url) => Ok(Arc::new(
            PgStore::connect(url.expose(), settings.pool).await?,
        )),
    }
}

/// [`open`] for synchronous callers inside or outside a Tokio runtime (test
/// helpers): PostgreSQL's migrations run on a helper thread with a runtime of
/// its own, and the pool connects lazily on the caller's runtime.
pub fn open_blocking(settings: &Settings) -> StoreResult<Arc<dyn Backend>> {
    match &settings.database {
        DatabaseUrl::Sqlite(path) => Ok(Arc::new(SqliteStore::open(path)?)),
        DatabaseUrl::Postgres(url) => {
            let (url, limits) = (url.expose().to_string(), settings.pool);
            let migrated = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .map_err(|e| StoreError(format!("starting a runtime: {e}")))?;
                rt.block_on(PgStore::migrate(&url, limits))
            })
            .join()
            .map_err(|_| StoreError("the migration thread panicked".into()))?;
            migrated?;
            Ok(Arc::new(PgStore::lazy(url_of(settings), settings.pool)?))
        }
    }
}

/// The start-up line for a store that can't be opened, naming the setting.
pub fn open_failure(settings: &Settings, e: &StoreError) -> String {
    match &settings.database {
        DatabaseUrl::Sqlite(path) if settings.database_url_set => format!(
            "CHECKOUT_DATABASE_URL: expected a writable SQLite file at {}: {e}",
            path.display()
        ),
        DatabaseUrl::Sqlite(path) => format!(
            "CHECKOUT_DATA_DIR: expected a writable directory for {}: {e}",
            path.display()
        ),
        DatabaseUrl::Postgres(_) if e.0.starts_with(super::postgres::MIGRATIONS_FAILED) => format!(
            "CHECKOUT_DATABASE_URL: the database answers, but its schema can't be brought to this version's (this build knows migrations up to {}): {e}",
            super::postgres::newest_known_migration()
        ),
        DatabaseUrl::Postgres(_) => {
            format!("CHECKOUT_DATABASE_URL: expected a reachable PostgreSQL database: {e}")
        }
    }
}

fn url_of(settings: &Settings) -> &str {
    match &settings.database {
        DatabaseUrl::Postgres(url) => url.expose(),
        DatabaseUrl::Sqlite(_) => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        assert_eq!(
            DatabaseUrl::parse("sqlite://./data/x.sqlite"),
            Ok(DatabaseUrl::Sqlite("./data/x.sqlite".into()))
        );
        assert_eq!(
            DatabaseUrl::parse("sqlite:///var/lib/c.sqlite"),
            Ok(DatabaseUrl::Sqlite("/var/lib/c.sqlite".into()))
        );
        let pg = DatabaseUrl::parse("postgres://u:pw@db.internal:5432/checkout").unwrap();
        assert_eq!(pg.backend(), "postgres");
        assert!(!format!("{pg:?}").contains("pw"));
        for bad in ["mysql://x", "sqlite://", "postgres://u:pw@host:notaport/db"] {
            let e = DatabaseUrl::parse(bad).unwrap_err();
            assert!(e.starts_with("expected"), "{bad}: {e}");
            assert!(!e.contains("pw@"), "{e}");
        }
    }
}
