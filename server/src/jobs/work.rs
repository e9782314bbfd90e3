//! What each job kind does.

use super::{deliver, klarna_event, Outcome};
use crate::klarna::KlarnaError;
use crate::lifecycle::events::DISPATCH;
use crate::lifecycle::settle::{self, SETTLE};
use crate::lifecycle::transitions::{CANCEL_REQUEST, CHECK_REQUEST};
use crate::merchants::onboarding;
use crate::state::AppState;
use crate::store::JobRecord;
use checkout_core::operations::OperationStatus;

fn text<'a>(job: &'a JobRecord, key: &str) -> Result<&'a str, Outcome> {
    job.payload[key]
        .as_str()
        .ok_or_else(|| Outcome::Fail(format!("payload without {key}")))
}

/// Runs one job.
pub async fn run(state: &AppState, job: &JobRecord) -> Outcome {
    let r = match job.kind.as_str() {
        klarna_event::KIND => klarna_event::run(state, job).await,
        SETTLE => settle_operation(state, job).await,
        DISPATCH => deliver::dispatch(state, job).await,
        deliver::KIND => deliver::deliver(state, job).await,
        CANCEL_REQUEST => cancel_request(state, job).await,
        CHECK_REQUEST => check_request(state, job).await,
        crate::lifecycle::expiry::CHECK_EXPIRY => crate::lifecycle::expiry::run(state, job).await,
        crate::payments::reconcile::KIND => Ok(crate::payments::reconcile::run(state, job).await),
        crate::subscription::sync::ENSURE => crate::subscription::sync::run(state, job).await,
        onboarding::ONBOARD | onboarding::CHECK | onboarding::UPDATE => {
            onboarding::run(state, job).await
        }
        other => Err(Outcome::Fail(format!("unknown job kind {other:?}"))),
    };
    r.unwrap_or_else(|o| o)
}

/// Asks Klarna again for a pending operation (or a settled one still without
/// Klarna's id) with its own idempotency key.
async fn settle_operation(state: &AppState, job: &JobRecord) -> Result<Outcome, Outcome> {
    let (sid, op_id) = (text(job, "session_id")?, text(job, "operation_id")?);
    let p = state
        .store
        .payment(sid)
        .await
        .map_err(|e| Outcome::Retry(e.to_string()))?;
    let Some(p) = p else {
        return Ok(Outcome::Fail(format!("no payment for session {sid}")));
    };
    let Some(op) = p.operations.iter().find(|o| o.id == op_id).cloned() else {
        return Ok(Outcome::Fail(format!("no operation {op_id}")));
    };
    // A capture or refund Klarna's webhook settled before Klarna's answer to
    // our call came back has no Klarna id yet: asking again with its own
    // `Klarna-Idempotency-Key` replays that answer and records the id.
    let missing_id = op.status == OperationStatus::Succeeded
        && op.klarna_id.is_none()
        && op.kind != checkout_core::payment::OperationKind::Void;
    if op.status != OperationStatus::Pending && !missing_id {
        return Ok(Outcome::Done);
    }
    match settle::settle_or_wait(state, &p, &op).await {
        Ok(Ok(_)) => Ok(Outcome::Done),
        Ok(Err(None)) => Ok(Outcome::Retry(format!("Klarna did not answer for {op_id}"))),
        Ok(Err(Some(delay_ms))) => Ok(Outcome::RetryIn {
            error: format!("Klarna asked to wait for {op_id}"),
            delay_ms,
        }),
        Err(e) if e.status.is_server_error() => Ok(Outcome::Retry(e.to_string())),
        Err(e) => Ok(Outcome::Fail(e.to_string())),
    }
}

/// Cancels a payment request at Klarna.
async fn cancel_request(state: &AppState, job: &JobRecord) -> Result<Outcome, Outcome> {
    let id = text(job, "payment_request_id")?;
    let key = crate::klarna::transactions::idempotency_key(id, "cancel");
    // Canceled on the account it was made on (else the session's merchant's).
    let session = match state.store.payment_request(id).await {
        Ok(Some(pr)) => match state.store.session(&pr.session_id).await {
            Ok(s) => s,
            Err(e) => return Ok(Outcome::Retry(e.to_string())),
        },
        Ok(None) => None,
        Err(e) => return Ok(Outcome::Retry(e.to_string())),
    };
    let retry = |e: crate::error::AppError| Outcome::Retry(e.to_string());
    let klarna = match session {
        Some(s) => {
            let asked = crate::payments::step_up::account_of(state, (&s.id, id), &s.merchant_id);
            state.klarna_for(&asked.await.map_err(retry)?)
        }
        None => state.klarna.clone(),
    };
    match klarna.cancel_payment_request(id, &key).await {
        Ok(()) => {
            if let Err(e) = state
                .store
                .set_payment_request_state(id, "CANCELED", crate::clock::now())
                .await
            {
                return Ok(Outcome::Retry(e.to_string()));
            }
            Ok(Outcome::Done)
        }
        Err(KlarnaError::Upstream(m)) => Ok(Outcome::Retry(m)),
        Err(e) => Ok(Outcome::Fail(e.to_string())),
    }
}

/// Asks Klarna about a payment request the page reported as declined, and
/// declines the session only when Klarna says so.
async fn check_request(state: &AppState, job: &JobRecord) -> Result<Outcome, Outcome> {
    let (sid, id) = (text(job, "session_id")?, text(job, "payment_request_id")?);
    let retry = |e: crate::store::StoreError| Outcome::Retry(e.to_string());
    let Some(session) = state.store.session(sid).await.map_err(retry)? else {
        return Ok(Outcome::Fail(format!("no session {sid}")));
    };
    // Asked on the account the request was made on (else the merchant's).
    let asked = crate::payments::step_up::account_of(state, (sid, id), &session.merchant_id)
        .await
        .map_err(|e| Outcome::Retry(e.to_string()))?;
    match state.klarna_for(&asked).payment_request_state(id).await {
        Ok(s) if s == "DECLINED" => {
            if session.state == checkout_core::state::SessionState::Open {
                crate::payments::settle(
                    state,
                    &session,
                    checkout_core::state::SessionEvent::Declined,
                    None,
                )
                .await
                .map_err(|e| Outcome::Retry(e.to_string()))?;
            }
            Ok(Outcome::Done)
        }
        Ok(_) => Ok(Outcome::Done),
        Err(KlarnaError::Upstream(m)) => Ok(Outcome::Retry(m)),
        Err(e) => Ok(Outcome::Fail(e.to_string())),
    }
}
