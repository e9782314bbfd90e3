//! The merchant's cancel of an open session: under the session's payment
//! lock (so it never overlaps an authorization), the session becomes
//! `canceled`, its payment requests are canceled at Klarna by the job
//! runner, and the hosted page shows the session closed.

use crate::error::AppError;
use crate::payments::{ensure_open, idempotency, settle};
use crate::state::AppState;
use crate::store::SessionRecord;
use checkout_core::state::SessionEvent;

/// Cancels open session `id` of its merchant; answers the session afterwards.
pub async fn cancel(state: &AppState, id: &str, merchant: &str) -> Result<SessionRecord, AppError> {
    idempotency::exclusive(state, id, || async {
        let s = state
            .store
            .session(id)
            .await?
            .filter(|s| s.merchant_id == merchant)
            .ok_or_else(|| AppError::not_found(format!("no session {id}")))?;
        ensure_open(&s)?;
        settle(state, &s, SessionEvent::Canceled, None).await
    })
    .await
}
