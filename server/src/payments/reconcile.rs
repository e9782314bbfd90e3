//! Recovering an initial authorization whose answer was never recorded: the
//! instance that asked Klarna died (or lost its store) after Klarna
//! answered, and no client asked again. Klarna may then hold an approved
//! authorization (with `capture_method: automatic`, a captured payment) that
//! our record and the merchant's notifications never show.
//!
//! Before it asks Klarna, every initial authorization enqueues a job of this
//! kind, due [`DELAY_MS`] later, naming its session, its attempt and its
//! `Klarna-Idempotency-Key`, and marks the call as asked ([`ASKED`]), then as
//! answered once Klarna's answer is recorded ([`ANSWERED`]), or as failed
//! when Klarna refused it ([`FAILED`], see [`super::asked::refused`]: the page
//! tells the shopper nothing was charged and may try again; a timeout or a
//! `5xx` leaves the call asked). When the check runs, under the session's
//! payment lock: a call answered, or refused, needs nothing; an open
//! session whose attempt was answered since (a step-up on file) neither. A
//! session no longer open whose call never ended has it sent again with its
//! key, and an approval in Klarna's replay that the session does not hold is
//! released ([`super::orphan`]). A session still open with the attempt
//! unanswered has its call built again from the session and sent with the
//! same key: Klarna's replay of the answer it gave (or, when the first call
//! never reached Klarna, the authorization the shopper asked for, as the
//! page's own outbox retry would send it), recorded through the same path as
//! any answer. A session that changed since (its call's key is another)
//! can't be replayed without making a new authorization: that is logged as an
//! error for an operator to look up at Klarna, and the job gives up.
//!
//! A confirmation (`…/klarna/confirm`) enqueues the same check, its payload
//! `step: "confirm"` with the confirmation token, amount and currency sent:
//! while the session is open and the call never ended, it is sent again with
//! its key, unless the session's amount or currency changed since (then the
//! same error for an operator). A final authorization needs none: Klarna's
//! `payment.request.state-change.completed` webhook, a durable job, runs it
//! again with its key.

pub use super::asked::{ANSWERED, ASKED, DELAY_MS, FAILED, KIND};
use super::authorize::{answered_attempts, call_for, record};
use super::{ensure_open, idempotency};
use crate::error::AppError;
use crate::jobs::outcome::Outcome;
use crate::klarna::wire::return_url_with_placeholders;
use crate::klarna::AuthorizeStep;
use crate::state::AppState;
use crate::store::JobRecord;

/// Runs one check (see the module's documentation).
pub async fn run(state: &AppState, job: &JobRecord) -> Outcome {
    let p = &job.payload;
    if p["step"] == "confirm" {
        return settled(run_confirm(state, p, job.attempts).await);
    }
    let (Some(sid), Some(key), Some(attempt)) = (
        p["session_id"].as_str(),
        p["klarna_idempotency_key"].as_str(),
        p["attempt"].as_u64(),
    ) else {
        return Outcome::Fail(
            "payload without session_id, klarna_idempotency_key or attempt".into(),
        );
    };
    let option = p["payment_option_id"].as_str().map(str::to_string);
    let checked = idempotency::exclusive(state, sid, || {
        check(state, p, (sid, key), attempt as usize, option)
    })
    .await;
    settled(checked)
}

/// A check's end: the store's or Klarna's trouble (and a lock held
/// elsewhere) is tried again later.
fn settled(checked: Result<Outcome, AppError>) -> Outcome {
    match checked {
        Ok(outcome) => outcome,
        Err(e) if e.status.is_server_error() || e.status.as_u16() == 409 => {
            Outcome::Retry(e.to_string())
        }
        Err(e) => Outcome::Fail(e.to_string()),
    }
}

/// Whether the last word on Klarna key `key` in the session's events is that
/// the call was asked (it never ended), not that Klarna answered an error or
/// that its answer was recorded.
async fn unended(state: &AppState, sid: &str, key: &str) -> Result<bool, AppError> {
    let events = state.store.events(sid).await?;
    Ok(super::asked::unended_keys(&events).contains(&key))
}

