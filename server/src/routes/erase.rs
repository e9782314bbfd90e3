//! `POST /v1/sessions/{id}/erase` (merchant key): erases the shopper's
//! personal data of a session at once (a shopper asked the merchant to),
//! whatever its state; amounts, order lines, states and Klarna ids stay
//! ([`checkout_core::privacy`]). Answers the session as it is afterwards;
//! erasing an erased session changes nothing and answers the same.

use crate::auth::{merchant_session, Merchant};
use crate::clock;
use crate::error::{ApiBytes, AppError};
use crate::lifecycle::view::load_view;
use crate::openapi::shared::{EmptyBody, Errors};
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::Json;
use checkout_core::api::SessionView;

/// The handler.
#[utoipa::path(post, path = "/v1/sessions/{id}/erase", tag = "sessions", operation_id = "erasePersonalData",
    request_body(content = Option<EmptyBody>, description = "`{}` or nothing"),
    params(("id" = String, Path, description = "The session (`hcs_…`)")),
    responses((status = 200, description = "the session, its personal data erased (`personal_data_erased_at`)", body = SessionView), Errors),
    security(("merchant_key" = [])))]
pub async fn erase(
    State(state): State<AppState>,
    merchant: Merchant,
    Path(id): Path<String>,
    ApiBytes(body): ApiBytes,
) -> Result<Json<SessionView>, AppError> {
    merchant_session(&state, &merchant, &id).await?;
    super::payments::no_body(&body)?;
    let s = state
        .store
        .erase_personal_data(&id, clock::now())
        .await?
        .ok_or_else(|| AppError::not_found(format!("no session {id}")))?;
    tracing::info!(session = %id, "personal data erased (merchant request)");
    Ok(Json(load_view(&state, &s).await?))
}
