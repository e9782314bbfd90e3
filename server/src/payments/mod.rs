//! The payment flow behind the handlers: the initial authorization, the
//! confirmation of a `PAYMENT_PENDING_CONFIRMATION` payment, the final
//! authorization after a step-up journey (shared by `/result` and the
//! `completed` webhook), result intake, and idempotent request execution.
//!
//! Every state change goes through [`settle`], a compare-and-set in the store,
//! so concurrent paths converge and an authorization is recorded once.

use crate::clock;
use crate::error::AppError;
use crate::state::AppState;
use crate::store::{NewSessionEvent, SessionRecord};
use checkout_core::api::Authorization;
use checkout_core::state::{apply, SessionEvent, SessionState, Transition};

pub mod asked;
pub mod authorize;
pub mod auto_capture;
pub mod confirm;
pub mod create_authorize;
pub mod express;
pub mod finalize;
pub mod idempotency;
pub mod orphan;
pub mod reconcile;
pub mod result;
pub mod seal;
pub mod step_up;
pub mod token;

pub use authorize::authorize;
pub use confirm::confirm;
pub use finalize::finalize;
pub use result::take_result;

/// Fails with `409 conflict` unless the session is open now.
pub fn ensure_open(session: &SessionRecord) -> Result<(), AppError> {
    match session.state_at(clock::now()) {
        SessionState::Open => Ok(()),
        s => Err(AppError::conflict(format!(
            "session {} is {}",
            session.id,
            s.as_str()
        ))),
    }
}

/// Applies `event` to the session with one compare-and-set in the store,
/// recording `authorization` with it, and returns the session as stored
/// afterwards. Losing the race to an identical change is not an error.
pub async fn settle(
    state: &AppState,
    session: &SessionRecord,
    event: SessionEvent,
    authorization: Option<Authorization>,
) -> Result<SessionRecord, AppError> {
    settle_with(state, session, event, authorization, None).await
}

/// [`settle`] with what Klarna's approval carried (auto-capture, network
/// data); the payment, the notification and cancellations at Klarna are
/// written in the same transaction as the state
/// ([`crate::lifecycle::transitions`]).
pub async fn settle_with(
    state: &AppState,
    session: &SessionRecord,
    event: SessionEvent,
    authorization: Option<Authorization>,
    extras: Option<&crate::klarna::ApprovalExtras>,
) -> Result<SessionRecord, AppError> {
    let (fresh, _) = settle_logged(state, session, (event, authorization, extras), vec![]).await?;
    Ok(fresh)
}

/// [`settle_with`] (its arguments as one tuple) plus `log`: lines of the
/// session's own event log written in the change's transaction, so no crash
/// keeps the change without them and no reader sees one without the other.
/// The `bool` says whether they were written: `false` when this call changed
/// nothing (the session was already there, or another change came first),
/// and then the caller decides whether they still belong in the log.
pub async fn settle_logged(
    state: &AppState,
    session: &SessionRecord,
    (event, authorization, extras): (
        SessionEvent,
        Option<Authorization>,
        Option<&crate::klarna::ApprovalExtras>,
    ),
    log: Vec<NewSessionEvent>,
) -> Result<(SessionRecord, bool), AppError> {
    let to = match apply(session.state, event) {
        Ok(Transition::Changed(to)) => to,
        Ok(Transition::Unchanged(_)) => return Ok((session.clone(), false)),
        Err(e) => return Err(AppError::conflict(e.to_string())),
    };
    let now = clock::now();
    let mut effects =
        crate::lifecycle::transitions::effects(state, session, to, authorization.as_ref(), extras)
            .await?;
    effects.log = log;
    let won = state
        .store
        .transition_with(
            &session.id,
            session.state,
            to,
            authorization.as_ref(),
            now,
            &effects,
        )
        .await?;
    let fresh = state
        .store
        .session(&session.id)
        .await?
        .ok_or_else(|| AppError::internal("session vanished during a state change"))?;
    if !won && fresh.state == session.state {
        if let Some(a) = &authorization {
            tracing::error!(session = %session.id, approved = a.amount, now = fresh.data.amount,
                "Klarna approved an amount the session no longer has; not recorded");
            return Err(AppError::conflict(format!(
                "Klarna approved {} {} but session {} is now {} {}; pay again",
                a.amount, a.currency, session.id, fresh.data.amount, fresh.data.currency
            )));
        }
    }
    if !won && fresh.state != to {
        return Err(AppError::conflict(format!(
            "session {} is {}",
            fresh.id,
            fresh.state.as_str()
        )));
    }
    if won {
        tracing::info!(session = %session.id, from = session.state.as_str(), to = to.as_str(), "session state changed");
    }
    Ok((fresh, won))
}

/// The authorization record for a transaction approved now.
pub fn authorization_now(session: &SessionRecord, payment_transaction_id: String) -> Authorization {
    Authorization {
        payment_transaction_id,
        amount: session.data.amount,
        currency: session.data.currency.clone(),
        authorized_at: clock::format(clock::now()),
    }
}
