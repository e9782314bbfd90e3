//! [`PgStore`]: the PostgreSQL implementation of [`Store`](super::Store) and
//! [`SandboxStore`](super::SandboxStore), for several server instances on one database.
//!
//! sqlx's pool with limits and time-outs ([`PoolLimits`](super::PoolLimits)); versioned
//! migrations (`migrations/*.sql`, embedded) applied on start by sqlx's
//! migrator, which holds a PostgreSQL advisory lock while it runs, so
//! instances starting together apply each migration once. Which guarantee
//! rests on what: state changes are `UPDATE … WHERE state = $from`
//! (compare-and-set under the row lock), idempotency reservations and the
//! payment lock are the primary key plus `SELECT … FOR UPDATE`, webhook
//! dedupe and shared values are `INSERT … ON CONFLICT DO NOTHING`, rate
//! limits one `INSERT … ON CONFLICT DO UPDATE … RETURNING`, payments a
//! versioned `UPDATE … WHERE version = $expected` with their operations,
//! notifications and jobs in the same transaction, and job claims
//! `FOR UPDATE SKIP LOCKED` with a lease only its owner can finish.

use super::StoreError;
use sqlx::postgres::PgPool;

mod connect;
pub use connect::{newest_known_migration, MIGRATIONS_FAILED};
mod documents;
mod holder;
mod jobs;
mod keys;
mod merchants;
mod notifications;
mod payments;
mod privacy;
mod requests;
mod sandbox;
mod sessions;
mod store_impl;

/// PostgreSQL-backed [`Store`](crate::store::Store).
#[derive(Clone)]
pub struct PgStore {
    pool: PgPool,
    max: u32,
    /// This instance's boot, for reservations a dead process left
    /// ([`holder`]); none for a lazy pool (test helpers: the lease only).
    holder: Option<std::sync::Arc<holder::Holder>>,
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        StoreError(e.to_string())
    }
}
