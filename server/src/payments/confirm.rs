//! Confirmation of a payment Klarna reported as `PAYMENT_PENDING_CONFIRMATION`
//! (`POST /v1/sessions/{id}/klarna/confirm`): the SDK's v1 `resolve()` gave the
//! page a `paymentConfirmationToken`; the server confirms it with Klarna for
//! the session's amount and currency and records the answer through the
//! same single settle path as the initial authorization.

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
    let idempotency_key = derive_key("confirm", &[&session.id, &req.payment_confirmation_token]);
    let call = ConfirmCall {
        payment_confirmation_token: req.payment_confirmation_token,
        currency: session.data.currency.clone(),
        amount: session.data.amount,
        network_session_token: session.data.klarna_network_session_token.clone(),
        customer: session.data.customer.clone(),
        idempotency_key,
        correlation_id: crate::ops::request_id::current(),
    };
    let klarna = crate::merchants::account::klarna_of(state, &session.merchant_id).await?;
    let result = klarna
        .confirm(&call)
        .await
        .map_err(|e| AppError::from_klarna_at("payment_confirmation_token", e))?;
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
    let outcome = record(state, session.clone(), result, None).await?;
    let name = match &outcome {
        AuthorizeOutcome::Approved { .. } => "approved",
        AuthorizeOutcome::StepUpRequired { .. } => "step_up_required",
        AuthorizeOutcome::Declined { .. } => "declined",
    };
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
