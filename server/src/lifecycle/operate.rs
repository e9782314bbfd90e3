//! Captures, refunds and voids asked by the merchant: reserve (the amount
//! check, written with the payment's version), ask Klarna, record.

use super::settle::{retry_job, safety_net_ms, settle_now};
use crate::clock;
use crate::error::AppError;
use crate::ids::new_id;
use crate::state::AppState;
use crate::store::{Effects, OperationRecord, PaymentRecord, PaymentWrite, SessionRecord};
use checkout_core::operations::{CaptureRequest, OperationStatus, RefundRequest};
use checkout_core::payment::{apply, CaptureBalance, Operation, OperationKind, PaymentEvent};
use checkout_core::state::SessionState;
use serde_json::Value;

/// What the merchant asks for, validated.
pub enum Ask {
    /// A capture.
    Capture(CaptureRequest),
    /// A refund.
    Refund(RefundRequest),
    /// A void.
    Void,
}

fn refusal(r: checkout_core::payment::Refusal) -> AppError {
    AppError::conflict_at(r.field, r.reason)
}

fn operation_for(
    ask: &Ask,
    p: &PaymentRecord,
) -> Result<(OperationKind, Operation, i64), AppError> {
    Ok(match ask {
        Ask::Capture(c) => (
            OperationKind::Capture,
            Operation::Capture(c.amount),
            c.amount,
        ),
        Ask::Refund(r) => {
            let capture = match &r.capture_id {
                None => None,
                Some(cid) => {
                    let cap = p
                        .operations
                        .iter()
                        .find(|o| &o.id == cid && o.kind == OperationKind::Capture)
                        .ok_or_else(|| {
                            let mut e = AppError::conflict(format!(
                                "capture_id: this payment has no capture {cid}"
                            ));
                            e.error.fields = vec![checkout_core::errors::FieldError::new(
                                "capture_id",
                                "no such capture on this payment",
                            )];
                            e
                        })?;
                    // Sent to Klarna without its `payment_capture_id`, the
                    // refund would not be booked on that capture at Klarna.
                    if cap.status == OperationStatus::Succeeded && cap.klarna_id.is_none() {
                        return Err(AppError::conflict_at(
                            "capture_id",
                            format!("Klarna's id of capture {cid} is not known yet (Klarna's webhook confirmed it before Klarna's answer to our call arrived; the job runner asks Klarna again): retry in a few seconds, or refund without capture_id"),
                        ));
                    }
                    let refunded = p
                        .operations
                        .iter()
                        .filter(|o| {
                            o.kind == OperationKind::Refund
                                && o.capture_id.as_deref() == Some(cid)
                                && o.status != OperationStatus::Failed
                        })
                        .map(|o| o.amount)
                        .sum();
                    Some(CaptureBalance {
                        settled: cap.status == OperationStatus::Succeeded,
                        amount: cap.amount,
                        refunded,
                    })
                }
            };
            (
                OperationKind::Refund,
                Operation::Refund(r.amount, capture),
                r.amount,
            )
        }
        Ask::Void => (OperationKind::Void, Operation::Void, p.ledger.capturable()),
    })
}

fn request_json(ask: &Ask) -> Value {
    match ask {
        Ask::Capture(c) => serde_json::to_value(c).unwrap_or_default(),
        Ask::Refund(r) => serde_json::to_value(r).unwrap_or_default(),
        Ask::Void => Value::Object(Default::default()),
    }
}

/// Reserves the operation (checked against the payment as stored, written
/// only if nothing changed it meanwhile); returns the payment and the new
/// pending operation.
pub async fn reserve(
    state: &AppState,
    s: &SessionRecord,
    ask: &Ask,
) -> Result<(PaymentRecord, OperationRecord), AppError> {
    reserve_as(state, s, ask, None).await
}

