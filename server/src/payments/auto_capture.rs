//! The automatic capture of a confirmed payment. Klarna's confirmation
//! (`…/confirmation-tokens/{token}/confirm`) takes only the currency and the
//! amount, no capture mode, unlike the authorization's
//! `request_payment_transaction.capture = "NOW"`: a session created with
//! `capture_method: "automatic"` and paid through the legacy confirmation is
//! captured here, in full, through the merchant's own capture path (reserve,
//! ask Klarna, record, its retry job and notifications). The capture is
//! keyed by the session, so the confirmation's check asking again finds the
//! same capture, and a session with any capture already (the merchant's)
//! gets none.

use crate::error::AppError;
use crate::lifecycle::operate::{self, Ask};
use crate::state::AppState;
use checkout_core::operations::CaptureRequest;
use checkout_core::payment::{CaptureMethod, OperationKind};
use checkout_core::state::SessionState;

/// Idempotency scope of the automatic captures.
const SCOPE: &str = "auto-capture";

/// Captures the authorized amount of `session_id` when it is authorized,
/// asked for automatic capture, and has no capture yet.
pub async fn capture_if_automatic(state: &AppState, session_id: &str) -> Result<(), AppError> {
    let Some(session) = state.store.session(session_id).await? else {
        return Ok(());
    };
    if session.state != SessionState::Authorized
        || session.data.capture_method != CaptureMethod::Automatic
    {
        return Ok(());
    }
    let Some(payment) = state.store.payment(session_id).await? else {
        return Ok(());
    };
    let ours = operate::operation_id_for("cap", session_id, SCOPE, session_id);
    let captured_by_others = payment
        .operations
        .iter()
        .any(|o| o.kind == OperationKind::Capture && o.id != ours);
    if captured_by_others {
        return Ok(());
    }
    let ask = Ask::Capture(CaptureRequest {
        amount: payment.ledger.authorized,
        reference: None,
        order_lines: Vec::new(),
        shipping_info: Vec::new(),
    });
    operate::run(state, &session, ask, Some((SCOPE, session_id))).await?;
    Ok(())
}