/// Marks `key`'s call as answered and recorded.
async fn answered(state: &AppState, sid: &str, key: &str) -> Result<(), AppError> {
    let marker = serde_json::json!({"klarna_idempotency_key": key});
    state
        .store
        .add_event(sid, ANSWERED, &marker, crate::clock::now())
        .await?;
    Ok(())
}

/// Klarna's replay of an unended call of a session that is no longer open
/// (paid by a later call, or ended without a payment): an approval the
/// session does not hold is released ([`super::orphan`]). Klarna refusing
/// the replay (a `4xx`) leaves nothing to release.
async fn replayed_after_end(
    state: &AppState,
    session: &crate::store::SessionRecord,
    key: &str,
    result: Result<crate::klarna::AuthorizeResult, AppError>,
) -> Result<Outcome, AppError> {
    match result {
        Ok(result) => super::orphan::release_unrecorded(state, session, result).await?,
        Err(e) if e.status.is_client_error() && e.status.as_u16() != 409 => {
            tracing::warn!(target: "payment", session = %session.id, error = %e,
                "Klarna refused the replay of an unended call: nothing to release");
        }
        Err(e) => return Err(e),
    }
    answered(state, &session.id, key).await?;
    Ok(Outcome::Done)
}

/// The check of a confirmation, under the session's payment lock.
async fn run_confirm(
    state: &AppState,
    p: &serde_json::Value,
    runs: u32,
) -> Result<Outcome, AppError> {
    let (Some(sid), Some(key), Some(token), Some(amount), Some(currency)) = (
        p["session_id"].as_str(),
        p["klarna_idempotency_key"].as_str(),
        p["payment_confirmation_token"].as_str(),
        p["amount"].as_i64(),
        p["currency"].as_str(),
    ) else {
        return Ok(Outcome::Fail(
            "confirm payload without session_id, klarna_idempotency_key, payment_confirmation_token, amount or currency".into(),
        ));
    };
    idempotency::exclusive(state, sid, || async {
        let Some(session) = state.store.session(sid).await? else {
            return Ok(Outcome::Fail(format!("no session {sid}")));
        };
        let open = ensure_open(&session).is_ok();
        if !open {
            // Approved and recorded: its automatic capture may not have been asked yet (the instance died).
            super::auto_capture::capture_if_automatic(state, sid).await?;
        }
        if !unended(state, sid, key).await? {
            return Ok(Outcome::Done);
        }
        let call = super::confirm::call_for(&session, token.to_string());
        if call.idempotency_key != key || call.amount != amount || call.currency != currency {
            tracing::error!(target: "payment", session = %sid, klarna_idempotency_key = %key,
                "a confirmation's answer was never recorded and the session changed since: look it up at Klarna");
            return Ok(Outcome::Fail(format!(
                "session {sid} changed after its confirmation; Klarna's answer to key {key} is unknown"
            )));
        }
        tracing::warn!(target: "payment", session = %sid,
            "a confirmation's answer was never recorded: asking Klarna again with its key");
        let account = crate::merchants::call_account::of_job(state, p, &session.merchant_id).await?;
        let result = match replay_confirm(state, (&session, &account), &call, runs).await? {
            Ok(result) => result,
            Err(ended) => return Ok(ended),
        };
        if !open {
            return replayed_after_end(state, &session, key, Ok(result)).await;
        }
        super::confirm::keep(state, session, (result, &account)).await?;
        answered(state, sid, key).await?;
        Ok(Outcome::Done)
    })
    .await
}

/// Runs of a confirmation's check that see Klarna's `409` before it is taken
/// as final. A call with the same key still in progress at Klarna ends within
/// Klarna's call limit (20 s), and the check first runs a minute after the
/// call: a `409` that is still there on its third run is a conflict for good
/// (a confirmation token another session used), not "not now".
const CONFLICT_RUNS: u32 = 3;