/// The id of the operation a merchant's `Idempotency-Key` asks for: derived,
/// so a retry of that key (on any instance, after the first one died between
/// reserving and storing its answer) finds the same operation and its
/// `Klarna-Idempotency-Key` instead of reserving a second one.
pub fn operation_id_for(prefix: &str, session_id: &str, key_scope: &str, key: &str) -> String {
    let h = crate::ids::sha256_hex(format!("{key_scope}\n{session_id}\n{key}").as_bytes());
    format!("{prefix}_{}", &h[..32])
}

/// [`reserve`] with the operation's id derived from the merchant's
/// `Idempotency-Key` (`(scope, key)`), when the request has one: an
/// operation already reserved under it is returned as it is.
pub async fn reserve_as(
    state: &AppState,
    s: &SessionRecord,
    ask: &Ask,
    key: Option<(&str, &str)>,
) -> Result<(PaymentRecord, OperationRecord), AppError> {
    if s.state != SessionState::Authorized {
        return Err(AppError::conflict(format!(
            "session {} is {}, not authorized",
            s.id,
            s.state_at(clock::now()).as_str()
        )));
    }
    for _ in 0..50 {
        let p = state
            .store
            .payment(&s.id)
            .await?
            .ok_or_else(|| AppError::conflict(format!("session {} has no payment", s.id)))?;
        let prefix = match ask {
            Ask::Capture(_) => "cap",
            Ask::Refund(_) => "ref",
            Ask::Void => "void",
        };
        let derived = key.map(|(scope, k)| operation_id_for(prefix, &s.id, scope, k));
        if let Some(op) = derived
            .as_ref()
            .and_then(|id| p.operations.iter().find(|o| &o.id == id))
        {
            return Ok((p.clone(), op.clone()));
        }
        let (kind, operation, amount) = operation_for(ask, &p)?;
        let ledger = apply(&p.ledger, PaymentEvent::Reserve(operation)).map_err(refusal)?;
        let now = clock::now();
        let id = derived.unwrap_or_else(|| new_id(prefix));
        let (reference, capture_id) = match ask {
            Ask::Capture(c) => (c.reference.clone(), None),
            Ask::Refund(r) => (r.reference.clone(), r.capture_id.clone()),
            Ask::Void => (None, None),
        };
        let op = OperationRecord {
            klarna_key: crate::klarna::transactions::idempotency_key(&s.id, &id),
            id,
            session_id: s.id.clone(),
            kind,
            amount,
            status: OperationStatus::Pending,
            capture_id,
            reference,
            request: request_json(ask),
            klarna_id: None,
            failure_reason: None,
            created_at: now,
            updated_at: now,
        };
        let mut after = p.clone();
        after.ledger = ledger;
        after.updated_at = now;
        after.operations.push(op.clone());
        let w = PaymentWrite {
            payment: after.clone(),
            expected_version: p.version,
            operations: vec![op.clone()],
            effects: Effects {
                payment: None,
                events: vec![],
                jobs: vec![retry_job(&op, safety_net_ms(state))],
                log: vec![],
            },
        };
        if state.store.write_payment(&w).await? {
            after.version = p.version + 1;
            tracing::info!(session = %s.id, operation = %op.id, kind = kind.as_str(), amount, "payment operation reserved");
            return Ok((after, op));
        }
    }
    Err(AppError::conflict(
        "the payment is changing too fast; retry",
    ))
}

/// Runs `ask` on session `s`: reserve, ask Klarna, record. Returns the
/// payment afterwards and the operation's id (pending when Klarna did not answer).
pub async fn run(
    state: &AppState,
    s: &SessionRecord,
    ask: Ask,
    key: Option<(&str, &str)>,
) -> Result<(PaymentRecord, String), AppError> {
    let (p, op) = reserve_as(state, s, &ask, key).await?;
    if op.status != checkout_core::operations::OperationStatus::Pending {
        // A retry of an operation already settled: its outcome stands.
        return Ok((p, op.id));
    }
    let after = settle_now(state, &p, &op).await?;
    let after = match after {
        Some(a) => a,
        None => state.store.payment(&s.id).await?.unwrap_or(p),
    };
    Ok((after, op.id))
}
