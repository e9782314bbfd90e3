//! Authorization expiry: Klarna lets the uncaptured part of an
//! authorization lapse (`payment_transaction.expires_at`) and closes an
//! expired transaction 7 days later. We learn it from Klarna's
//! `payment.transaction.expired` webhook, or, should that never come, from
//! our own read of the transaction: every approval with something left to
//! capture enqueues a [`CHECK_EXPIRY`] job due at Klarna's `expires_at`
//! (or [`DEFAULT_AUTHORIZATION_DAYS`] after the approval when Klarna gave
//! none). Either way [`expire`] releases the rest, the payment becomes
//! `expired` and the merchant is notified once; captures are refused from
//! then on (`checkout_core::payment`).

use super::events;
use crate::clock;
use crate::clock::now_ms;
use crate::error::AppError;
use crate::ids::new_id;
use crate::jobs::outcome::Outcome;
use crate::klarna::KlarnaError;
use crate::state::AppState;
use crate::store::{Effects, JobRecord, NewJob, PaymentWrite};
use checkout_core::payment::{apply, PaymentEvent};
use serde_json::json;

/// The job kind that reads a transaction at Klarna when its authorization is due to lapse.
pub const CHECK_EXPIRY: &str = "check_authorization_expiry";
/// When Klarna's approval named no `expires_at`: the authorization's life we
/// assume (Klarna Payments' default; the sandbox uses the same).
pub const DEFAULT_AUTHORIZATION_DAYS: i64 = 28;
/// How long after the due time the check runs (Klarna's own clock may lag ours).
const GRACE_MS: i64 = 5 * 60_000;
/// How often a transaction Klarna still holds open past its due time is read again.
const RECHECK_MS: i64 = 86_400_000;

/// The check of session `session_id`'s authorization at `run_at_ms`.
pub fn check_job(session_id: &str, run_at_ms: i64) -> NewJob {
    NewJob {
        id: new_id("job"),
        kind: CHECK_EXPIRY.into(),
        payload: json!({"session_id": session_id}),
        run_at_ms,
        dedupe_key: Some(format!("expiry:{session_id}:{run_at_ms}")),
    }
}

/// When to check an authorization Klarna approved now: at its `expires_at`
/// (RFC 3339) when Klarna said, else [`DEFAULT_AUTHORIZATION_DAYS`] from
/// now; a few minutes later either way.
pub fn first_check_ms(expires_at: Option<&str>) -> i64 {
    let due = expires_at
        .and_then(clock::parse)
        .map(|t| (t.unix_timestamp_nanos() / 1_000_000) as i64)
        .unwrap_or_else(|| now_ms() + DEFAULT_AUTHORIZATION_DAYS * RECHECK_MS);
    due + GRACE_MS
}

/// Runs a [`CHECK_EXPIRY`] job: reads the transaction at Klarna and, when
/// Klarna says `EXPIRED` or `CLOSED`, expires the payment; when Klarna still
/// holds it open, checks again at its new `expires_at` or in a day.
pub async fn run(state: &AppState, job: &JobRecord) -> Result<Outcome, Outcome> {
    let sid = job.payload["session_id"]
        .as_str()
        .ok_or_else(|| Outcome::Fail("payload without session_id".into()))?;
    let retry = |e: &dyn std::fmt::Display| Outcome::Retry(e.to_string());
    let Some(p) = state.store.payment(sid).await.map_err(|e| retry(&e))? else {
        return Ok(Outcome::Fail(format!("no payment for session {sid}")));
    };
    if p.ledger.capturable() <= 0 && p.ledger.pending_capture == 0 {
        return Ok(Outcome::Done); // captured or released: nothing can lapse
    }
    let klarna = crate::merchants::call_account::klarna_of_payment(state, &p)
        .await
        .map_err(|e| retry(&e))?;
    let snapshot = match klarna.read_transaction(&p.payment_transaction_id).await {
        Ok(s) => s,
        Err(KlarnaError::Upstream(m)) => return Ok(Outcome::Retry(m)),
        Err(e) => return Ok(Outcome::Fail(e.to_string())),
    };
    if matches!(snapshot.state.as_str(), "EXPIRED" | "CLOSED") {
        return match expire(state, sid).await {
            Ok(_) => Ok(Outcome::Done),
            Err(e) => Ok(Outcome::Retry(e.to_string())),
        };
    }
    let later = snapshot.body["expires_at"]
        .as_str()
        .map(|e| first_check_ms(Some(e)))
        .filter(|at| *at > now_ms())
        .unwrap_or_else(|| now_ms() + RECHECK_MS);
    state
        .store
        .enqueue_jobs(&[check_job(sid, later)])
        .await
        .map_err(|e| retry(&e))?;
    Ok(Outcome::Done)
}

/// Klarna let the authorization of session `sid` lapse: releases the
/// uncaptured rest (once; a repeat changes nothing) and notifies
/// `payment.expired`, in one write.
pub async fn expire(state: &AppState, sid: &str) -> Result<&'static str, AppError> {
    for _ in 0..50 {
        let Some(p) = state.store.payment(sid).await? else {
            return Ok("ignored");
        };
        let ledger =
            apply(&p.ledger, PaymentEvent::Expire).map_err(|r| AppError::internal(r.reason))?;
        if ledger == p.ledger {
            return Ok("recorded");
        }
        let mut after = p.clone();
        after.ledger = ledger;
        after.updated_at = clock::now();
        let session = state
            .store
            .session(sid)
            .await?
            .ok_or_else(|| AppError::internal("session vanished"))?;
        let (ev, job) = events::event("payment.expired", &session, Some(&after));
        let w = PaymentWrite {
            payment: after,
            expected_version: p.version,
            operations: vec![],
            effects: Effects {
                payment: None,
                events: vec![ev],
                jobs: vec![job],
                log: vec![],
            },
        };
        if state.store.write_payment(&w).await? {
            tracing::info!(session = %sid, "authorization expired at Klarna; payment expired");
            return Ok("expired");
        }
    }
    Err(AppError::conflict("the payment is changing too fast"))
}
