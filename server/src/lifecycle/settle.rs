//! Asking Klarna for a reserved operation and writing its answer: used right
//! after the reservation and, when Klarna did not answer, by the job runner
//! (`settle_operation`), always with the operation's own
//! `Klarna-Idempotency-Key`, so a retry is Klarna's replay of the first call.

use super::events::event;
use crate::clock;
use crate::clock::now_ms;
use crate::error::AppError;
use crate::ids::new_id;
use crate::klarna::{KlarnaError, TransactionCall, TransactionOp};
use crate::state::AppState;
use crate::store::{Effects, NewJob, OperationRecord, PaymentRecord, PaymentWrite};
use checkout_core::operations::OperationStatus;
use checkout_core::payment::{apply, OperationKind, PaymentEvent};
use serde_json::{json, Value};

/// The job kind that retries a pending operation.
pub const SETTLE: &str = "settle_operation";

/// The job that asks Klarna again for `op` at `run_at_ms` (safety net and retry).
pub fn retry_job(op: &OperationRecord, run_at_ms: i64) -> NewJob {
    NewJob {
        id: new_id("job"),
        kind: SETTLE.into(),
        payload: json!({"session_id": op.session_id, "operation_id": op.id}),
        run_at_ms,
        dedupe_key: Some(format!("settle:{}", op.id)),
    }
}

fn lines(v: &Value) -> Vec<checkout_core::session::OrderLine> {
    serde_json::from_value(v["order_lines"].clone()).unwrap_or_default()
}

/// The Klarna call of a reserved operation.
pub fn call_of(p: &PaymentRecord, op: &OperationRecord) -> TransactionCall {
    let req = &op.request;
    let op_call = match op.kind {
        OperationKind::Capture => TransactionOp::Capture {
            amount: op.amount,
            reference: op.id.clone(),
            order_lines: lines(req),
            shipping_info: serde_json::from_value(req["shipping_info"].clone()).unwrap_or_default(),
        },
        OperationKind::Refund => TransactionOp::Refund {
            amount: op.amount,
            reference: op.id.clone(),
            payment_capture_id: op.capture_id.as_ref().and_then(|c| {
                p.operations
                    .iter()
                    .find(|o| &o.id == c)
                    .and_then(|o| o.klarna_id.clone())
            }),
            order_lines: lines(req),
            reason: req["reason"].as_str().map(str::to_string),
        },
        OperationKind::Void => TransactionOp::Void,
    };
    TransactionCall {
        session_id: p.session_id.clone(),
        payment_transaction_id: p.payment_transaction_id.clone(),
        idempotency_key: op.klarna_key.clone(),
        correlation_id: op.id.clone(),
        op: op_call,
    }
}

/// What Klarna said about an operation.
pub enum Answer {
    /// Done; Klarna's id of it.
    Done(Option<String>),
    /// Refused, with Klarna's reason.
    Refused(String),
    /// No answer (5xx, timeout): still pending.
    Unknown(String),
    /// "Not now" (`408`, `409`, `429`, [`KlarnaError::is_retryable`]):
    /// Klarna may have done it; still pending, asked again no sooner than
    /// its `Retry-After` (ms) when it gave one.
    Later(String, Option<i64>),
}

/// Calls Klarna for `op` of `p`.
pub async fn ask_klarna(state: &AppState, p: &PaymentRecord, op: &OperationRecord) -> Answer {
    let call = call_of(p, op);
    let klarna = match crate::merchants::call_account::klarna_of_payment(state, p).await {
        Ok(k) => k,
        Err(e) => return Answer::Unknown(e.to_string()),
    };
    let r = match op.kind {
        OperationKind::Capture => klarna.capture(&call).await.map(Some),
        OperationKind::Refund => klarna.refund(&call).await.map(Some),
        OperationKind::Void => klarna.void(&call).await.map(|_| None),
    };
    match r {
        Ok(id) => Answer::Done(id.filter(|i| !i.is_empty())),
        Err(e) if e.is_retryable() => Answer::Later(e.to_string(), e.retry_after_ms()),
        Err(KlarnaError::Rejected { message, .. }) => Answer::Refused(message),
        Err(KlarnaError::Upstream(m)) => Answer::Unknown(m),
    }
}

fn event_type(kind: OperationKind, ok: bool) -> &'static str {
    match (kind, ok) {
        (OperationKind::Capture, true) => "payment.captured",
        (OperationKind::Capture, false) => "payment.capture_failed",
        (OperationKind::Refund, true) => "payment.refunded",
        (OperationKind::Refund, false) => "payment.refund_failed",
        (OperationKind::Void, true) => "payment.voided",
        (OperationKind::Void, false) => "payment.void_failed",
    }
}

/// Who tells us an operation's outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// Klarna's answer to our own call: its id (`payment_capture_id`,
    /// `payment_refund_id`) is authoritative and replaces another one.
    Direct,
    /// Klarna's webhook: its id only fills one not known yet.
    Webhook,
}

/// The id a later word about an already settled `op` should leave on it,
/// when it changes anything: a succeeded operation without Klarna's id takes
/// any; one with an id takes only another from Klarna's direct answer.
fn later_id(op: &OperationRecord, ok: bool, id: Option<&str>, source: Source) -> Option<String> {
    let id = id.filter(|i| !i.is_empty())?;
    if !ok || op.status != OperationStatus::Succeeded {
        return None;
    }
    match (op.klarna_id.as_deref(), source) {
        (None, _) => Some(id.to_string()),
        (Some(known), Source::Direct) if known != id => Some(id.to_string()),
        _ => None,
    }
}

