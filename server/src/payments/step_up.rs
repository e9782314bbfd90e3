//! The step-up event: what an initial authorization that Klarna answered
//! with a step-up leaves for what follows it. The final authorization resends
//! the initial payload (the `payment_option_id` sent) and goes to the partner
//! account the payment request was made on, as do the request's cancellation
//! and the check of a decline the page reported: Klarna knows a payment
//! request only on that account, wherever the merchant has moved since.

use crate::clock;
use crate::error::AppError;
use crate::merchants::account::KlarnaAccount;
use crate::merchants::call_account;
use crate::state::AppState;
use serde_json::json;

/// Event kind of a recorded step-up answer.
pub const EVENT: &str = "authorize.step_up_required";

/// What the initial authorization of one payment request left.
#[derive(Debug, Default)]
pub struct StepUp {
    /// The `payment_option_id` it sent.
    pub option: Option<String>,
    /// The account it was made on; `None` for a step-up recorded before the
    /// account was kept.
    pub account: Option<KlarnaAccount>,
}

/// Records that the initial authorization of `session_id` on `account` (with
/// `option`) started payment request `payment_request_id`.
pub async fn record(
    state: &AppState,
    session_id: &str,
    payment_request_id: &str,
    (option, account): (Option<&str>, &KlarnaAccount),
) -> Result<(), AppError> {
    let detail = json!({
        "payment_request_id": payment_request_id,
        "payment_option_id": option,
        "klarna_account": call_account::to_payload(account),
    });
    state
        .store
        .add_event(session_id, EVENT, &detail, clock::now())
        .await?;
    Ok(())
}

/// What started payment request `payment_request_id` of `session_id`; the
/// default when no step-up of this session started it (an express checkout's
/// request made on the merchant's page).
pub async fn find(
    state: &AppState,
    session_id: &str,
    payment_request_id: &str,
) -> Result<StepUp, AppError> {
    let events = state.store.events(session_id).await?;
    let Some(e) = events
        .iter()
        .filter(|e| e.kind == EVENT)
        .find(|e| e.detail["payment_request_id"] == payment_request_id)
    else {
        return Ok(StepUp::default());
    };
    Ok(StepUp {
        option: e.detail["payment_option_id"].as_str().map(str::to_string),
        account: call_account::from_payload(&e.detail),
    })
}

/// The account payment request `payment_request_id` of `session_id` was made
/// on, else `merchant_id`'s current one.
pub async fn account_of(
    state: &AppState,
    (session_id, payment_request_id): (&str, &str),
    merchant_id: &str,
) -> Result<KlarnaAccount, AppError> {
    let recorded = find(state, session_id, payment_request_id).await?.account;
    call_account::or_current(state, recorded, merchant_id).await
}
