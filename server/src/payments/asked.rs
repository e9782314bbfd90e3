//! The record that an authorization or a confirmation was asked of Klarna,
//! written before the call: the session events that mark the call as asked
//! ([`ASKED`]) or answered with Klarna's error ([`FAILED`]), and the check
//! job ([`super::reconcile`]) that finds a call that never ended. Apart from
//! the check itself, so the calls that write these and the check that reads
//! them import in one direction.

use crate::clock::now_ms;
use crate::klarna::{AuthorizeCall, ConfirmCall};
use crate::store::{NewJob, SessionRecord};
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

/// The check of a confirmation `call` of `session` (see [`super::reconcile`]).
pub fn confirm_job(session: &SessionRecord, call: &ConfirmCall) -> NewJob {
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
        }),
        run_at_ms: now_ms() + DELAY_MS,
        dedupe_key: Some(format!("{KIND}:{}", call.idempotency_key)),
    }
}
