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

mod lifecycle;
pub mod merchants;
mod open;
mod postgres;
mod records;
mod sandbox;
mod sqlite;

pub use lifecycle::{
    DeliveryAttempt, Effects, EndpointRecord, EventRecord, EventSummary, JobFinish, JobRecord,
    NewJob, OperationRecord, PaymentRecord, PaymentWrite, SandboxCall,
};
pub use merchants::{KlarnaLink, MerchantKeyRecord, MerchantRecord, MerchantStore};
pub use open::{open, open_blocking, open_failure, DatabaseUrl, PoolLimits};
pub use postgres::PgStore;
pub use records::{
    IdempotencyBegin, JobBacklog, PaymentRequestRecord, PoolUse, SandboxRequest,
    SessionEventRecord, SessionRecord,
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
pub trait Store: merchants::MerchantStore + Send + Sync + 'static {
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

    /// A versioned JSON document every instance shares (the Klarna webhook
    /// subscription with its signing keys, the sandbox's Notifications API),
    /// with its version; `None` when never written.
    async fn document(&self, name: &str) -> StoreResult<Option<(serde_json::Value, i64)>>;
    /// Writes document `name` if it is still at `expected_version` (0: a new
    /// one), bumping the version; `false` (nothing written) when another
    /// write came first.
    async fn write_document(
        &self,
        name: &str,
        data: &serde_json::Value,
        expected_version: i64,
    ) -> StoreResult<bool>;

    /// `Ok` when the store answers and its schema is complete (every
    /// migration this build knows is applied); otherwise what is wrong, for
    /// `/readyz`.
    async fn readiness(&self) -> StoreResult<()>;
    /// The backend's name (`sqlite`, `postgres`), for logs and metrics.
    fn backend(&self) -> &'static str;
    /// Connections in use and idle, for the pool metrics.
    fn pool_use(&self) -> PoolUse;
    // ---- The payment after authorization (issue 13) ----

    /// [`Store::transition`] plus `effects` (the payment an approval
    /// creates, notifications, jobs), all in one transaction; `false` (and
    /// nothing written) when the session was not in `from`.
    async fn transition_with(
        &self,
        id: &str,
        from: SessionState,
        to: SessionState,
        authorization: Option<&Authorization>,
        at: OffsetDateTime,
        effects: &Effects,
    ) -> StoreResult<bool>;
    /// The payment of a session with its operations, oldest first.
    async fn payment(&self, session_id: &str) -> StoreResult<Option<PaymentRecord>>;
    /// The session whose payment has Klarna transaction `id`.
    async fn session_of_transaction(&self, id: &str) -> StoreResult<Option<String>>;
    /// Writes `w` in one transaction if the payment's version is still
    /// `w.expected_version` (bumping it), with its operations, events and
    /// jobs; `false` (nothing written) when another write came first. Every
    /// amount check is a pure function of the version read, so this
    /// compare-and-set is what keeps concurrent captures, on any number of
    /// instances, from passing what is left.
    async fn write_payment(&self, w: &PaymentWrite) -> StoreResult<bool>;
    /// Payment requests started for a session.
    async fn payment_requests_of(&self, session_id: &str)
        -> StoreResult<Vec<PaymentRequestRecord>>;
    /// Open sessions whose life ended before `now` (at most `limit`).
    async fn expired_open_sessions(
        &self,
        now: OffsetDateTime,
        limit: u32,
    ) -> StoreResult<Vec<String>>;
    /// Finished (not open) sessions last changed before `finished_before`
    /// whose personal data is not erased yet, oldest first (at most
    /// `limit`). SQL: `state <> 'open' AND updated_at < $1` and no
    /// `personal_data_erased_at` in the data JSON.
    async fn sessions_with_personal_data(
        &self,
        finished_before: OffsetDateTime,
        limit: u32,
    ) -> StoreResult<Vec<String>>;
    /// Erases the personal data of session `id` in one transaction
    /// ([`checkout_core::privacy::erase_personal_data`]: read the data under
    /// the row lock, erase, write it back; `updated_at` unchanged; nothing
    /// written when it was erased before). The session afterwards, `None`
    /// when there is none.
    async fn erase_personal_data(
        &self,
        id: &str,
        at: OffsetDateTime,
    ) -> StoreResult<Option<SessionRecord>>;
    /// A merchant's sessions, newest first (at most `limit`).
    async fn sessions_of(&self, merchant_id: &str, limit: u32) -> StoreResult<Vec<SessionRecord>>;
    /// Forgets idempotency records created before `before` (keys are kept
    /// at least 24 hours; the caller picks `before`).
    async fn prune_idempotency(&self, before: OffsetDateTime) -> StoreResult<u64>;

    // ---- Jobs ----

    /// Enqueues jobs; one whose `dedupe_key` is already queued is skipped.
    async fn enqueue_jobs(&self, jobs: &[NewJob]) -> StoreResult<()>;
    /// Atomically claims up to `limit` due jobs for `owner` until
    /// `now_ms + lease_ms`: queued ones whose time has come and running ones
    /// whose lease ran out (their instance died). A claimed job is run by
    /// its owner only; no two owners hold one job's lease at once.
    async fn claim_jobs(
        &self,
        owner: &str,
        now_ms: i64,
        lease_ms: i64,
        limit: u32,
    ) -> StoreResult<Vec<JobRecord>>;
    /// Ends `owner`'s run of job `id`; `false` when the lease was lost.
    async fn finish_job(&self, id: &str, owner: &str, finish: &JobFinish) -> StoreResult<bool>;
    /// Gives back `owner`'s unfinished leases (shutdown), so another instance
    /// runs them at once.
    async fn release_jobs(&self, owner: &str) -> StoreResult<u64>;
    /// Counts jobs by state (`queued`, `running`, `done`, `failed`).
    async fn job_counts(&self) -> StoreResult<Vec<(String, u64)>>;
    /// The queued jobs due at `now_ms`, by kind, with the oldest one's due
    /// time: the backlog and its age (notifications are jobs too).
    async fn job_backlog(&self, now_ms: i64) -> StoreResult<Vec<JobBacklog>>;
    /// Claims Klarna webhook event `event_id` and enqueues `job` for it in one
    /// transaction; `false` (nothing enqueued) when it was seen before.
    async fn accept_klarna_event(
        &self,
        event_id: &str,
        event_type: &str,
        job: &NewJob,
        at: OffsetDateTime,
    ) -> StoreResult<bool>;

    // ---- Merchant notifications ----

    /// Adds a notification endpoint.
    async fn insert_endpoint(&self, e: &EndpointRecord) -> StoreResult<()>;
    /// A merchant's live endpoints, oldest first.
    async fn endpoints(&self, merchant_id: &str) -> StoreResult<Vec<EndpointRecord>>;
    /// One endpoint (deleted ones too, for the delivery log).
    async fn endpoint(&self, id: &str) -> StoreResult<Option<EndpointRecord>>;
    /// Deletes a merchant's endpoint; `false` when it has none by that id.
    async fn delete_endpoint(&self, merchant_id: &str, id: &str) -> StoreResult<bool>;
    /// One event with its delivery counts.
    async fn event(&self, id: &str) -> StoreResult<Option<EventSummary>>;
    /// A merchant's events, newest first; `delivered` filters on "every
    /// endpoint it went to answered 2xx" (and at least one did).
    async fn events_of(
        &self,
        merchant_id: &str,
        delivered: Option<bool>,
        limit: u32,
    ) -> StoreResult<Vec<EventSummary>>;
    /// Records a delivery attempt (and the delivery as done when it was).
    async fn record_delivery(&self, a: &DeliveryAttempt) -> StoreResult<()>;
    /// Marks that an event is being sent to an endpoint (counted from now).
    async fn start_delivery(&self, event_id: &str, endpoint_id: &str) -> StoreResult<()>;
    /// Every attempt of an event, oldest first.
    async fn delivery_attempts(&self, event_id: &str) -> StoreResult<Vec<DeliveryAttempt>>;
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
    if let Some(d) = &patch.klarna_network_data {
        data.klarna_network_data = Some(d.clone());
    }
    // Personal data arriving after an erasure is kept (and retained) anew.
    if patch.customer_profile.is_some()
        || patch.shipping.is_some()
        || patch.klarna_network_data.is_some()
    {
        data.personal_data_erased_at = None;
    }
}
