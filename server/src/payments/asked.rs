//! The record that an authorization or a confirmation was asked of Klarna,
//! written before the call: the session events that mark the call as asked
//! ([`ASKED`]) or answered with Klarna's error ([`FAILED`]), and the check
//! job ([`super::reconcile`]) that finds a call that never ended. Apart from
//! the check itself, so the calls that write these and the check that reads
//! them import in one direction.

use crate::clock::now_ms;
use crate::klarna::{AuthorizeCall, ConfirmCall};
use crate::merchants::account::KlarnaAccount;
use crate::merchants::call_account::to_payload;
use crate::store::{NewJob, SessionRecord};
use serde_json::json;

/// The job kind.
pub const KIND: &str = "reconcile_authorize";
/// Session event written just before an initial authorization asks Klarna
/// (`{klarna_idempotency_key}`).
pub const ASKED: &str = "authorize.asked";
/// Session event written when Klarna refused that call ([`refused`]: the
/// page, told nothing was charged, decides whether to try again).
pub const FAILED: &str = "authorize.klarna_failed";

/// Session event written once Klarna's answer to that call is recorded
/// (an approval, a decline or a step-up), so the check leaves it alone.
pub const ANSWERED: &str = "authorize.answered";

/// Whether Klarna's error says the call was certainly not carried out: a
/// refusal Klarna answered (`4xx`), except `408`, `409` (the key's first
/// call may still be running) and `429`, which say nothing of an earlier
/// call with the same key. A timeout, a `5xx` or an unreadable answer may
/// hide an approval: the call stays asked, and its check sends it again.
pub fn refused(e: &crate::klarna::KlarnaError) -> bool {
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
