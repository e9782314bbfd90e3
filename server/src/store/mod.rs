//! Storage behind one trait, [`Store`], with SQLite ([`SqliteStore`]) as the
//! embedded default.
//!
//! Everything a second server instance must see lives here: sessions and
//! their state (changed only by an atomic compare-and-set), authorizations,
//! payment requests (ours and the sandbox's), idempotency records and
//! webhook event ids. Handlers use only this trait, never SQL.

use async_trait::async_trait;
use checkout_core::api::Authorization;
use checkout_core::session::{NewSession, SessionPatch};
use checkout_core::state::SessionState;
use time::OffsetDateTime;

mod records;
mod sqlite;

pub use records::{
    IdempotencyBegin, PaymentRequestRecord, SandboxRequest, SessionEventRecord, SessionRecord,
};
pub use sqlite::SqliteStore;

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
    /// Replaces the network session token while `open`; `false` when not open.
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

    /// Stores a payment request of the emulated Klarna.
    async fn insert_sandbox_request(&self, r: &SandboxRequest) -> StoreResult<()>;
    /// Reads a payment request of the emulated Klarna.
    async fn sandbox_request(&self, id: &str) -> StoreResult<Option<SandboxRequest>>;
    /// Compare-and-set of an emulated payment request's state, storing the
    /// issued token with it; `false` when it was not in `from`.
    async fn sandbox_transition(
        &self,
        id: &str,
        from: &str,
        to: &str,
        token: Option<&str>,
        at: OffsetDateTime,
    ) -> StoreResult<bool>;

    /// Starts an idempotent request: reserves `(scope, key)` for this
    /// `request_hash`, or reports the stored answer, a mismatch or a request
    /// still in flight. Reservations older than `stale_after` are taken over.
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
    async fn shared_value(&self, name: &str, candidate: &str) -> StoreResult<String>;
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
    if let Some(p) = &patch.customer_profile {
        data.customer_profile = Some(p.clone());
    }
    if let Some(s) = &patch.shipping {
        data.shipping = Some(s.clone());
    }
}
