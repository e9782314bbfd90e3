//! Klarna's webhooks, handled as jobs: `POST /v1/webhooks/klarna` verifies,
//! stores the event with this job and answers at once; the job does the
//! work that calls Klarna (the final authorization must happen within 60
//! minutes, past Klarna's 15-minute redelivery) and is retried with backoff.
//!
//! Handled: `payment.request.state-change.{completed, expired, canceled,
//! declined}`, `payment.transaction.{captured, refunded, voided, expired}`
//! and `partner.account.state-change.{operational, disabled}` (a merchant's
//! Klarna account).

use super::Outcome;
use crate::clock;
use crate::error::AppError;
use crate::lifecycle::settle::{self, Source};
use crate::payments::{finalize, settle as settle_session};
use crate::state::AppState;
use crate::store::JobRecord;
use crate::webhook::{self, Envelope};
use checkout_core::operations::OperationStatus;
use checkout_core::payment::OperationKind;
use checkout_core::state::{SessionEvent, SessionState};
use serde_json::{json, Value};

/// The job kind.
pub const KIND: &str = "klarna_event";

/// Runs the job: `Done` when handled (or without effect), `Retry` on our or
/// Klarna's failure.
pub async fn run(state: &AppState, job: &JobRecord) -> Result<Outcome, Outcome> {
    let env: Envelope = serde_json::from_value(job.payload["envelope"].clone())
        .map_err(|e| Outcome::Fail(format!("stored envelope unreadable: {e}")))?;
    let m = &env.metadata;
    match handle(state, &env).await {
        Ok(status) => {
            tracing::info!(event_id = %m.event_id, event_type = %m.event_type, status, "Klarna webhook handled");
            Ok(Outcome::Done)
        }
        Err(e) if e.status.is_server_error() => Ok(Outcome::Retry(e.to_string())),
        Err(e) => {
            tracing::info!(event_id = %m.event_id, error = %e, "Klarna webhook had no effect");
            Ok(Outcome::Done)
        }
    }
}

async fn handle(state: &AppState, env: &Envelope) -> Result<&'static str, AppError> {
    if env.metadata.event_type.starts_with("payment.transaction.") {
        return transaction_event(state, env).await;
    }
    if let Some(kind) = env
        .metadata
        .event_type
        .strip_prefix("partner.account.state-change.")
    {
        // A merchant's Partner Account at Klarna (issue 18): operational or disabled.
        let Some(id) = env
            .payload
            .get("partner_account_id")
            .and_then(Value::as_str)
        else {
            return Ok("ignored");
        };
        return match crate::merchants::onboarding::on_account_event(state, id, kind).await {
            Ok(true) => Ok("merchant_updated"),
            Ok(false) => Ok("ignored"),
            Err(_) => Err(AppError::internal("the merchant changed meanwhile; retry")),
        };
    }
    let p = &env.payload;
    let pr_id = p.get("payment_request_id").and_then(Value::as_str);
    let pr = match pr_id {
        Some(id) => state.store.payment_request(id).await?,
        None => None,
    };
    let session_id = match (
        &pr,
        p.get("payment_request_reference").and_then(Value::as_str),
    ) {
        (Some(pr), _) => pr.session_id.clone(),
        (None, Some(reference)) => reference.to_string(),
        (None, None) => return Ok("ignored"),
    };
    let Some(session) = state.store.session(&session_id).await? else {
        return Ok("ignored");
    };
    let kind = webhook::event_kind(&env.metadata.event_type);
    let now = clock::now();
    let detail = json!({"event_id": env.metadata.event_id, "payment_request_id": pr_id});
    match kind {
        "completed" => {
            let (Some(pr_id), Some(token)) = (pr_id, webhook::payload_token(p)) else {
                return Err(AppError::invalid_field(
                    "payload",
                    "completed event without payment_request_id and token",
                ));
            };
            finalize(state, &session.id, pr_id, token, "webhook").await?;
            Ok("finalized")
        }
        "expired" | "canceled" | "declined" => {
            if let Some(id) = pr.as_ref().map(|p| p.id.as_str()) {
                state
                    .store
                    .set_payment_request_state(id, &kind.to_ascii_uppercase(), now)
                    .await?;
            }
            state
                .store
                .add_event(&session.id, &format!("webhook.{kind}"), &detail, now)
                .await?;
            if kind == "declined" && session.state == SessionState::Open {
                settle_session(state, &session, SessionEvent::Declined, None).await?;
                return Ok("declined");
            }
            Ok("recorded")
        }
        _ => Ok("ignored"),
    }
}

fn text<'a>(p: &'a Value, keys: &[&str]) -> Option<&'a str> {
    keys.iter().find_map(|k| p.get(*k).and_then(Value::as_str))
}

/// `payment.transaction.*`: an expiry releases the uncaptured rest (and
/// notifies); a capture, refund or void Klarna reports settles our pending
/// operation named by its reference (Klarna's word that it happened);
/// anything else is kept in the session's log for reconciliation.
async fn transaction_event(state: &AppState, env: &Envelope) -> Result<&'static str, AppError> {
    let p = &env.payload;
    let Some(txn) = text(p, &["payment_transaction_id"]) else {
        return Ok("ignored");
    };
    let Some(sid) = state.store.session_of_transaction(txn).await? else {
        return Ok("ignored");
    };
    let kind = webhook::event_kind(&env.metadata.event_type);
    let detail = json!({"event_id": env.metadata.event_id, "event_type": env.metadata.event_type, "payload": p});
    state
        .store
        .add_event(
            &sid,
            &format!("klarna.transaction.{kind}"),
            &detail,
            clock::now(),
        )
        .await?;
    if kind == "expired" {
        return crate::lifecycle::expiry::expire(state, &sid).await;
    }
    let reference = text(
        p,
        &[
            "capture_reference",
            "refund_reference",
            "reference",
            "payment_transaction_operation_reference",
        ],
    );
    let want = match kind {
        "captured" => OperationKind::Capture,
        "refunded" => OperationKind::Refund,
        "voided" => OperationKind::Void,
        _ => return Ok("recorded"),
    };
    let Some(payment) = state.store.payment(&sid).await? else {
        return Ok("recorded");
    };
    let pending = payment.operations.iter().find(|o| {
        o.kind == want
            && o.status == OperationStatus::Pending
            && (reference == Some(o.id.as_str()) || want == OperationKind::Void)
    });
    let klarna_id = text(p, &["payment_capture_id", "payment_refund_id"]).map(str::to_string);
    if let Some(op) = pending {
        settle::record(state, &sid, &op.id, true, klarna_id, None, Source::Webhook).await?;
        return Ok("settled");
    }
    // Settled already (Klarna's answer to our call came first) but without
    // Klarna's id: the webhook's fills it; an id already known stays.
    let unnamed = payment.operations.iter().find(|o| {
        o.kind == want
            && o.status == OperationStatus::Succeeded
            && o.klarna_id.is_none()
            && reference == Some(o.id.as_str())
    });
    if let (Some(op), Some(_)) = (unnamed, &klarna_id) {
        settle::record(state, &sid, &op.id, true, klarna_id, None, Source::Webhook).await?;
        return Ok("named");
    }
    Ok("recorded")
}
