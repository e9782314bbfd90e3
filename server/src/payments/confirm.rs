//! Confirmation of a payment Klarna reported as `PAYMENT_PENDING_CONFIRMATION`
//! (`POST /v1/sessions/{id}/klarna/confirm`): the SDK's v1 `resolve()` gave the
//! page a `paymentConfirmationToken`; the server confirms it with Klarna for
//! the session's amount and currency and records the answer through the
//! same single settle path as the initial authorization. Like the initial
//! authorization, each confirmation enqueues its check
//! ([`super::reconcile`]) before it asks Klarna, so an approval whose
//! instance died before recording it is recorded without a client's retry.

use super::asked::{confirm_job, ANSWERED};
use super::authorize::record;
use super::ensure_open;
use crate::clock;
use crate::error::AppError;
use crate::faults::points::{self, AUTHORIZE_AFTER_KLARNA};
use crate::klarna::idempotency::derive_key;
use crate::klarna::{AuthorizeResult, ConfirmCall};
use crate::state::AppState;
use crate::store::SessionRecord;
use checkout_core::api::{AuthorizeOutcome, ConfirmRequest};
use checkout_core::session::check_token_value;
use serde_json::json;

/// Confirms `req.payment_confirmation_token` for an open session.
pub async fn confirm(
    state: &AppState,
    session: SessionRecord,
    req: ConfirmRequest,
) -> Result<AuthorizeOutcome, AppError> {
    ensure_open(&session)?;
    check_token_value(&req.payment_confirmation_token)
        .map_err(|r| AppError::invalid_field("payment_confirmation_token", r))?;
    // An offboarded (or not onboarded) merchant's sessions take no payment.
    let account = crate::merchants::payable_account(state, &session.merchant_id).await?;
    let call = call_for(&session, req.payment_confirmation_token);
    // Should this instance die after Klarna answered, the check finds the call unended and sends it again.
    let marker = json!({"klarna_idempotency_key": call.idempotency_key});
    state
        .store
        .enqueue_jobs(&[confirm_job(&session, &call, &account.klarna)])
        .await?;
    super::asked::mark_asked(state, &session.id, &marker).await?;
    let result = crate::merchants::call_account::confirm_on(state, &account.klarna, &call).await;
    let result = match result {
        Ok(r) => r,
        Err(e) => {
            super::asked::ended_with(state, &session.id, &marker, &e).await;
            return Err(AppError::from_klarna_at("payment_confirmation_token", e));
        }
    };
    let sid = session.id.clone();
    let outcome = keep(state, session, (result, &account.klarna)).await?;
    state
        .store
        .add_event(&sid, ANSWERED, &marker, clock::now())
        .await?;
    Ok(outcome)
}

/// Klarna's confirmation call of `token` for `session`: its
/// `Klarna-Idempotency-Key` is one per session and token, so sending it again
/// is Klarna's replay.
pub fn call_for(session: &SessionRecord, token: String) -> ConfirmCall {
    let idempotency_key = derive_key("confirm", &[&session.id, &token]);
    ConfirmCall {
        session_id: session.id.clone(),
        payment_confirmation_token: token,
        currency: session.data.currency.clone(),
        amount: session.data.amount,
        network_session_token: session.data.klarna_network_session_token.clone(),
        customer: session.data.customer.clone(),
        idempotency_key,
        correlation_id: crate::ops::request_id::current(),
    }
}

/// Records Klarna's answer to a confirmation of `session`: refused when the
/// approved transaction is another session's (a token used twice).
pub async fn keep(
    state: &AppState,
    session: SessionRecord,
    (result, account): (AuthorizeResult, &crate::merchants::account::KlarnaAccount),
) -> Result<AuthorizeOutcome, AppError> {
    points::reach(state.settings.fault_points.as_ref(), AUTHORIZE_AFTER_KLARNA).await;
    if let AuthorizeResult::Approved {
        payment_transaction_id,
        ..
    } = &result
    {
        let holder = state
            .store
            .session_of_transaction(payment_transaction_id)
            .await?;
        if holder.is_some_and(|other| other != session.id) {
            tracing::warn!(session = %session.id, transaction = %payment_transaction_id,
                "Klarna confirmed a transaction another session holds; not recorded");
            return Err(AppError::conflict_at(
                "payment_confirmation_token",
                format!("Klarna's answer names payment transaction {payment_transaction_id}, which another session already holds: this confirmation was used before; nothing was recorded"),
            ));
        }
    }
    let outcome = record(state, session.clone(), result, (None, account)).await?;
    let name = match &outcome {
        AuthorizeOutcome::Approved { .. } => "approved",
        AuthorizeOutcome::StepUpRequired { .. } => "step_up_required",
        AuthorizeOutcome::Declined { .. } => "declined",
    };
    if name == "approved" {
        if let Err(e) = super::auto_capture::capture_if_automatic(state, &session.id).await {
            tracing::warn!(session = %session.id, error = %e,
                "the automatic capture of a confirmed payment failed; the confirmation's check asks again");
        }
    }
    state
        .store
        .add_event(
            &session.id,
            "confirm",
            &json!({"outcome": name}),
            clock::now(),
        )
        .await?;
    Ok(outcome)
}
