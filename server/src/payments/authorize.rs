//! The initial authorization (`POST /v1/sessions/{id}/klarna/authorize`).

use super::{authorization_now, ensure_open, settle};
use crate::clock;
use crate::error::AppError;
use crate::klarna::wire::return_url_with_placeholders;
use crate::klarna::{AuthorizeCall, AuthorizeResult, AuthorizeStep};
use crate::state::AppState;
use crate::store::{PaymentRequestRecord, SessionRecord};
use checkout_core::api::{AuthorizeOutcome, AuthorizeRequest};
use checkout_core::session::check_token_value;
use checkout_core::state::SessionEvent;
use serde_json::json;

/// The Klarna call for `session` at `step`, with `token` in the header.
pub fn call_for(
    session: &SessionRecord,
    step: AuthorizeStep,
    token: Option<String>,
    option: Option<String>,
) -> AuthorizeCall {
    let d = &session.data;
    AuthorizeCall {
        session_id: session.id.clone(),
        transaction_reference: session.id.clone(),
        merchant_reference: d.merchant_reference.clone(),
        amount: d.amount,
        currency: d.currency.clone(),
        order_lines: d.order_lines.clone(),
        customer: d.customer.clone(),
        payment_option_id: option,
        network_session_token: token,
        network_data: d.klarna_network_data.clone(),
        step,
    }
}

/// Runs Klarna's initial authorization for an open session and records the
/// outcome: approved → `authorized`, declined → `declined`, step-up → a
/// payment request on file (the session stays open).
pub async fn authorize(
    state: &AppState,
    mut session: SessionRecord,
    req: AuthorizeRequest,
) -> Result<AuthorizeOutcome, AppError> {
    ensure_open(&session)?;
    if let Some(opt) = &req.payment_option_id {
        if opt.is_empty() || opt.len() > 255 {
            return Err(AppError::invalid_field(
                "payment_option_id",
                "expected 1 to 255 characters",
            ));
        }
    }
    if let Some(t) = req.klarna_network_session_token {
        check_token_value(&t)
            .map_err(|r| AppError::invalid_field("klarna_network_session_token", r))?;
        if !state
            .store
            .set_network_token(&session.id, &t, clock::now())
            .await?
        {
            return Err(AppError::conflict(format!(
                "session {} is no longer open",
                session.id
            )));
        }
        session.data.klarna_network_session_token = Some(t);
    }
    let step = AuthorizeStep::Initial {
        return_url: return_url_with_placeholders(&session.data.return_url),
    };
    let token = session.data.klarna_network_session_token.clone();
    let call = call_for(&session, step, token, req.payment_option_id);
    let result = state.klarna.authorize(&call).await?;
    record(state, session, result).await
}

/// Records Klarna's answer to an initial authorization or a confirmation
/// through the single settle path: approved → `authorized`, declined →
/// `declined`, step-up → a payment request on file (the session stays open).
pub async fn record(
    state: &AppState,
    session: SessionRecord,
    result: AuthorizeResult,
) -> Result<AuthorizeOutcome, AppError> {
    match result {
        AuthorizeResult::Approved {
            payment_transaction_id,
        } => {
            let auth = authorization_now(&session, payment_transaction_id.clone());
            let fresh = settle(state, &session, SessionEvent::Approved, Some(auth)).await?;
            let id = fresh
                .authorization
                .map(|a| a.payment_transaction_id)
                .unwrap_or(payment_transaction_id);
            Ok(AuthorizeOutcome::Approved {
                payment_transaction_id: id,
                return_url: session.data.return_url,
            })
        }
        AuthorizeResult::StepUpRequired {
            payment_request_id,
            payment_request_url,
        } => {
            let now = clock::now();
            let record = PaymentRequestRecord {
                id: payment_request_id.clone(),
                session_id: session.id.clone(),
                state: "SUBMITTED".into(),
                created_at: now,
                updated_at: now,
            };
            state.store.insert_payment_request(&record).await?;
            let detail = json!({"payment_request_id": payment_request_id});
            state
                .store
                .add_event(&session.id, "authorize.step_up_required", &detail, now)
                .await?;
            Ok(AuthorizeOutcome::StepUpRequired {
                payment_request_id,
                payment_request_url,
            })
        }
        AuthorizeResult::Declined { reason } => {
            settle(state, &session, SessionEvent::Declined, None).await?;
            Ok(AuthorizeOutcome::Declined { reason })
        }
    }
}
