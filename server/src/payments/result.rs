//! Intake of the hosted page's result report (`POST /v1/sessions/{id}/result`).
//! The page's word is never taken for money: an `authorized` report either
//! names the transaction Klarna already approved or triggers the final
//! authorization with the completed payment request's token.

use super::finalize;
use crate::clock;
use crate::error::AppError;
use crate::state::AppState;
use crate::store::SessionRecord;
use checkout_core::api::{ResultOutcome, ResultRequest, ResultResponse};
use checkout_core::errors::FieldError;
use checkout_core::state::SessionState;
use serde_json::json;

fn outcome_name(o: ResultOutcome) -> &'static str {
    match o {
        ResultOutcome::Authorized => "authorized",
        ResultOutcome::Declined => "declined",
        ResultOutcome::Aborted => "aborted",
        ResultOutcome::Error => "error",
    }
}

fn response(session: &SessionRecord) -> ResultResponse {
    ResultResponse {
        state: session.state_at(clock::now()),
        authorization: session.authorization.clone(),
    }
}

/// Takes one result report and answers with the session's state afterwards.
pub async fn take_result(
    state: &AppState,
    session: SessionRecord,
    req: ResultRequest,
) -> Result<ResultResponse, AppError> {
    let detail = json!({
        "payment_request_id": req.payment_request_id,
        "payment_transaction_id": req.payment_transaction_id,
        "error_code": req.error_code,
    });
    let kind = format!("result.{}", outcome_name(req.outcome));
    state
        .store
        .add_event(&session.id, &kind, &detail, clock::now())
        .await?;
    match req.outcome {
        ResultOutcome::Authorized => authorized(state, session, req).await,
        // Only Klarna may decline a session (our own authorize call or a
        // verified webhook): the page's report is a hint that makes the
        // server ask Klarna about the payment request it names.
        ResultOutcome::Declined => match session.state {
            SessionState::Open => {
                if let Some(pr) = &req.payment_request_id {
                    let ours = state.store.payment_request(pr).await?;
                    if ours.is_some_and(|p| p.session_id == session.id) {
                        let job = crate::lifecycle::transitions::check_job(&session.id, pr);
                        state.store.enqueue_jobs(&[job]).await?;
                    }
                }
                Ok(response(&session))
            }
            SessionState::Declined => Ok(response(&session)),
            s => Err(AppError::conflict(format!(
                "session {} is {}",
                session.id,
                s.as_str()
            ))),
        },
        ResultOutcome::Aborted => {
            // The journey ended without a transaction: cancel its payment
            // request at Klarna (the job runner does it), as Klarna asks.
            if let Some(pr) = &req.payment_request_id {
                let ours = state.store.payment_request(pr).await?;
                if ours.is_some_and(|p| p.session_id == session.id) {
                    let job = crate::lifecycle::transitions::cancel_job(pr);
                    state.store.enqueue_jobs(&[job]).await?;
                }
            }
            Ok(response(&session))
        }
        ResultOutcome::Error => Ok(response(&session)),
    }
}

async fn authorized(
    state: &AppState,
    session: SessionRecord,
    req: ResultRequest,
) -> Result<ResultResponse, AppError> {
    if let Some(pr) = &req.payment_request_id {
        let token = req.klarna_network_session_token.as_deref().ok_or_else(|| {
            AppError::invalid_field(
                "klarna_network_session_token",
                "is required with payment_request_id for the final authorization",
            )
        })?;
        let fresh = finalize(state, &session.id, pr, token, "result").await?;
        return Ok(response(&fresh));
    }
    let Some(txn) = &req.payment_transaction_id else {
        let reason = "expected payment_transaction_id, or payment_request_id with klarna_network_session_token";
        return Err(AppError::invalid(vec![
            FieldError::new("payment_transaction_id", reason),
            FieldError::new("payment_request_id", reason),
        ]));
    };
    match &session.authorization {
        Some(a) if &a.payment_transaction_id == txn => Ok(response(&session)),
        _ => Err(AppError::conflict_at(
            "payment_transaction_id",
            format!(
                "{txn} is not the transaction Klarna approved for session {}",
                session.id
            ),
        )),
    }
}
