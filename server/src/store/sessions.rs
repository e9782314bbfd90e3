//! Sessions: their data, state changes (an atomic compare-and-set), event log and
//! the queries over them (expired, by merchant).

use super::{SessionEventRecord, SessionRecord, StoreResult};
use async_trait::async_trait;
use checkout_core::api::Authorization;
use checkout_core::session::SessionPatch;
use checkout_core::state::SessionState;
use time::OffsetDateTime;

/// Checkout sessions: their data, their state (changed only by
/// compare-and-set) and their event log.
#[async_trait]
pub trait SessionStore: Send + Sync {
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
    /// Appends event `kind` like [`Self::add_event`] and sets the session's
    /// `asked_at` to `at`, in one transaction: a call that pays is being
    /// asked of Klarna (`payments::asked`). A session read afterwards says
    /// so without its events being read.
    async fn add_asked_event(
        &self,
        session_id: &str,
        kind: &str,
        detail: &serde_json::Value,
        at: OffsetDateTime,
    ) -> StoreResult<()>;
    /// The session's event log, oldest first.
    async fn events(&self, session_id: &str) -> StoreResult<Vec<SessionEventRecord>>;
    /// Open sessions whose life ended before `now` (at most `limit`).
    async fn expired_open_sessions(
        &self,
        now: OffsetDateTime,
        limit: u32,
    ) -> StoreResult<Vec<String>>;
    /// A merchant's sessions, newest first (at most `limit`).
    async fn sessions_of(&self, merchant_id: &str, limit: u32) -> StoreResult<Vec<SessionRecord>>;
}
