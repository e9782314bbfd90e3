//! Periodic work of each instance (once a minute): open sessions past their
//! life become `expired` (notification, their payment requests canceled at
//! Klarna), and `Idempotency-Key`s older than `CHECKOUT_IDEMPOTENCY_HOURS`
//! are forgotten, and sessions finished more than
//! `CHECKOUT_PERSONAL_DATA_DAYS` ago lose the shopper's personal data
//! ([`checkout_core::privacy`]), and jobs done for 7 days or given up for
//! `CHECKOUT_FAILED_JOBS_DAYS` are deleted. All are safe to run on several instances
//! at once (the expiry is a compare-and-set, the erasure idempotent).

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
    erase_personal_data(state, now).await;
    let now_ms = crate::clock::now_ms();
    let failed_before = now_ms - state.settings.jobs.failed_jobs_days * 86_400_000;
    match state
        .store
        .prune_jobs(now_ms - DONE_JOBS_KEPT_MS, failed_before, 1000)
        .await
    {
        Ok(0) => {}
        Ok(n) => tracing::info!(target: "job", deleted = n,
            failed_jobs_days = state.settings.jobs.failed_jobs_days,
            "old jobs deleted (done for 7 days, given up for CHECKOUT_FAILED_JOBS_DAYS)"),
        Err(e) => tracing::error!(target: "job", error = %e, "deleting old jobs failed"),
    }
}

/// How long a job that ran to its end is kept (for a look at what ran): 7
/// days. Then the maintenance round deletes it, so the queue does not grow
/// for ever and the Klarna envelopes of webhook jobs (which can name the
/// shopper) go too. Given-up jobs are kept longer, for investigation
/// (`CHECKOUT_FAILED_JOBS_DAYS`).
const DONE_JOBS_KEPT_MS: i64 = 7 * 86_400_000;

/// Erases the personal data of sessions finished before the retention.
async fn erase_personal_data(state: &AppState, now: time::OffsetDateTime) {
    let before = now - time::Duration::days(state.settings.jobs.personal_data_days);
    let ids = match state.store.sessions_with_personal_data(before, 200).await {
        Ok(ids) => ids,
        Err(e) => {
            tracing::error!(target: "job", error = %e, "listing sessions with personal data failed");
            return;
        }
    };
    for id in ids {
        match state.store.erase_personal_data(&id, now).await {
            Ok(_) => {
                tracing::info!(target: "job", session = %id, "personal data erased (retention)")
            }
            Err(e) => {
                tracing::warn!(target: "job", session = %id, error = %e, "erasing personal data failed")
            }
        }
    }
}
