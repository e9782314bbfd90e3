//! Adopting a payment request the Web SDK created on a merchant's own page
//! (express checkout): before its final authorization we ask Klarna for it
//! and check that it was made for this session (`payment_request_reference`),
//! that the shopper finished it, and that it is for the session's amount and
//! currency; then what Klarna collected (customer profile, shipping) is kept
//! with the session and the request is filed like one of our own step-ups.
//! The page's `POST /v1/sessions/{id}/authorize` and Klarna's `completed`
//! webhook both come through here, so either one completes the order.

use crate::clock;
use crate::error::AppError;
use crate::klarna::KlarnaError;
use crate::state::AppState;
use crate::store::{PaymentRequestRecord, SessionRecord};
use checkout_core::session::SessionPatch;
use serde_json::json;

/// Checks Klarna's payment request `id` against `session`, stores what Klarna
/// collected and files the request for the session; returns the session as
/// stored afterwards.
pub async fn adopt(
    state: &AppState,
    session: &SessionRecord,
    id: &str,
) -> Result<SessionRecord, AppError> {
    // Read with the session's merchant's Klarna account, like its authorization.
    let klarna = crate::merchants::account::klarna_of(state, &session.merchant_id).await?;
    let pr = klarna.payment_request(id).await.map_err(|e| match e {
        KlarnaError::Rejected { status, message } if status == 404 || status == 400 => {
            AppError::conflict_at(
                "payment_request_id",
                format!("Klarna does not know payment request {id}: {message}"),
            )
        }
        e => AppError::from(e),
    })?;
    if pr.reference.as_deref() != Some(session.id.as_str()) {
        return Err(AppError::conflict_at(
            "payment_request_id",
            format!(
                "payment request {id} was made for {}, not for session {}",
                pr.reference.as_deref().unwrap_or("no checkout session"),
                session.id
            ),
        ));
    }
    if pr.state != "COMPLETED" {
        return Err(AppError::conflict_at(
            "payment_request_id",
            format!(
                "payment request {id} is {}: the shopper has not finished Klarna's journey",
                pr.state
            ),
        ));
    }
    let d = &session.data;
    let amount = pr.amount.unwrap_or(d.amount);
    let currency = pr.currency.as_deref().unwrap_or(&d.currency);
    if amount != d.amount || currency != d.currency {
        return Err(AppError::conflict(format!(
            "Klarna's payment request is for {amount} (minor units of {currency}), the session for {} \
             (minor units of {}): PATCH the session from your server whenever the total changes (e.g. shipping)",
            d.amount, d.currency
        )));
    }
    let now = clock::now();
    let patch = SessionPatch {
        customer_profile: pr.customer_profile.clone(),
        shipping: pr.shipping.clone(),
        ..SessionPatch::default()
    };
    let fresh = if patch.customer_profile.is_some() || patch.shipping.is_some() {
        state
            .store
            .patch_open_session(&session.id, &patch, now)
            .await?
            .ok_or_else(|| {
                AppError::conflict(format!("session {} is no longer open", session.id))
            })?
    } else {
        session.clone()
    };
    let record = PaymentRequestRecord {
        id: pr.id.clone(),
        session_id: session.id.clone(),
        state: pr.state.clone(),
        created_at: now,
        updated_at: now,
    };
    state.store.insert_payment_request(&record).await?;
    let detail = json!({"payment_request_id": pr.id, "shipping": pr.shipping.is_some(),
        "customer_profile": pr.customer_profile.is_some()});
    state
        .store
        .add_event(&session.id, "express.adopted", &detail, now)
        .await?;
    Ok(fresh)
}
