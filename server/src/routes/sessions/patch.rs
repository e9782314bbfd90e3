//! Changing an open session (`PATCH /v1/sessions/{id}`) under its payment
//! lock, with the order lines checked against the new amount.

use super::json;
use crate::auth::{merchant_session, Merchant};
use crate::clock;
use crate::error::{ApiJson, AppError};
use crate::lifecycle::view::view;
use crate::openapi::shared::{Errors, IdempotencyKey};
use crate::routes::payments::idempotent;
use crate::state::AppState;
use crate::store::SessionRecord;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::Response;
use axum::Json;
use checkout_core::api::SessionView;
use checkout_core::session::{lines_total, validate_patch, SessionPatch};
use serde_json::Value;

/// `PATCH /v1/sessions/{id}` (`Idempotency-Key` honoured): only while open. It holds the session's
/// payment lock, so it never changes a session while Klarna is deciding on
/// it: it waits for a running authorization and then finds the session as
/// that left it (paid: `409`).
#[utoipa::path(patch, path = "/v1/sessions/{id}", tag = "sessions", operation_id = "updateSession",
    request_body = SessionPatch, params(("id" = String, Path, description = "The session (`hcs_…`)"), IdempotencyKey),
    responses((status = 200, description = "the open session, updated", body = SessionView), Errors),
    security(("merchant_key" = [])))]
pub async fn patch(
    State(state): State<AppState>,
    merchant: Merchant,
    headers: HeaderMap,
    method: Method,
    uri: Uri,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<Value>,
) -> Result<Response, AppError> {
    let raw = body.to_string();
    let work = || async {
        let Json(v) = patch_open(&state, &merchant, &id, &body).await?;
        Ok((StatusCode::OK, json(&v)?))
    };
    idempotent(
        &state,
        &merchant,
        &headers,
        (&method, &uri),
        raw.as_bytes(),
        work,
    )
    .await
}

/// Applies a patch to an open session: only while open.
async fn patch_open(
    state: &AppState,
    merchant: &Merchant,
    id: &str,
    body: &Value,
) -> Result<Json<SessionView>, AppError> {
    let (state, id, body) = (state.clone(), id.to_string(), body.clone());
    let s = merchant_session(&state, merchant, &id).await?;
    let patch = validate_patch(&body, &s.data.country).map_err(AppError::invalid)?;
    crate::payments::idempotency::exclusive(&state, &id, || async {
        let s = merchant_session(&state, merchant, &id).await?;
        crate::payments::ensure_open(&s)?;
        check_patched_lines(&s, &patch)?;
        let updated = state
            .store
            .patch_open_session(&id, &patch, clock::now())
            .await?;
        let updated =
            updated.ok_or_else(|| AppError::conflict(format!("session {id} is no longer open")))?;
        if (updated.data.amount, &updated.data.currency) != (s.data.amount, &s.data.currency) {
            cancel_journeys(&state, &id).await?;
        }
        Ok(Json(view(&updated)))
    })
    .await
}

/// The total changed: a step-up journey still open (its payment request is
/// for the old total) is canceled, here and at Klarna (the job runner), so
/// its completion can't authorize the old total or a total Klarna never
/// showed; the shopper pays the new one.
async fn cancel_journeys(state: &AppState, id: &str) -> Result<(), AppError> {
    for pr in state.store.payment_requests_of(id).await? {
        if pr.state == "SUBMITTED" {
            state
                .store
                .set_payment_request_state(&pr.id, "CANCELED", clock::now())
                .await?;
            let job = crate::lifecycle::transitions::cancel_job(&pr.id);
            state.store.enqueue_jobs(&[job]).await?;
            tracing::info!(session = %id, payment_request = %pr.id, "the total changed during Klarna's journey; its payment request is canceled");
        }
    }
    Ok(())
}

/// The order lines after `patch` must add up to the amount after it.
fn check_patched_lines(s: &SessionRecord, patch: &SessionPatch) -> Result<(), AppError> {
    let amount = patch.amount.unwrap_or(s.data.amount);
    let lines = patch.order_lines.as_ref().unwrap_or(&s.data.order_lines);
    let sum = lines_total(lines);
    if !lines.is_empty() && sum != Some(amount) {
        let sum = sum.map_or_else(
            || "more than the largest amount".to_string(),
            |s| s.to_string(),
        );
        let reason = format!("line totals add up to {sum}, expected amount {amount}; send order_lines with the new amount");
        return Err(AppError::invalid_field("order_lines", reason));
    }
    Ok(())
}
