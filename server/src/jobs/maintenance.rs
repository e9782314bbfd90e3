//! Periodic work of each instance (once a minute): open sessions past their
//! life become `expired` (notification, their payment requests canceled at
//! Klarna), and `Idempotency-Key`s older than `CHECKOUT_IDEMPOTENCY_HOURS`
//! are forgotten. Both are safe to run on several instances at once (the
//! expiry is a compare-and-set).

use crate::clock;
use crate::payments::settle;
use crate::state::AppState;
use checkout_core::state::{SessionEvent, SessionState};

/// One round.
pub async fn tick(state: &AppState) {
    let now = clock::now();
    match state.store.expired_open_sessions(now, 200).await {
        Ok(ids) => {
            for id in ids {
                let s = match state.store.session(&id).await {
                    Ok(Some(s)) if s.state == SessionState::Open => s,
                    _ => continue,
                };
                if let Err(e) = settle(state, &s, SessionEvent::Expired, None).await {
                    tracing::warn!(target: "job", session = %id, error = %e, "expiring a session failed");
                }
            }
        }
        Err(e) => tracing::error!(target: "job", error = %e, "listing expired sessions failed"),
    }
    let before = now - time::Duration::hours(state.settings.jobs.idempotency_hours);
    match state.store.prune_idempotency(before).await {
        Ok(0) => {}
        Ok(n) => tracing::info!(target: "job", forgotten = n, "old idempotency keys forgotten"),
        Err(e) => {
            tracing::error!(target: "job", error = %e, "forgetting old idempotency keys failed")
        }
    }
}
