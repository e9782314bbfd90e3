//! The record that an authorization or a confirmation was asked of Klarna,
//! written before the call: the session events that mark the call as asked
//! ([`ASKED`]), refused by Klarna ([`FAILED`]), ended without an answer
//! ([`UNKNOWN`]) or answered ([`ANSWERED`]); which calls are still running
//! ([`in_flight_keys`], the page's `authorization_pending`) and which never
//! ended ([`unended_keys`]); and the check job ([`super::reconcile`]) that
//! asks Klarna again for those. Apart from the check itself, so the calls
//! that write these and the check that reads them import in one direction.

use crate::clock::now_ms;
use crate::klarna::{AuthorizeCall, ConfirmCall, KlarnaError};
use crate::merchants::account::KlarnaAccount;
use crate::merchants::call_account::to_payload;
use crate::store::{NewJob, SessionEventRecord, SessionRecord};
use serde_json::json;

/// The job kind.
pub const KIND: &str = "reconcile_authorize";
/// Session event written just before an initial authorization asks Klarna
/// (`{klarna_idempotency_key}`).
pub const ASKED: &str = "authorize.asked";
/// Session event written when Klarna refused that call ([`refused`]: the
/// page, told nothing was charged, decides whether to try again).
pub const FAILED: &str = "authorize.klarna_failed";

/// Session event written when that call ended without Klarna saying what
/// happened (a timeout, a `5xx`, an unreadable answer: not [`refused`]). The
/// page was told to try again; the call is no longer in flight
/// ([`in_flight_keys`]), but it stays unended ([`unended_keys`]) until the
/// check has asked Klarna again.
pub const UNKNOWN: &str = "authorize.klarna_unknown";

/// Session event written once Klarna's answer to that call is recorded
/// (an approval, a decline or a step-up), so the check leaves it alone.
pub const ANSWERED: &str = "authorize.answered";

/// Whether Klarna's error says the call was certainly not carried out: a
/// refusal Klarna answered (`4xx`), except `408`, `409` (the key's first
/// call may still be running) and `429`, which say nothing of an earlier
/// call with the same key. A timeout, a `5xx` or an unreadable answer may
/// hide an approval: the call stays asked, and its check sends it again.
pub fn refused(e: &KlarnaError) -> bool {
    matches!(e, crate::klarna::KlarnaError::Rejected { status, .. }
        if !matches!(status, 408 | 409 | 429))
}

/// How long after an attempt started its check runs: well past the time a
/// live instance takes to get and record Klarna's answer (a slower one holds
/// the session's payment lock, which the check waits for), and soon enough
/// for the merchant to hear of a payment the shopper just made.
pub const DELAY_MS: i64 = 60_000;

/// The check of `call` (attempt `attempt`, `option` its `payment_option_id`)
/// made on `account`, which the check asks again.
/// One per Klarna key while queued: a retry of the same attempt adds none.
pub fn job(
    call: &AuthorizeCall,
    attempt: usize,
    option: Option<&str>,
    account: &KlarnaAccount,
) -> NewJob {
    NewJob {
        id: crate::ids::new_id("job"),
        kind: KIND.into(),
        payload: json!({
            "session_id": call.session_id,
            "attempt": attempt,
            "payment_option_id": option,
            "klarna_idempotency_key": call.idempotency_key,
            "klarna_account": to_payload(account),
        }),
        run_at_ms: now_ms() + DELAY_MS,
        dedupe_key: Some(format!("{KIND}:{}", call.idempotency_key)),
    }
}

/// The check of a confirmation `call` of `session` made on `account` (see
/// [`super::reconcile`]).
pub fn confirm_job(session: &SessionRecord, call: &ConfirmCall, account: &KlarnaAccount) -> NewJob {
    NewJob {
        id: crate::ids::new_id("job"),
        kind: KIND.into(),
        payload: json!({
            "session_id": session.id,
            "step": "confirm",
            "payment_confirmation_token": call.payment_confirmation_token,
            "amount": call.amount,
            "currency": call.currency,
            "klarna_idempotency_key": call.idempotency_key,
            "klarna_account": to_payload(account),
        }),
        run_at_ms: now_ms() + DELAY_MS,
        dedupe_key: Some(format!("{KIND}:{}", call.idempotency_key)),
    }
}

/// Each Klarna idempotency key of the calls in `events` (a session's, in the
/// order written) with its last word: [`ASKED`], [`UNKNOWN`], [`FAILED`] or
/// [`ANSWERED`]; in the order first asked. Other events are skipped.
fn last_words(events: &[SessionEventRecord]) -> Vec<(&str, &str)> {
    let mut words: Vec<(&str, &str)> = Vec::new();
    for e in events {
        let kind = e.kind.as_str();
        let Some(key) = e.detail["klarna_idempotency_key"].as_str() else {
            continue;
        };
        if ![ASKED, UNKNOWN, FAILED, ANSWERED].contains(&kind) {
            continue;
        }
        match words.iter_mut().find(|(k, _)| *k == key) {
            Some(word) => word.1 = kind,
            None => words.push((key, kind)),
        }
    }
    words
}

