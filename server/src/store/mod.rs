//! Storage behind one trait, [`Store`], with SQLite ([`SqliteStore`]) as the
//! embedded default and PostgreSQL ([`PgStore`]) for several instances on one
//! database; [`open`] picks one from `CHECKOUT_DATABASE_URL`.
//!
//! Everything a second server instance must see lives here: sessions and
//! their state (changed only by an atomic compare-and-set), authorizations,
//! payment requests, idempotency records and the payment lock, webhook event
//! ids, rate-limit counters and shared generated secrets. Handlers use only
//! these traits, never SQL. The emulated Klarna's own records sit behind a
//! second trait, [`SandboxStore`], that production code never calls.
//! `server/tests/store_contract.rs` holds every backend to the same contract.

use async_trait::async_trait;
use checkout_core::api::Authorization;
use checkout_core::session::{NewSession, SessionPatch};
use checkout_core::state::SessionState;
use time::OffsetDateTime;

mod open;
mod postgres;
mod records;
mod sandbox;
mod sqlite;

pub use open::{open, open_blocking, open_failure, DatabaseUrl, PoolLimits};
pub use postgres::PgStore;
pub use records::{
    IdempotencyBegin, PaymentRequestRecord, PoolUse, SandboxRequest, SessionEventRecord,
    SessionRecord,
};
pub use sandbox::SandboxStore;
pub use sqlite::SqliteStore;

/// A whole backend: the production [`Store`] and the sandbox's [`SandboxStore`].
pub trait Backend: Store + SandboxStore {}
impl<T: Store + SandboxStore> Backend for T {}

/// A storage failure (I/O, corruption, a bug); never the caller's fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreError(pub String);

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "storage: {}", self.0)
    }
}

impl std::error::Error for StoreError {}

/// Result of store operations.
pub type StoreResult<T> = Result<T, StoreError>;

/// Persistent state of the checkout.
#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// Inserts a new session.
    async fn insert_session(&self, session: &SessionRecord) -> StoreResult<()>;
    /// Reads a session with its authorization.
    async fn session(&self, id: &str) -> StoreResult<Option<SessionRecord>>;
    /// Applies `patch` if the session is still `open`; `None` when it isn't (or is unknown).
    async fn patch_open_session(
        &self,
        id: &str,
        patch: &SessionPatch,
        at: OffsetDateTime,
    ) -> StoreResult<Option<SessionRecord>>;
    /// Replaces the network session token while `open` and `at` is before
    /// `expires_at` (strictly); `false` otherwise.
    async fn set_network_token(
        &self,
        id: &str,
        token: &str,
        at: OffsetDateTime,
    ) -> StoreResult<bool>;
    /// Atomically moves the session from `from` to `to`, recording
    /// `authorization` in the same transaction; `false` when the session was
    /// not in `from` (someone else won), or when `authorization`'s amount and
    /// currency are not the session's as stored at that moment (Klarna
    /// approved an amount the session no longer has).
    async fn transition(
        &self,
        id: &str,
        from: SessionState,
        to: SessionState,
        authorization: Option<&Authorization>,
        at: OffsetDateTime,
    ) -> StoreResult<bool>;
    /// Appends an event (result reports, webhook effects) to the session's log.
    async fn add_event(
        &self,
        session_id: &str,
        kind: &str,
        detail: &serde_json::Value,
        at: OffsetDateTime,
    ) -> StoreResult<()>;
    /// The session's event log, oldest first.
    async fn events(&self, session_id: &str) -> StoreResult<Vec<SessionEventRecord>>;

    /// Records a Klarna payment request started for a session (step-up).
    async fn insert_payment_request(&self, pr: &PaymentRequestRecord) -> StoreResult<()>;
    /// Reads one of our payment request records.
    async fn payment_request(&self, id: &str) -> StoreResult<Option<PaymentRequestRecord>>;
    /// Sets a payment request's state (from webhooks and final authorizations).
    async fn set_payment_request_state(
        &self,
        id: &str,
        state: &str,
        at: OffsetDateTime,
    ) -> StoreResult<()>;

    /// Starts an idempotent request: reserves `(scope, key)` for this
    /// `request_hash`, or reports the stored answer, a mismatch or a request
    /// still in flight. Reservations older than `stale_after` are taken over.
    ///
    /// Atomic across instances: of any number of concurrent callers with the
    /// same `(scope, key)`, exactly one gets [`IdempotencyBegin::Proceed`]
    /// (SQLite: `BEGIN IMMEDIATE`; PostgreSQL: the row's primary key and a
    /// `FOR UPDATE` row lock). The payment lock is built on this.
    async fn idempotency_begin(
        &self,
        scope: &str,
        key: &str,
        request_hash: &str,
        at: OffsetDateTime,
        stale_after: time::Duration,
    ) -> StoreResult<IdempotencyBegin>;
    /// Stores the answer of a reserved request.
    async fn idempotency_complete(
        &self,
        scope: &str,
        key: &str,
        status: u16,
        body: &[u8],
    ) -> StoreResult<()>;
    /// Renews a reservation still in flight (its holder is alive), so it is
    /// not taken over as stale; a no-op once the answer is stored.
    async fn idempotency_touch(
        &self,
        scope: &str,
        key: &str,
        at: OffsetDateTime,
    ) -> StoreResult<()>;
    /// Drops a reservation whose request failed retryably.
    async fn idempotency_abandon(&self, scope: &str, key: &str) -> StoreResult<()>;

    /// Claims a webhook event id; `false` when it was seen before.
    async fn claim_webhook_event(
        &self,
        event_id: &str,
        event_type: &str,
        at: OffsetDateTime,
    ) -> StoreResult<bool>;
    /// Forgets a claimed event whose handling failed, so a redelivery runs again.
    async fn release_webhook_event(&self, event_id: &str) -> StoreResult<()>;

    /// Counts one request of `key` in the fixed window starting at
    /// `window_start` (unix seconds) and returns the requests counted in that
    /// window so far, this one included. One atomic upsert, so every
    /// instance on the store shares the counter; a newer window resets it.
    async fn rate_limit_hit(&self, key: &str, window_start: i64) -> StoreResult<u64>;

    /// Returns the value stored under `name`, storing `candidate` first if
    /// there is none (shared generated secrets such as the sandbox's signing key).
    /// The first value stored wins for every instance, however many race.
    async fn shared_value(&self, name: &str, candidate: &str) -> StoreResult<String>;

    /// `Ok` when the store answers and its schema is complete (every
    /// migration this build knows is applied); otherwise what is wrong, for
    /// `/readyz`.
    async fn readiness(&self) -> StoreResult<()>;
    /// The backend's name (`sqlite`, `postgres`), for logs and metrics.
    fn backend(&self) -> &'static str;
    /// Connections in use and idle, for the pool metrics.
    fn pool_use(&self) -> PoolUse;
}

/// Applies a validated patch to session data (pure; stores call it inside
/// their transaction).
pub fn apply_patch(data: &mut NewSession, patch: &SessionPatch) {
    if let Some(a) = patch.amount {
        data.amount = a;
    }
    if let Some(c) = &patch.currency {
        data.currency = c.clone();
    }
    if let Some(l) = &patch.locale {
        data.locale = l.clone();
    }
    if let Some(lines) = &patch.order_lines {
        data.order_lines = lines.clone();
    }
}
