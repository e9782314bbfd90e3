//! Recovering an initial authorization whose answer was never recorded: the
//! instance that asked Klarna died (or lost its store) after Klarna
//! answered, and no client asked again. Klarna may then hold an approved
//! authorization (with `capture_method: automatic`, a captured payment) that
//! our record and the merchant's notifications never show.
//!
//! Before it asks Klarna, every initial authorization enqueues a job of this
//! kind, due [`DELAY_MS`] later, naming its session, its attempt and its
//! `Klarna-Idempotency-Key`, and marks the call as asked ([`ASKED`]), or,
//! when Klarna answers with an error, as failed ([`FAILED`]: the page tells
//! the shopper nothing was charged and may try again). When the check runs,
//! under the session's payment lock: a session no longer open, one whose
//! attempt was answered and recorded (a step-up on file), or one whose call
//! ended in Klarna's error, needs nothing. A session still open with the attempt
//! unanswered has its call built again from the session and sent with the
//! same key: Klarna's replay of the answer it gave (or, when the first call
//! never reached Klarna, the authorization the shopper asked for, as the
//! page's own outbox retry would send it), recorded through the same path as
//! any answer. A session that changed since (its call's key is another)
//! can't be replayed without making a new authorization: that is logged as an
//! error for an operator to look up at Klarna, and the job gives up.

use super::authorize::{answered_attempts, call_for, record};
use super::{ensure_open, idempotency};
use crate::clock::now_ms;
use crate::error::AppError;
use crate::jobs::outcome::Outcome;
use crate::klarna::wire::return_url_with_placeholders;
use crate::klarna::{AuthorizeCall, AuthorizeStep};
use crate::state::AppState;
use crate::store::{JobRecord, NewJob};
use serde_json::json;

/// The job kind.
pub const KIND: &str = "reconcile_authorize";
/// Session event written just before an initial authorization asks Klarna
/// (`{klarna_idempotency_key}`).
pub const ASKED: &str = "authorize.asked";
/// Session event written when Klarna answered that call with an error (the
/// page, told nothing was charged, decides whether to try again).
pub const FAILED: &str = "authorize.klarna_failed";

/// How long after an attempt started its check runs: well past the time a
/// live instance takes to get and record Klarna's answer (a slower one holds
/// the session's payment lock, which the check waits for), and soon enough
/// for the merchant to hear of a payment the shopper just made.
pub const DELAY_MS: i64 = 60_000;

/// The check of `call` (attempt `attempt`, `option` its `payment_option_id`).
/// One per Klarna key while queued: a retry of the same attempt adds none.
pub fn job(call: &AuthorizeCall, attempt: usize, option: Option<&str>) -> NewJob {
    NewJob {
        id: crate::ids::new_id("job"),
        kind: KIND.into(),
        payload: json!({
            "session_id": call.session_id,
            "attempt": attempt,
            "payment_option_id": option,
            "klarna_idempotency_key": call.idempotency_key,
        }),
        run_at_ms: now_ms() + DELAY_MS,
        dedupe_key: Some(format!("{KIND}:{}", call.idempotency_key)),
    }
}

/// Runs one check (see the module's documentation).
pub async fn run(state: &AppState, job: &JobRecord) -> Outcome {
    let p = &job.payload;
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
        check(state, sid, key, attempt as usize, option)
    })
    .await;
    match checked {
        Ok(outcome) => outcome,
        Err(e) if e.status.is_server_error() || e.status.as_u16() == 409 => {
            Outcome::Retry(e.to_string())
        }
        Err(e) => Outcome::Fail(e.to_string()),
    }
}

async fn check(
    state: &AppState,
    sid: &str,
    key: &str,
    attempt: usize,
    option: Option<String>,
) -> Result<Outcome, AppError> {
    let Some(session) = state.store.session(sid).await? else {
        return Ok(Outcome::Fail(format!("no session {sid}")));
    };
    if ensure_open(&session).is_err() || answered_attempts(state, sid).await? != attempt {
        return Ok(Outcome::Done);
    }
    // Only a call that started and never ended (its instance died) is asked again: the last word on this key
    // must be that it was asked, not that Klarna answered with an error.
    let events = state.store.events(sid).await?;
    let last = events.iter().rev().find(|e| {
        (e.kind == ASKED || e.kind == FAILED) && e.detail["klarna_idempotency_key"] == key
    });
    if last.is_none_or(|e| e.kind != ASKED) {
        return Ok(Outcome::Done);
    }
    let step = AuthorizeStep::Initial {
        return_url: return_url_with_placeholders(&session.data.return_url),
    };
    let token = session.data.klarna_network_session_token.clone();
    let account = crate::merchants::account::checkout_account(state, &session.merchant_id).await?;
    let acquiring = account.klarna.acquiring_config();
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
    let result = state.klarna_for(&account.klarna).authorize(&call).await?;
    record(state, session, result, option.as_deref()).await?;
    Ok(Outcome::Done)
}