/// Writes Klarna's final answer for operation `op_id` of session `sid`
/// (once: an operation that is no longer pending keeps its status and
/// amounts, and only takes Klarna's id when it had none) and returns the
/// payment afterwards.
pub async fn record(
    state: &AppState,
    sid: &str,
    op_id: &str,
    ok: bool,
    klarna_id: Option<String>,
    reason: Option<String>,
    source: Source,
) -> Result<PaymentRecord, AppError> {
    for _ in 0..50 {
        let p = state
            .store
            .payment(sid)
            .await?
            .ok_or_else(|| AppError::not_found(format!("no payment for session {sid}")))?;
        let Some(op) = p.operations.iter().find(|o| o.id == op_id).cloned() else {
            return Err(AppError::not_found(format!("no operation {op_id}")));
        };
        if op.status != OperationStatus::Pending {
            let Some(id) = later_id(&op, ok, klarna_id.as_deref(), source) else {
                return Ok(p);
            };
            if let Some(after) = fill_id(state, &p, op, id).await? {
                return Ok(after);
            }
            continue;
        }
        let ledger = apply(
            &p.ledger,
            PaymentEvent::Settle {
                kind: op.kind,
                amount: op.amount,
                succeeded: ok,
            },
        )
        .map_err(|r| AppError::internal(r.reason))?;
        let now = clock::now();
        let mut done = op.clone();
        done.status = if ok {
            OperationStatus::Succeeded
        } else {
            OperationStatus::Failed
        };
        done.klarna_id = match source {
            Source::Direct => klarna_id.clone().or(done.klarna_id),
            Source::Webhook => done.klarna_id.or(klarna_id.clone()),
        };
        done.failure_reason = reason.clone();
        done.updated_at = now;
        let mut after = p.clone();
        after.ledger = ledger;
        after.updated_at = now;
        if let Some(o) = after.operations.iter_mut().find(|o| o.id == op_id) {
            *o = done.clone();
        }
        let session = state
            .store
            .session(sid)
            .await?
            .ok_or_else(|| AppError::internal("session vanished"))?;
        let (ev, job) = event(event_type(op.kind, ok), &session, Some(&after));
        let w = PaymentWrite {
            payment: after.clone(),
            expected_version: p.version,
            operations: vec![done],
            effects: Effects {
                payment: None,
                events: vec![ev],
                jobs: vec![job],
                log: vec![],
            },
        };
        if state.store.write_payment(&w).await? {
            tracing::info!(session = %sid, operation = %op_id, kind = op.kind.as_str(), succeeded = ok, "payment operation settled");
            return Ok(after);
        }
    }
    Err(AppError::conflict(
        "the payment is changing too fast; retry",
    ))
}

/// Writes Klarna's `id` on the settled `op` of `p` (nothing else changes:
/// no amount, status or notification); `None` when the payment changed
/// meanwhile.
async fn fill_id(
    state: &AppState,
    p: &PaymentRecord,
    mut op: OperationRecord,
    id: String,
) -> Result<Option<PaymentRecord>, AppError> {
    tracing::info!(session = %p.session_id, operation = %op.id, klarna_id = %id, previous = ?op.klarna_id, "Klarna's id of a settled operation recorded");
    op.klarna_id = Some(id);
    op.updated_at = clock::now();
    let mut after = p.clone();
    if let Some(o) = after.operations.iter_mut().find(|o| o.id == op.id) {
        *o = op.clone();
    }
    after.version = p.version + 1;
    let w = PaymentWrite {
        payment: after.clone(),
        expected_version: p.version,
        operations: vec![op],
        effects: Effects::default(),
    };
    Ok(state.store.write_payment(&w).await?.then_some(after))
}

/// Asks Klarna for a pending operation and records a final answer; `Ok(None)`
/// when Klarna did not answer (the operation stays pending).
pub async fn settle_now(
    state: &AppState,
    p: &PaymentRecord,
    op: &OperationRecord,
) -> Result<Option<PaymentRecord>, AppError> {
    Ok(settle_or_wait(state, p, op).await?.ok())
}

/// [`settle_now`], telling the job runner how long Klarna asked it to wait
/// (`Err(Some(ms))`, its `Retry-After`) when the operation stays pending.
pub async fn settle_or_wait(
    state: &AppState,
    p: &PaymentRecord,
    op: &OperationRecord,
) -> Result<Result<PaymentRecord, Option<i64>>, AppError> {
    let (why, wait) = match ask_klarna(state, p, op).await {
        Answer::Done(id) => {
            return Ok(Ok(record(
                state,
                &p.session_id,
                &op.id,
                true,
                id,
                None,
                Source::Direct,
            )
            .await?))
        }
        Answer::Refused(reason) => {
            return Ok(Ok(record(
                state,
                &p.session_id,
                &op.id,
                false,
                None,
                Some(reason),
                Source::Direct,
            )
            .await?))
        }
        Answer::Unknown(why) => (why, None),
        Answer::Later(why, wait) => (why, wait),
    };
    tracing::warn!(session = %p.session_id, operation = %op.id, error = %why, "Klarna did not answer; the operation stays pending");
    Ok(Err(wait))
}

/// When the safety-net job of a fresh reservation runs (if the request
/// settled it first, the job finds nothing pending): once the request's own
/// Klarna call can no longer be in flight (the real client's time limit and
/// 10 s more: 30 s), and not before the job runner's first retry delay. Two
/// calls with one `Klarna-Idempotency-Key` never overlap this way.
pub fn safety_net_ms(state: &AppState) -> i64 {
    let longest = state.klarna.longest_call().as_millis() as i64;
    let after_call = if longest > 0 { longest + 10_000 } else { 0 };
    now_ms() + after_call.max(state.settings.jobs.retry_base_ms)
}
