//! Which process holds a reservation, and whether it is still alive, across
//! instances on one database: each connected store is a *boot* with a
//! random id and holds a session-level advisory lock derived from that id
//! on a connection of its own for as long as it lives. PostgreSQL releases
//! the lock when that connection ends, which a dying process's does however
//! it dies (the kernel closes its socket), so a reservation whose holder's
//! lock can be taken was left by a dead process and is taken over at once;
//! one whose holder's lock is held belongs to a live instance and is left
//! alone until its lease runs out.
//!
//! Should the liveness connection itself drop while the process lives (the
//! database restarted), its reservations may be taken over early: the
//! Klarna calls behind them carry a `Klarna-Idempotency-Key` derived from
//! the request, so Klarna answers the second caller with the first's result
//! and the money moves once.

use crate::store::StoreResult;
use sqlx::postgres::{PgConnectOptions, PgConnection};
use sqlx::{ConnectOptions, Postgres, Transaction};

/// The advisory lock class of boots (`"KHC"` + 1).
const CLASS: i32 = 0x4b48_4301;

/// This store's boot and the connection holding its lock.
pub struct Holder {
    /// The boot id written into the reservations this store makes.
    pub me: String,
    _conn: PgConnection,
}

/// The advisory lock key of boot `id` (31 bits of it, so it stays positive).
fn lock_key(id: &str) -> Option<i32> {
    let head = id.get(..8)?;
    let v = u32::from_str_radix(head, 16).ok()?;
    i32::try_from(v >> 1).ok()
}

impl Holder {
    /// Opens the liveness connection and takes this boot's lock.
    pub async fn register(opts: &PgConnectOptions) -> StoreResult<Holder> {
        let me = crate::ids::random_hex(16);
        let key = lock_key(&me).unwrap_or_default();
        let mut conn = opts
            .clone()
            .application_name("checkout-server boot")
            .connect()
            .await?;
        sqlx::query("SELECT pg_advisory_lock($1, $2)")
            .bind(CLASS)
            .bind(key)
            .execute(&mut conn)
            .await?;
        Ok(Holder { me, _conn: conn })
    }

    /// Whether boot `id` is alive: this one, or some session holding its
    /// lock. Asked inside `tx`, with a transaction-level try-lock that is
    /// released at its end.
    pub async fn alive(&self, tx: &mut Transaction<'_, Postgres>, id: &str) -> StoreResult<bool> {
        if id == self.me {
            return Ok(true);
        }
        let Some(key) = lock_key(id) else {
            return Ok(true); // not a boot id of ours: leave it to the lease
        };
        let free: bool = sqlx::query_scalar("SELECT pg_try_advisory_xact_lock($1, $2)")
            .bind(CLASS)
            .bind(key)
            .fetch_one(&mut **tx)
            .await?;
        Ok(!free)
    }
}
