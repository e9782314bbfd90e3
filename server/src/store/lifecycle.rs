//! Records of the payment after authorization, the job queue, merchant
//! notifications and the sandbox's Klarna, as the [`Store`](super::Store)
//! keeps them.

use checkout_core::operations::OperationStatus;
use checkout_core::payment::{CaptureMethod, Ledger, OperationKind};
use serde_json::Value;
use time::OffsetDateTime;

/// The payment of an authorized session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentRecord {
    /// The session (one payment per session).
    pub session_id: String,
    /// Its merchant.
    pub merchant_id: String,
    /// Klarna's transaction id.
    pub payment_transaction_id: String,
    /// Currency.
    pub currency: String,
    /// `manual` or `automatic`.
    pub capture_method: CaptureMethod,
    /// The amounts.
    pub ledger: Ledger,
    /// Klarna's `klarna_network_response_data`, verbatim.
    pub network_response_data: Option<String>,
    /// The Klarna partner account that authorized it: its captures, refunds,
    /// voids and reads go there even after the merchant moves to another
    /// account (Klarna knows the transaction only on this one). `None` for
    /// payments stored before it was recorded (and in the sandbox without a
    /// global account): the merchant's current account.
    pub partner_account_id: Option<String>,
    /// Bumped by every write; writes compare it (optimistic concurrency).
    pub version: i64,
    /// Creation time.
    pub created_at: OffsetDateTime,
    /// Last change.
    pub updated_at: OffsetDateTime,
    /// Its captures, refunds and voids, oldest first (filled on read).
    pub operations: Vec<OperationRecord>,
}

/// One capture, refund or void.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperationRecord {
    /// `cap_…`, `ref_…`, `void_…`.
    pub id: String,
    /// The session.
    pub session_id: String,
    /// Capture, refund or void.
    pub kind: OperationKind,
    /// Amount reserved, minor units.
    pub amount: i64,
    /// Where it stands with Klarna.
    pub status: OperationStatus,
    /// A refund's capture.
    pub capture_id: Option<String>,
    /// The merchant's reference.
    pub reference: Option<String>,
    /// The validated request (order lines, shipping info, reason).
    pub request: Value,
    /// Klarna's id of it, once known.
    pub klarna_id: Option<String>,
    /// Klarna's reason when it refused.
    pub failure_reason: Option<String>,
    /// The `Klarna-Idempotency-Key` every attempt of it sends.
    pub klarna_key: String,
    /// When it was asked for.
    pub created_at: OffsetDateTime,
    /// Last change.
    pub updated_at: OffsetDateTime,
}

/// A merchant notification, written in the transaction of the change it reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventRecord {
    /// `evt_…`.
    pub id: String,
    /// The merchant it is for.
    pub merchant_id: String,
    /// The session it is about.
    pub session_id: String,
    /// e.g. `payment.captured`.
    pub event_type: String,
    /// The session as `GET /v1/sessions/{id}` showed it right after the change.
    pub data: Value,
    /// When it happened.
    pub created_at: OffsetDateTime,
}

/// A job to enqueue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewJob {
    /// `job_…`.
    pub id: String,
    /// What to run (`klarna_event`, `settle_operation`, `dispatch_event`, …).
    pub kind: String,
    /// Its input.
    pub payload: Value,
    /// Not before (unix milliseconds).
    pub run_at_ms: i64,
    /// A job with the same key is enqueued only once (while it exists).
    pub dedupe_key: Option<String>,
}

/// A claimed job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobRecord {
    /// `job_…`.
    pub id: String,
    /// What to run.
    pub kind: String,
    /// Its input.
    pub payload: Value,
    /// Runs so far, this one included.
    pub attempts: u32,
    /// When it was enqueued (unix milliseconds).
    pub created_at_ms: i64,
}

/// How a claimed job ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobFinish {
    /// Done; it won't run again.
    Done,
    /// Run it again at `run_at_ms`.
    Retry {
        /// Not before (unix milliseconds).
        run_at_ms: i64,
        /// What went wrong this time.
        error: String,
    },
    /// Given up; kept with its error for the operator.
    Failed {
        /// What went wrong last.
        error: String,
    },
}

/// What a session's change brings along, written in the same transaction.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Effects {
    /// The payment an authorization creates.
    pub payment: Option<PaymentRecord>,
    /// Merchant notifications.
    pub events: Vec<EventRecord>,
    /// Jobs (deliveries, cancellations at Klarna).
    pub jobs: Vec<NewJob>,
    /// Lines of a session's own event log
    /// ([`SessionStore::events`](super::SessionStore::events)) that record
    /// why the change happened, so a reader who sees the change sees them.
    pub log: Vec<NewSessionEvent>,
}

/// A line of a session's event log, written with a change ([`Effects::log`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSessionEvent {
    /// The session it belongs to.
    pub session_id: String,
    /// Its kind, e.g. `final_authorization`.
    pub kind: String,
    /// JSON details.
    pub detail: Value,
    /// When it happened.
    pub at: OffsetDateTime,
}

/// A payment write: the new header, the operations added or changed, and
/// their effects, applied only if the payment is still at `expected_version`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentWrite {
    /// The payment's new state (its `operations` are ignored).
    pub payment: PaymentRecord,
    /// The version it was read at.
    pub expected_version: i64,
    /// Operations to insert or replace.
    pub operations: Vec<OperationRecord>,
    /// Notifications and jobs.
    pub effects: Effects,
}

/// A merchant's notification endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointRecord {
    /// `we_…`.
    pub id: String,
    /// Its merchant.
    pub merchant_id: String,
    /// Where deliveries go.
    pub url: String,
    /// Event types it wants (empty: all).
    pub event_types: Vec<String>,
    /// The signing secret.
    pub secret: String,
    /// Creation time.
    pub created_at: OffsetDateTime,
}

/// One delivery attempt of an event to an endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryAttempt {
    /// The event.
    pub event_id: String,
    /// The endpoint.
    pub endpoint_id: String,
    /// Its URL at the time.
    pub url: String,
    /// When it was sent.
    pub at: OffsetDateTime,
    /// The HTTP status answered, if any.
    pub status_code: Option<u16>,
    /// How long the answer took, milliseconds.
    pub latency_ms: i64,
    /// Why it failed (connection, timeout, non-2xx).
    pub error: Option<String>,
    /// Whether this attempt delivered it.
    pub delivered: bool,
}

/// An event with how far its deliveries got.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventSummary {
    /// The event.
    pub event: EventRecord,
    /// Endpoints it was sent to.
    pub endpoints: u32,
    /// Endpoints that answered 2xx.
    pub delivered: u32,
    /// Its place among its session's events, from 1, in the order they were
    /// written (the events' `seq` within the session: later writes, larger).
    pub sequence: i64,
}

/// One call the sandbox's Klarna received (the fault suite counts these).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SandboxCall {
    /// `authorize`, `capture`, `refund`, `void`, `read`, `cancel_payment_request`, …
    pub operation: String,
    /// Our session (`payment_request_reference` / `payment_transaction_reference`).
    pub session_id: Option<String>,
    /// The transaction, for calls on one.
    pub transaction_id: Option<String>,
    /// Its `Klarna-Idempotency-Key`.
    pub idempotency_key: Option<String>,
    /// What it did: `performed`, `replayed`, `refused`, `failed` (injected).
    pub outcome: String,
    /// What was asked (amounts, token header, step).
    pub detail: Value,
    /// When.
    pub at: OffsetDateTime,
}
