//! Records the [`Store`](super::Store) keeps.

use checkout_core::api::Authorization;
use checkout_core::session::NewSession;
use checkout_core::state::SessionState;
use time::OffsetDateTime;

/// A checkout session as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRecord {
    /// `hcs_…`.
    pub id: String,
    /// The merchant that created it (only it can see the session).
    pub merchant_id: String,
    /// SHA-256 (hex) of the client secret.
    pub client_secret_hash: String,
    /// State as stored; use [`SessionRecord::state_at`] for the public state.
    pub state: SessionState,
    /// The validated creation data, patched; carries the current network token.
    pub data: NewSession,
    /// Set once authorized.
    pub authorization: Option<Authorization>,
    /// Creation time.
    pub created_at: OffsetDateTime,
    /// End of life.
    pub expires_at: OffsetDateTime,
    /// When a call that pays was last asked of Klarna for it (the event
    /// written by [`super::SessionStore::add_asked_event`]); `None` while
    /// none was, so the page's config needn't read the events to know that
    /// no payment is running. Set by the store only: ignored on insert.
    pub asked_at: Option<OffsetDateTime>,
}

impl SessionRecord {
    /// The public state at `now`: an open session past `expires_at` is `expired`.
    pub fn state_at(&self, now: OffsetDateTime) -> SessionState {
        if self.state == SessionState::Open && now >= self.expires_at {
            SessionState::Expired
        } else {
            self.state
        }
    }
}

/// A Klarna payment request we started for a session (the step-up journey).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentRequestRecord {
    /// Klarna's payment request id.
    pub id: String,
    /// Our session.
    pub session_id: String,
    /// Klarna's state as last seen (`SUBMITTED`, `COMPLETED`, `CANCELED`, …).
    pub state: String,
    /// When we created the record.
    pub created_at: OffsetDateTime,
    /// Last change.
    pub updated_at: OffsetDateTime,
}

/// A payment request of the emulated Klarna (sandbox mode).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SandboxRequest {
    /// Payment request id issued by the sandbox.
    pub id: String,
    /// `payment_request_reference` (our session id).
    pub reference: String,
    /// `SUBMITTED`, `COMPLETED` or `CANCELED`.
    pub state: String,
    /// What the persona's journey does: `complete` or `abort`.
    pub journey: String,
    /// Amount requested, minor units.
    pub amount: i64,
    /// Currency requested.
    pub currency: String,
    /// Network session token issued on completion.
    pub token: Option<String>,
    /// Creation time.
    pub created_at: OffsetDateTime,
    /// Last change (completion time once completed).
    pub updated_at: OffsetDateTime,
}

/// One entry of a session's event log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionEventRecord {
    /// Event kind, e.g. `result.aborted`, `webhook.completed`.
    pub kind: String,
    /// JSON details.
    pub detail: serde_json::Value,
    /// When it was recorded.
    pub at: OffsetDateTime,
}

/// What [`IdempotencyStore::idempotency_begin`](super::IdempotencyStore::idempotency_begin) found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdempotencyBegin {
    /// The key is reserved for this request: do the work, then complete it.
    Proceed,
    /// The key was used with the same body: answer exactly this.
    Replay {
        /// HTTP status of the first answer.
        status: u16,
        /// Body of the first answer, byte for byte.
        body: Vec<u8>,
    },
    /// The key was used with a different body.
    Mismatch,
    /// The first request with this key is still being processed.
    InProgress,
}

/// The due part of the job queue for one kind of job, for the metrics.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobBacklog {
    /// The job kind (`deliver_event`, `klarna_event`, …).
    pub kind: String,
    /// Queued jobs of this kind that are due.
    pub due: u64,
    /// The `run_at_ms` of the one waiting longest.
    pub oldest_run_at_ms: i64,
}

/// Queued jobs of one kind that failed at least once and wait for their next
/// try (a merchant endpoint that refuses, Klarna that does not answer).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobsRetrying {
    /// The job kind.
    pub kind: String,
    /// How many of them.
    pub retrying: u64,
    /// When the oldest of them was created (unix ms): since about then it
    /// has been failing.
    pub oldest_created_at_ms: i64,
}

/// Connections of a store's pool, for the metrics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PoolUse {
    /// Connections handed out right now.
    pub in_use: u32,
    /// Open connections waiting in the pool.
    pub idle: u32,
    /// The pool's limit.
    pub max: u32,
}