/// The keys of the calls that never ended as far as the record shows: asked,
/// and neither Klarna's refusal ([`FAILED`]) nor its recorded answer
/// ([`ANSWERED`]) came after. The check job asks Klarna again for these.
pub fn unended_keys(events: &[SessionEventRecord]) -> Vec<&str> {
    let words = last_words(events).into_iter();
    words
        .filter(|(_, w)| [ASKED, UNKNOWN].contains(w))
        .map(|(k, _)| k)
        .collect()
}

/// The keys of the calls running now: asked, with no word since (not even
/// that they ended without an answer, [`UNKNOWN`]). Also the call of an
/// instance that stopped mid-call, until the check has asked again.
pub fn in_flight_keys(events: &[SessionEventRecord]) -> Vec<&str> {
    let words = last_words(events).into_iter();
    words.filter(|(_, w)| *w == ASKED).map(|(k, _)| k).collect()
}

/// Writes that the call `marker` names is being asked of Klarna for session
/// `sid` ([`ASKED`]), stamping the session's `asked_at` with it.
pub async fn mark_asked(
    state: &crate::state::AppState,
    sid: &str,
    marker: &serde_json::Value,
) -> Result<(), crate::store::StoreError> {
    let now = crate::clock::now();
    state.store.add_asked_event(sid, ASKED, marker, now).await
}

/// Whether an authorization or confirmation of `session` is running at
/// Klarna ([`in_flight_keys`]): the hosted page's config says so
/// (`authorization_pending`), so a page reloaded while paying waits for the
/// answer instead of offering Klarna's button again. The events are read
/// only for a session that was ever asked ([`mark_asked`]): a page's first
/// config costs no read beyond the session's own.
pub async fn in_flight(
    store: &dyn crate::store::Store,
    session: &SessionRecord,
) -> Result<bool, crate::store::StoreError> {
    if session.asked_at.is_none() {
        return Ok(false);
    }
    Ok(!in_flight_keys(&store.events(&session.id).await?).is_empty())
}

/// Writes how the call `marker` names ended with Klarna's error `e`:
/// [`FAILED`] when Klarna refused it, else [`UNKNOWN`]. Best effort: the
/// error goes back to the caller either way, and an unwritten word leaves
/// the call to the check.
pub async fn ended_with(
    state: &crate::state::AppState,
    sid: &str,
    marker: &serde_json::Value,
    e: &KlarnaError,
) {
    let kind = if refused(e) { FAILED } else { UNKNOWN };
    let _ = state
        .store
        .add_event(sid, kind, marker, crate::clock::now())
        .await;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(kind: &str, key: &str) -> SessionEventRecord {
        SessionEventRecord {
            kind: kind.into(),
            detail: json!({ "klarna_idempotency_key": key }),
            at: time::OffsetDateTime::UNIX_EPOCH,
        }
    }

    #[test]
    fn a_call_is_unended_until_its_answer_or_klarnas_refusal_is_written() {
        assert!(unended_keys(&[]).is_empty());
        let asked = [event(ASKED, "k1")];
        assert_eq!(unended_keys(&asked), ["k1"]);
        let answered = [event(ASKED, "k1"), event(ANSWERED, "k1")];
        assert!(unended_keys(&answered).is_empty());
        let failed = [event(ASKED, "k1"), event(FAILED, "k1")];
        assert!(unended_keys(&failed).is_empty());
        // Ended without an answer (a 5xx): the check still asks again.
        let unknown = [event(ASKED, "k1"), event(UNKNOWN, "k1")];
        assert_eq!(unended_keys(&unknown), ["k1"]);
        // A new attempt after a refused one; a retry of the same key is one call.
        let again = [
            event(ASKED, "k1"),
            event(FAILED, "k1"),
            event(ASKED, "k2"),
            event(ASKED, "k2"),
            event("result.aborted", "k3"),
        ];
        assert_eq!(unended_keys(&again), ["k2"]);
        // Asked again after its answer (the check's own call): unended once more.
        let rechecked = [
            event(ASKED, "k1"),
            event(ANSWERED, "k1"),
            event(ASKED, "k1"),
        ];
        assert_eq!(unended_keys(&rechecked), ["k1"]);
    }

    #[test]
    fn a_call_is_in_flight_only_until_it_ends_whatever_the_ending() {
        assert_eq!(in_flight_keys(&[event(ASKED, "k1")]), ["k1"]);
        for end in [UNKNOWN, FAILED, ANSWERED] {
            let ended = [event(ASKED, "k1"), event(end, "k1")];
            assert!(in_flight_keys(&ended).is_empty(), "{end}");
        }
        // The page's retry of a call that ended without an answer runs again.
        let retried = [event(ASKED, "k1"), event(UNKNOWN, "k1"), event(ASKED, "k1")];
        assert_eq!(in_flight_keys(&retried), ["k1"]);
        let two = [event(ASKED, "k1"), event(UNKNOWN, "k1"), event(ASKED, "k2")];
        assert_eq!(in_flight_keys(&two), ["k2"]);
        assert_eq!(unended_keys(&two), ["k1", "k2"]);
    }
}
