//! The Klarna account a payment call was made on, carried to everything that
//! follows the call: the approval it answers (so the payment keeps the
//! account for its captures, refunds and voids), the check that asks Klarna
//! again when an instance died before recording the answer, and the release
//! of a second authorization. Klarna knows a transaction, a payment request
//! and an idempotency key only on the account that made them, so none of
//! these may follow the merchant to a partner account it was moved to in
//! between; a record made before the account was carried (no account in it)
//! falls back to the merchant's current one.

use super::account::{checkout_account, klarna_of, KlarnaAccount};
use crate::error::AppError;
use crate::klarna::{AuthorizeCall, AuthorizeResult, ConfirmCall, KlarnaApi, KlarnaError};
use crate::state::AppState;
use serde_json::{json, Value};
use std::sync::Arc;

/// `result` of a call made on `account`, an approval stamped with the
/// account's partner account.
fn stamp(
    result: Result<AuthorizeResult, KlarnaError>,
    account: &KlarnaAccount,
) -> Result<AuthorizeResult, KlarnaError> {
    result.map(|mut r| {
        if let AuthorizeResult::Approved { extras, .. } = &mut r {
            extras.partner_account_id = account.partner_account_id.clone();
        }
        r
    })
}

/// Klarna's authorization `call` on `account`, an approval stamped with it.
pub async fn authorize_on(
    state: &AppState,
    account: &KlarnaAccount,
    call: &AuthorizeCall,
) -> Result<AuthorizeResult, KlarnaError> {
    stamp(state.klarna_for(account).authorize(call).await, account)
}

/// Klarna's confirmation `call` on `account`, an approval stamped with it.
pub async fn confirm_on(
    state: &AppState,
    account: &KlarnaAccount,
    call: &ConfirmCall,
) -> Result<AuthorizeResult, KlarnaError> {
    stamp(state.klarna_for(account).confirm(call).await, account)
}

/// `recorded`, else (a record made before the account was kept)
/// `merchant_id`'s current account.
pub async fn or_current(
    state: &AppState,
    recorded: Option<KlarnaAccount>,
    merchant_id: &str,
) -> Result<KlarnaAccount, AppError> {
    match recorded {
        Some(a) => Ok(a),
        None => Ok(checkout_account(state, merchant_id).await?.klarna),
    }
}

/// `account` for a job's payload (`klarna_account`).
pub fn to_payload(account: &KlarnaAccount) -> Value {
    json!({
        "partner_account_id": account.partner_account_id,
        "payment_account_id": account.payment_account_id,
    })
}

/// The account `detail` (a job's payload, an event's detail) names as
/// `klarna_account`, if any.
pub fn from_payload(detail: &Value) -> Option<KlarnaAccount> {
    let a = detail.get("klarna_account").filter(|a| a.is_object())?;
    let text = |k: &str| a[k].as_str().map(str::to_string);
    Some(KlarnaAccount {
        partner_account_id: text("partner_account_id"),
        payment_account_id: text("payment_account_id"),
    })
}

/// The account a job's payload names, else (a job queued before the account
/// was carried) `merchant_id`'s current one.
pub async fn of_job(
    state: &AppState,
    payload: &Value,
    merchant_id: &str,
) -> Result<KlarnaAccount, AppError> {
    or_current(state, from_payload(payload), merchant_id).await
}

/// The Klarna client for `partner_account_id` when one is recorded, else
/// for `merchant_id`'s current account.
pub async fn klarna_on(
    state: &AppState,
    partner_account_id: Option<&str>,
    merchant_id: &str,
) -> Result<Arc<dyn KlarnaApi>, AppError> {
    match partner_account_id {
        Some(id) => Ok(state.klarna_for(&KlarnaAccount {
            partner_account_id: Some(id.to_string()),
            payment_account_id: None,
        })),
        None => klarna_of(state, merchant_id).await,
    }
}

/// The Klarna client for the operations of payment `p` (captures, refunds,
/// voids, reads): the partner account that authorized it, since Klarna knows
/// a transaction only on its own account; for a payment stored before the
/// account was recorded, its merchant's current account.
pub async fn klarna_of_payment(
    state: &AppState,
    p: &crate::store::PaymentRecord,
) -> Result<std::sync::Arc<dyn crate::klarna::KlarnaApi>, AppError> {
    klarna_on(state, p.partner_account_id.as_deref(), &p.merchant_id).await
}
