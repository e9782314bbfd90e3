//! Opening a [`PgStore`]: connection options, the embedded migrations
//! (applied under the migrator's advisory lock) and the readiness check.

use super::{holder, PgStore};
use crate::store::{PoolLimits, PoolUse, StoreError, StoreHealth, StoreResult};
use sqlx::migrate::{Migration, MigrationType, Migrator};
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::{ConnectOptions, Connection};
use std::borrow::Cow;
use std::time::Duration;

/// How a failed migration's [`StoreError`] starts (the start-up line tells it
/// from an unreachable database by it).
pub const MIGRATIONS_FAILED: &str = "migrations: ";

/// The migrations, oldest first; a new one is a new file and a new entry.
const MIGRATIONS: [(i64, &str, &str); 10] = [
    (
        1,
        "initial schema",
        include_str!("migrations/0001_initial.sql"),
    ),
    (
        2,
        "payments, jobs, notifications, sandbox record",
        include_str!("migrations/0002_lifecycle.sql"),
    ),
    (
        3,
        "merchants and their keys",
        include_str!("migrations/0003_merchants.sql"),
    ),
    (
        4,
        "holders of idempotency reservations",
        include_str!("migrations/0004_holders.sql"),
    ),
    (
        5,
        "shared versioned documents",
        include_str!("migrations/0005_documents.sql"),
    ),
    (
        6,
        "notification events by session (erasure)",
        include_str!("migrations/0006_events_by_session.sql"),
    ),
    (
        7,
        "idempotency answers by session (erasure)",
        include_str!("migrations/0007_idempotency_sessions.sql"),
    ),
    (
        8,
        "the partner account of each payment",
        include_str!("migrations/0008_payment_accounts.sql"),
    ),
    (
        9,
        "jobs that keep failing, by kind (metrics)",
        include_str!("migrations/0009_jobs_retrying.sql"),
    ),
    (
        10,
        "when a session's payment was last asked of Klarna",
        include_str!("migrations/0010_sessions_asked_at.sql"),
    ),
];

/// The newest migration this build knows.
pub fn newest_known_migration() -> i64 {
    MIGRATIONS.iter().map(|m| m.0).max().unwrap_or(0)
}

/// The embedded migrations. Migrations only add (tables, indexes, columns
/// with defaults), so a database a newer version migrated is one this build
/// runs on: its migrations unknown here are left alone (rolling deploys,
/// rollbacks). A known one applied with other SQL still stops the start.
fn migrator() -> Migrator {
    let mut m = Migrator::with_migrations(
        MIGRATIONS
            .iter()
            .map(|(v, name, sql)| {
                Migration::new(
                    *v,
                    Cow::Borrowed(*name),
                    MigrationType::Simple,
                    sqlx::SqlStr::from_static(sql),
                    false,
                )
            })
            .collect(),
    );
    m.set_ignore_missing(true);
    m
}

fn options(url: &str, limits: PoolLimits) -> StoreResult<PgConnectOptions> {
    let opts: PgConnectOptions = url
        .parse()
        .map_err(|_| StoreError("CHECKOUT_DATABASE_URL is not a PostgreSQL URL".into()))?;
    let ms = limits.timeout.as_millis().to_string();
    Ok(opts
        .application_name("checkout-server")
        .options([("statement_timeout", ms.as_str())])
        .log_slow_statements(tracing::log::LevelFilter::Warn, Duration::from_secs(1)))
}

impl PgStore {
    /// Applies pending migrations on one connection of its own, under the
    /// migrator's advisory lock.
    pub async fn migrate(url: &str, limits: PoolLimits) -> StoreResult<()> {
        let opts = options(url, limits)?;
        let mut conn = tokio::time::timeout(limits.timeout * 2, opts.connect())
            .await
            .map_err(|_| StoreError("connecting to PostgreSQL timed out".into()))??;
        // `run_direct` is `run` on a plain connection; `run`'s `Acquire` bound
        // makes this future not `Send` for every lifetime (sqlx's own note).
        let ran = migrator().run_direct(None, &mut conn, false).await;
        let newest: Option<i64> = match ran {
            Ok(()) => sqlx::query_scalar("SELECT max(version) FROM _sqlx_migrations WHERE success")
                .fetch_one(&mut conn)
                .await
                .unwrap_or(None),
            Err(_) => None,
        };
        let _ = conn.close().await;
        ran.map_err(|e| StoreError(format!("{MIGRATIONS_FAILED}{e}")))?;
        let known = newest_known_migration();
        if let Some(newest) = newest.filter(|n| *n > known) {
            tracing::warn!(
                database = newest,
                this_build = known,
                "the database was migrated by a newer version (migration {newest}; this build knows up to {known}); running on it, as migrations only add"
            );
        }
        Ok(())
    }

    /// A pool that connects on first use (no migrations).
    pub fn lazy(url: &str, limits: PoolLimits) -> StoreResult<PgStore> {
        let pool = PgPoolOptions::new()
            .max_connections(limits.max_connections)
            .min_connections(0)
            .acquire_timeout(limits.timeout)
            .idle_timeout(Duration::from_secs(300))
            .max_lifetime(Duration::from_secs(1800))
            .connect_lazy_with(options(url, limits)?);
        Ok(PgStore {
            pool,
            max: limits.max_connections,
            holder: None,
        })
    }

    /// Migrates, then opens the pool and checks it answers.
    pub async fn connect(url: &str, limits: PoolLimits) -> StoreResult<PgStore> {
        Self::migrate(url, limits).await?;
        let mut store = Self::lazy(url, limits)?;
        let boot = holder::Holder::register(&options(url, limits)?).await?;
        store.holder = Some(std::sync::Arc::new(boot));
        store.readiness().await?;
        Ok(store)
    }
}

/// Ready when PostgreSQL answers and every embedded migration is applied.
/// A database without sqlx's bookkeeping table (PostgreSQL's `undefined_table`,
/// 42P01) answers: its schema is missing, which no restore of PostgreSQL mends.
pub(super) async fn readiness(pool: &PgPool) -> StoreResult<()> {
    let applied: Vec<i64> =
        sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success ORDER BY version")
            .fetch_all(pool)
            .await
            .map_err(|e| match &e {
                sqlx::Error::Database(d) if d.code().as_deref() == Some("42P01") => StoreError(
                    "the database answers but has no schema (no _sqlx_migrations table): it is not migrated, \
                     or was emptied since this instance started; restart an instance to migrate it, and check \
                     that CHECKOUT_DATABASE_URL names the right database"
                        .into(),
                ),
                _ => StoreError(format!("PostgreSQL does not answer: {e}")),
            })?;
    let missing: Vec<i64> = MIGRATIONS
        .iter()
        .map(|m| m.0)
        .filter(|v| !applied.contains(v))
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(StoreError(format!(
            "migrations {missing:?} are not applied"
        )))
    }
}

/// How many of the pool's connections are in use, idle, at most.
pub(super) fn pool_use(store: &PgStore) -> PoolUse {
    let size = store.pool.size();
    let idle = u32::try_from(store.pool.num_idle()).unwrap_or(size);
    PoolUse {
        in_use: size.saturating_sub(idle),
        idle,
        max: store.max,
    }
}
