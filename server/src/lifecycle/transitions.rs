//! What a session's state change brings along, in the same transaction:
//! the payment an approval creates (with Klarna's auto-capture), the
//! merchant notification, and the cancellation at Klarna of payment
//! requests that ended without a transaction.

use super::events::event;
use crate::clock;
use crate::clock::now_ms;
use crate::error::AppError;
use crate::ids::new_id;
use crate::klarna::ApprovalExtras;
use crate::state::AppState;
use crate::store::{Effects, NewJob, OperationRecord, PaymentRecord, SessionRecord};
use checkout_core::api::Authorization;
use checkout_core::operations::OperationStatus;
use checkout_core::payment::{Ledger, OperationKind};
use checkout_core::state::SessionState;
use serde_json::json;

/// The job kind that cancels a payment request at Klarna.
pub const CANCEL_REQUEST: &str = "cancel_payment_request";

/// The job that cancels payment request `id` at Klarna.
pub fn cancel_job(id: &str) -> NewJob {
    NewJob {
        id: new_id("job"),
        kind: CANCEL_REQUEST.into(),
        payload: json!({"payment_request_id": id}),
        run_at_ms: now_ms(),
        dedupe_key: Some(format!("cancel-pr:{id}")),
    }
}

/// Job: check at Klarna a payment request the page reported as declined.
pub const CHECK_REQUEST: &str = "check_payment_request";

/// The job checking `id` of `session_id` at Klarna.
pub fn check_job(session_id: &str, id: &str) -> NewJob {
    NewJob {
        id: new_id("job"),
        kind: CHECK_REQUEST.into(),
        payload: json!({"session_id": session_id, "payment_request_id": id}),
        run_at_ms: now_ms(),
        dedupe_key: Some(format!("check-pr:{id}")),
    }
}

/// The payment of a fresh approval.
pub fn new_payment(s: &SessionRecord, a: &Authorization, extras: &ApprovalExtras) -> PaymentRecord {
    let now = clock::now();
    let mut ledger = Ledger::authorized(a.amount);
    let operations: Vec<OperationRecord> = extras
        .captures
        .iter()
        .map(|(klarna_id, amount)| {
            ledger.captured += amount;
            ledger.captures += 1;
            let id = new_id("cap");
            OperationRecord {
                klarna_key: crate::klarna::transactions::idempotency_key(&s.id, &id),
                id,
                session_id: s.id.clone(),
                kind: OperationKind::Capture,
                amount: *amount,
                status: OperationStatus::Succeeded,
                capture_id: None,
                reference: Some("capture_method=automatic".into()),
                request: json!({}),
                klarna_id: Some(klarna_id.clone()),
                failure_reason: None,
                created_at: now,
                updated_at: now,
            }
        })
        .collect();
    PaymentRecord {
        session_id: s.id.clone(),
        merchant_id: s.merchant_id.clone(),
        payment_transaction_id: a.payment_transaction_id.clone(),
        currency: a.currency.clone(),
        capture_method: s.data.capture_method,
        ledger,
        network_response_data: extras.network_response_data.clone(),
        partner_account_id: None,
        version: 1,
        created_at: now,
        updated_at: now,
        operations,
    }
}

/// The effects of moving `s` to `to`.
pub async fn effects(
    state: &AppState,
    s: &SessionRecord,
    to: SessionState,
    authorization: Option<&Authorization>,
    extras: Option<&ApprovalExtras>,
) -> Result<Effects, AppError> {
    let mut after = s.clone();
    after.state = to;
    after.authorization = authorization.cloned().or(after.authorization);
    let mut fx = Effects::default();
    if to == SessionState::Authorized {
        if let Some(a) = authorization {
            let mut p = new_payment(s, a, &extras.cloned().unwrap_or_default());
            // The account the authorization was asked on, stamped on the
            // approval by its caller, kept for the payment's later operations;
            // else (an approval that came another way) the merchant's now.
            p.partner_account_id = match extras.and_then(|x| x.partner_account_id.clone()) {
                Some(id) => Some(id),
                None => {
                    crate::merchants::account::checkout_account(state, &s.merchant_id)
                        .await?
                        .klarna
                        .partner_account_id
                }
            };
            let (ev, job) = event("session.authorized", &after, Some(&p));
            fx.events.push(ev);
            fx.jobs.push(job);
            if p.ledger.captured > 0 {
                let (ev, job) = event("payment.captured", &after, Some(&p));
                fx.events.push(ev);
                fx.jobs.push(job);
            }
            if p.ledger.capturable() > 0 {
                // Read the transaction when Klarna lets the authorization lapse.
                let expires_at = extras.and_then(|x| x.expires_at.as_deref());
                fx.jobs.push(super::expiry::check_job(
                    &s.id,
                    super::expiry::first_check_ms(expires_at),
                ));
            }
            fx.payment = Some(p);
        }
        return Ok(fx);
    }
    let (ev, job) = event(&format!("session.{}", to.as_str()), &after, None);
    fx.events.push(ev);
    fx.jobs.push(job);
    for pr in state.store.payment_requests_of(&s.id).await? {
        if !matches!(pr.state.as_str(), "CANCELED" | "EXPIRED" | "DECLINED") {
            fx.jobs.push(cancel_job(&pr.id));
        }
    }
    Ok(fx)
}
