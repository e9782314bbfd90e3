//! A second authorization at Klarna, released. An instance dies after Klarna
//! approved its call and before it recorded the answer; the shopper's page
//! then pays again with other data (another payment option, a new
//! confirmation token), which is another `Klarna-Idempotency-Key`, so Klarna
//! makes a second authorization and ours records only that one. The first
//! call's check ([`super::reconcile`]) sends the unended call again with its
//! key; when Klarna's replay approves a transaction that is not the one the
//! session holds, that transaction is the shopper's second charge: it is
//! voided at Klarna, or, when Klarna captured it at authorization
//! (`capture_method: "automatic"`), its captures are refunded. Each call has
//! a key of its own derived from the session, the transaction and the
//! action, so the job's retries are Klarna's replays. The release is logged
//! as an error (an operator may want to tell the shopper) and kept as the
//! session event [`RELEASED`].

use crate::clock;
use crate::error::AppError;
use crate::klarna::idempotency::derive_key;
use crate::klarna::transactions::{TransactionCall, TransactionOp};
use crate::klarna::AuthorizeResult;
use crate::state::AppState;
use crate::store::SessionRecord;
use serde_json::json;

/// Session event of a released second authorization
/// (`{payment_transaction_id, refunded, voided}`).
pub const RELEASED: &str = "authorize.duplicate_released";

/// Releases the transaction Klarna's replay `result` approved when the
/// session (no longer open) does not hold it; nothing otherwise.
pub async fn release_unrecorded(
    state: &AppState,
    session: &SessionRecord,
    result: AuthorizeResult,
) -> Result<(), AppError> {
    let AuthorizeResult::Approved {
        payment_transaction_id: txn,
        extras,
    } = result
    else {
        return Ok(());
    };
    let held = session
        .authorization
        .as_ref()
        .map(|a| a.payment_transaction_id.as_str());
    if held == Some(txn.as_str()) {
        return Ok(());
    }
    tracing::error!(target: "payment", session = %session.id, transaction = %txn,
        "Klarna approved a second authorization for this session (an unrecorded call and a retry with other data): releasing it");
    // Released on the account that approved it (stamped on the approval).
    let account = extras.partner_account_id.as_deref();
    let klarna =
        crate::merchants::call_account::klarna_on(state, account, &session.merchant_id).await?;
    let call = |action: &str, op: TransactionOp| TransactionCall {
        session_id: session.id.clone(),
        payment_transaction_id: txn.clone(),
        idempotency_key: derive_key("authorize.duplicate", &[&session.id, &txn, action]),
        correlation_id: crate::ops::request_id::current()
            .unwrap_or_else(|| format!("reconcile_{}", session.id)),
        op,
    };
    let mut refunded = 0;
    for (capture_id, amount) in &extras.captures {
        let op = TransactionOp::Refund {
            amount: *amount,
            reference: format!("dup_{}", &derive_key("ref", &[&txn, capture_id])[..16]),
            payment_capture_id: Some(capture_id.clone()),
            order_lines: Vec::new(),
            reason: Some("a second authorization of the same purchase".into()),
        };
        klarna.refund(&call(capture_id, op)).await?;
        refunded += amount;
    }
    let voided = extras.captures.is_empty();
    if voided {
        klarna.void(&call("void", TransactionOp::Void)).await?;
    }
    metrics::counter!("checkout_duplicate_authorizations_released_total").increment(1);
    let detail = json!({"payment_transaction_id": txn, "refunded": refunded, "voided": voided});
    state
        .store
        .add_event(&session.id, RELEASED, &detail, clock::now())
        .await?;
    Ok(())
}
