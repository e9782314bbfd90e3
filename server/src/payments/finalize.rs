//! The final authorization after a completed step-up journey or express
//! checkout. The page's `/result`, the merchant's `/authorize` and Klarna's
//! `completed` webhook all call [`finalize`], so whichever arrives first
//! authorizes and the others find it done.

use super::authorize::call_for;
use super::{authorization_now, settle_logged};
use crate::clock;
use crate::error::AppError;
use crate::faults::points::{self, AUTHORIZE_AFTER_KLARNA};
use crate::klarna::{AuthorizeResult, AuthorizeStep};
use crate::state::AppState;
use crate::store::{NewSessionEvent, SessionRecord};
use checkout_core::session::check_token_value;
use checkout_core::state::{SessionEvent, SessionState};
use serde_json::json;

/// Runs Klarna's final authorization of `payment_request_id` with the
/// completed request's `token` and records the outcome; `source` (`result`,
/// `webhook`) goes to the event log. Returns the session afterwards.
pub async fn finalize(
    state: &AppState,
    session_id: &str,
    payment_request_id: &str,
    token: &str,
    source: &str,
) -> Result<SessionRecord, AppError> {
    check_token_value(token)
        .map_err(|r| AppError::invalid_field("klarna_network_session_token", r))?;
    // Under the session's payment lock, like the initial authorization: no
    // PATCH changes the session while Klarna decides.
    super::idempotency::exclusive(state, session_id, || {
        finalize_locked(state, session_id, payment_request_id, token, source)
    })
    .await
}

async fn finalize_locked(
    state: &AppState,
    session_id: &str,
    payment_request_id: &str,
    token: &str,
    source: &str,
) -> Result<SessionRecord, AppError> {
    let session = state
        .store
        .session(session_id)
        .await?
        .ok_or_else(|| AppError::not_found(format!("no session {session_id}")))?;
    if session.state == SessionState::Authorized {
        return Ok(session);
    }
    super::ensure_open(&session)?;
    // An offboarded (or not onboarded) merchant's sessions take no payment.
    let account = crate::merchants::payable_account(state, &session.merchant_id).await?;
    let session = match state.store.payment_request(payment_request_id).await? {
        Some(p) if p.session_id == session.id && p.state == "CANCELED" => {
            return Err(AppError::conflict_at(
                "payment_request_id",
                format!("payment request {payment_request_id} was canceled (the session's total changed during Klarna's journey): pay again"),
            ))
        }
        Some(p) if p.session_id == session.id => session,
        Some(_) => {
            return Err(AppError::conflict_at(
                "payment_request_id",
                format!("payment request {payment_request_id} was not started for session {session_id}"),
            ))
        }
        // Not one of our step-ups: a payment request the Web SDK made on the
        // merchant's page (express checkout), checked with Klarna first.
        None => super::express::adopt(state, &session, payment_request_id).await?,
    };
    let step = AuthorizeStep::Final {
        payment_request_id: payment_request_id.to_string(),
    };
    // Klarna: the final authorization submits the initial one's payload
    // (with `payment_request_id` instead of `step_up_config`), so the
    // option the shopper chose goes again.
    let started = super::step_up::find(state, session_id, payment_request_id).await?;
    let option = started.option;
    // On the account the payment request was made on (Klarna knows it only
    // there), wherever the merchant is now; an express checkout's request
    // (not ours) on the merchant's current account.
    let klarna_account = started.account.unwrap_or(account.klarna);
    let acquiring = klarna_account.acquiring_config();
    let call = call_for(
        &session,
        step,
        Some(token.to_string()),
        option,
        0,
        acquiring,
    );
    let result = crate::merchants::call_account::authorize_on(state, &klarna_account, &call)
        .await
        .map_err(|e| AppError::from_klarna_at("klarna_network_session_token", e))?;
    points::reach(state.settings.fault_points.as_ref(), AUTHORIZE_AFTER_KLARNA).await;
    let now = clock::now();
    let (pr_state, outcome) = match &result {
        AuthorizeResult::Approved { .. } => ("COMPLETED", "approved"),
        AuthorizeResult::Declined { .. } => ("DECLINED", "declined"),
        AuthorizeResult::StepUpRequired { .. } => {
            return Err(AppError::upstream(
                "Klarna asked for another step-up on the final authorization",
            ));
        }
    };
    state
        .store
        .set_payment_request_state(payment_request_id, pr_state, now)
        .await?;
    // The audit line goes in the settle's transaction: a reader who sees the
    // session settled sees why, and a crash keeps both or neither.
    let detail =
        json!({"source": source, "payment_request_id": payment_request_id, "outcome": outcome});
    let line = NewSessionEvent {
        session_id: session.id.clone(),
        kind: "final_authorization".into(),
        detail,
        at: now,
    };
    let change = match &result {
        AuthorizeResult::Approved {
            payment_transaction_id,
            extras,
        } => {
            let auth = authorization_now(&session, payment_transaction_id.clone());
            (SessionEvent::Approved, Some(auth), Some(extras))
        }
        _ => (SessionEvent::Declined, None, None),
    };
    let (fresh, logged) = settle_logged(state, &session, change, vec![line.clone()]).await?;
    if !logged {
        // Klarna answered, but this call changed nothing (another path
        // settled the session first): the answer still goes in the log.
        state
            .store
            .add_event(&line.session_id, &line.kind, &line.detail, line.at)
            .await?;
    }
    Ok(fresh)
}
