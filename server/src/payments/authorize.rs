//! The initial authorization (`POST /v1/sessions/{id}/klarna/authorize`).

use super::{authorization_now, ensure_open, settle};
use crate::clock;
use crate::error::AppError;
use crate::faults::points::{self, AUTHORIZE_AFTER_KLARNA};
use crate::klarna::idempotency::derive_key;
use crate::klarna::wire::{self, return_url_with_placeholders};
use crate::klarna::{AuthorizeCall, AuthorizeResult, AuthorizeStep};
use crate::merchants::account::KlarnaAccount;
use crate::state::AppState;
use crate::store::{PaymentRequestRecord, SessionRecord};
use checkout_core::api::{AcquiringConfig, AuthorizeOutcome, AuthorizeRequest};
use checkout_core::session::check_token_value;
use checkout_core::state::SessionEvent;
use serde_json::json;

/// The Klarna call for `session` at `step`, with `token` in the header. Its
/// `Klarna-Idempotency-Key` is derived from what makes the attempt
/// ([`idempotency_key`]).
pub fn call_for(
    session: &SessionRecord,
    step: AuthorizeStep,
    token: Option<String>,
    option: Option<String>,
    attempt: usize,
    acquiring_config: Option<AcquiringConfig>,
) -> AuthorizeCall {
    let d = &session.data;
    let mut call = AuthorizeCall {
        session_id: session.id.clone(),
        transaction_reference: session.id.clone(),
        merchant_reference: d.merchant_reference.clone(),
        amount: d.amount,
        currency: d.currency.clone(),
        order_lines: d.order_lines.clone(),
        customer: d.customer.clone(),
        shipping: d.shipping.clone(),
        payment_option_id: option,
        network_session_token: token,
        network_data: d.klarna_network_data.clone(),
        acquiring_config,
        step,
        capture_now: d.capture_method == checkout_core::payment::CaptureMethod::Automatic,
        idempotency_key: String::new(),
        correlation_id: crate::ops::request_id::current(),
    };
    call.idempotency_key = idempotency_key(&call, attempt);
    call
}

/// The `Klarna-Idempotency-Key` of an authorization. A final authorization
/// is one per payment request. An initial one is one per attempt: `attempt`
/// counts the attempts already answered and on record (step-ups), and the
/// request's body is part of the key, so our retry of an attempt whose
/// answer we lost (whatever `Idempotency-Key` the retry carries) is Klarna's
/// replay, while a new attempt or changed data is a new authorization.
pub fn idempotency_key(call: &AuthorizeCall, attempt: usize) -> String {
    match &call.step {
        AuthorizeStep::Final { payment_request_id } => {
            derive_key("authorize.final", &[&call.session_id, payment_request_id])
        }
        AuthorizeStep::Initial { .. } => {
            let body = wire::authorize_body(call).to_string();
            let token = call.network_session_token.as_deref().unwrap_or("");
            let fingerprint = crate::ids::sha256_hex(format!("{body}\n{token}").as_bytes());
            let attempt = attempt.to_string();
            derive_key(
                "authorize.initial",
                &[&call.session_id, &attempt, &fingerprint],
            )
        }
    }
}

/// Initial authorizations of the session already answered and on record
/// (each step-up Klarna asked for; an approval or a decline ends the session).
pub async fn answered_attempts(state: &AppState, session_id: &str) -> Result<usize, AppError> {
    let events = state.store.events(session_id).await?;
    Ok(events
        .iter()
        .filter(|e| e.kind == super::step_up::EVENT)
        .count())
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
    // An offboarded (or not onboarded) merchant's sessions take no payment.
    let account = crate::merchants::payable_account(state, &session.merchant_id).await?;
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
    let attempt = answered_attempts(state, &session.id).await?;
    let option = req.payment_option_id;
    let acquiring = account.klarna.acquiring_config();
    let call = call_for(&session, step, token, option.clone(), attempt, acquiring);
    // Should this instance die after Klarna answered, the check finds the attempt unrecorded and asks again;
    // an attempt Klarna answered with an error is the page's to retry (it says nothing was charged).
    use super::asked::{job, ANSWERED};
    let marker = json!({"klarna_idempotency_key": call.idempotency_key});
    state
        .store
        .enqueue_jobs(&[job(&call, attempt, option.as_deref(), &account.klarna)])
        .await?;
    super::asked::mark_asked(state, &session.id, &marker).await?;
    let result = crate::merchants::call_account::authorize_on(state, &account.klarna, &call).await;
    let result = match result {
        Ok(r) => r,
        Err(e) => {
            super::asked::ended_with(state, &session.id, &marker, &e).await;
            return Err(e.into());
        }
    };
    points::reach(state.settings.fault_points.as_ref(), AUTHORIZE_AFTER_KLARNA).await;
    let sid = session.id.clone();
    let outcome = record(state, session, result, (option.as_deref(), &account.klarna)).await?;
    state
        .store
        .add_event(&sid, ANSWERED, &marker, clock::now())
        .await?;
    Ok(outcome)
}

/// Records Klarna's answer to an initial authorization or a confirmation
/// through the single settle path: approved → `authorized`, declined →
/// `declined`, step-up → a payment request on file (the session stays open;
/// the step-up event keeps `option`, the `payment_option_id` sent, and
/// `account`, the one the call was made on, for the final authorization).
pub async fn record(
    state: &AppState,
    session: SessionRecord,
    result: AuthorizeResult,
    (option, account): (Option<&str>, &KlarnaAccount),
) -> Result<AuthorizeOutcome, AppError> {
    let outcome = match &result {
        AuthorizeResult::Approved { .. } => "approved",
        AuthorizeResult::StepUpRequired { .. } => "step_up_required",
        AuthorizeResult::Declined { .. } => "declined",
    };
    metrics::counter!("checkout_authorizations_total", "outcome" => outcome).increment(1);
    match result {
        AuthorizeResult::Approved {
            payment_transaction_id,
            extras,
        } => {
            let auth = authorization_now(&session, payment_transaction_id.clone());
            let fresh = super::settle_with(
                state,
                &session,
                SessionEvent::Approved,
                Some(auth),
                Some(&extras),
            )
            .await?;
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
            let asked = (option, account);
            super::step_up::record(state, &session.id, &payment_request_id, asked).await?;
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
