//! Payments: Klarna payment requests started for a session (step-up) and the
//! payment an authorization creates, with its operations (issue 13).

use super::{Effects, PaymentRecord, PaymentRequestRecord, PaymentWrite, StoreResult};
use async_trait::async_trait;
use checkout_core::api::Authorization;
use checkout_core::state::SessionState;
use time::OffsetDateTime;

/// Klarna payment requests and the payment after authorization, with its operations.
#[async_trait]
pub trait PaymentStore: Send + Sync {
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
    /// Payment requests started for a session.
    async fn payment_requests_of(&self, session_id: &str)
        -> StoreResult<Vec<PaymentRequestRecord>>;
    /// [`SessionStore::transition`](super::SessionStore::transition) plus
    /// `effects` (the payment an approval creates, notifications, jobs), all
    /// in one transaction; `false` (and nothing written) when the session was
    /// not in `from`.
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
}