/// Klarna's answer to the replay of a confirmation, or how the check ends
/// without one: "not now" (`408`, `409`, `429`) is tried again (no sooner
/// than Klarna's `Retry-After`); a refusal, or a `409` that stays
/// ([`CONFLICT_RUNS`]), means nothing was paid: marked as Klarna's failure
/// and done, logged as a warning (a client can cause it with a used token);
/// Klarna failing (`5xx`, no answer) is the caller's `Err`, tried again.
async fn replay_confirm(
    state: &AppState,
    (session, account): (
        &crate::store::SessionRecord,
        &crate::merchants::account::KlarnaAccount,
    ),
    call: &crate::klarna::ConfirmCall,
    runs: u32,
) -> Result<Result<crate::klarna::AuthorizeResult, Outcome>, AppError> {
    use crate::klarna::KlarnaError;
    let e = match crate::merchants::call_account::confirm_on(state, account, call).await {
        Ok(result) => return Ok(Ok(result)),
        Err(e) => e,
    };
    let conflict_for_good =
        matches!(e, KlarnaError::Rejected { status: 409, .. }) && runs >= CONFLICT_RUNS;
    if e.is_retryable() && !conflict_for_good {
        return Ok(Err(match e.retry_after_ms() {
            Some(delay_ms) => Outcome::RetryIn {
                error: e.to_string(),
                delay_ms,
            },
            None => Outcome::Retry(e.to_string()),
        }));
    }
    if !matches!(e, KlarnaError::Rejected { .. }) {
        return Err(AppError::from(e));
    }
    tracing::warn!(target: "payment", session = %session.id, error = %e,
        "Klarna refused the replay of a confirmation: nothing was paid");
    let marker = serde_json::json!({"klarna_idempotency_key": call.idempotency_key});
    let now = crate::clock::now();
    state
        .store
        .add_event(&session.id, FAILED, &marker, now)
        .await?;
    Ok(Err(Outcome::Done))
}

async fn check(
    state: &AppState,
    payload: &serde_json::Value,
    (sid, key): (&str, &str),
    attempt: usize,
    option: Option<String>,
) -> Result<Outcome, AppError> {
    let Some(session) = state.store.session(sid).await? else {
        return Ok(Outcome::Fail(format!("no session {sid}")));
    };
    let open = ensure_open(&session).is_ok();
    if open && answered_attempts(state, sid).await? != attempt {
        return Ok(Outcome::Done);
    }
    // Only a call that started and never ended (its instance died) is asked again.
    if !unended(state, sid, key).await? {
        return Ok(Outcome::Done);
    }
    let step = AuthorizeStep::Initial {
        return_url: return_url_with_placeholders(&session.data.return_url),
    };
    let token = session.data.klarna_network_session_token.clone();
    // Asked again on the account it was asked on, wherever the merchant is now.
    let account =
        crate::merchants::call_account::of_job(state, payload, &session.merchant_id).await?;
    let acquiring = account.acquiring_config();
    let call = call_for(&session, step, token, option.clone(), attempt, acquiring);
    if call.idempotency_key != key {
        tracing::error!(target: "payment", session = %sid, klarna_idempotency_key = %key,
            "an authorization's answer was never recorded and the session changed since: look it up at Klarna");
        return Ok(Outcome::Fail(format!(
            "session {sid} changed after its authorization attempt {attempt}; Klarna's answer to key {key} is unknown"
        )));
    }
    tracing::warn!(target: "payment", session = %sid, attempt,
        "an authorization's answer was never recorded: asking Klarna again with its key");
    let result = crate::merchants::call_account::authorize_on(state, &account, &call).await;
    if !open {
        return replayed_after_end(state, &session, key, result.map_err(AppError::from)).await;
    }
    record(state, session, result?, (option.as_deref(), &account)).await?;
    answered(state, sid, key).await?;
    Ok(Outcome::Done)
}
