//! Merchant API: create, read and patch sessions, submit a network token.
//! Reading (the session view, one session, the list) lives here; creating
//! and patching in [`create`] and `patch`.

use crate::auth::{merchant_session, Merchant};
use crate::error::AppError;
use crate::lifecycle::view::load_view;
use crate::openapi::shared::Errors;
use crate::state::AppState;
use axum::extract::{Path, Query, State};
use axum::Json;
use checkout_core::api::{SessionList, SessionView};

mod create;
mod patch;

// The handlers' `__path_*` items are utoipa's OpenAPI descriptions, which
// `routes!(sessions::create, …)` finds beside the handler.
pub use create::{__path_create, create, refusal};
pub use patch::{__path_patch, patch};

fn json<T: serde::Serialize>(v: &T) -> Result<Vec<u8>, AppError> {
    serde_json::to_vec(v).map_err(|e| AppError::internal(format!("serializing the answer: {e}")))
}

/// Query of [`list`] (read as text, so a bad value is named like any field).
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// How many, 1 to 100 (20 when absent).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 100)]
    limit: Option<String>,
}

/// `GET /v1/sessions[?limit=20]`: the merchant's sessions, newest first,
/// each with its `payment` (a back office's order list).
#[utoipa::path(get, path = "/v1/sessions", tag = "sessions", operation_id = "listSessions",
    params(ListQuery),
    responses((status = 200, description = "the merchant's sessions, newest first", body = SessionList), Errors),
    security(("merchant_key" = [])))]
pub async fn list(
    State(state): State<AppState>,
    merchant: Merchant,
    Query(q): Query<ListQuery>,
) -> Result<Json<SessionList>, AppError> {
    let limit = match q.limit.as_deref() {
        None => 20,
        Some(l) => l
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=100).contains(n))
            .ok_or_else(|| {
                AppError::invalid_field("limit", "expected a whole number from 1 to 100")
            })?,
    };
    let mut data = Vec::new();
    for s in state.store.sessions_of(&merchant.0, limit).await? {
        data.push(load_view(&state, &s).await?);
    }
    Ok(Json(SessionList { data }))
}

/// `GET /v1/sessions/{id}`: with `payment` once authorized.
#[utoipa::path(get, path = "/v1/sessions/{id}", tag = "sessions", operation_id = "getSession",
    params(("id" = String, Path, description = "The session (`hcs_…`)")),
    responses((status = 200, description = "the session, with `payment` once authorized", body = SessionView), Errors),
    security(("merchant_key" = [])))]
pub async fn get(
    State(state): State<AppState>,
    merchant: Merchant,
    Path(id): Path<String>,
) -> Result<Json<SessionView>, AppError> {
    let s = merchant_session(&state, &merchant, &id).await?;
    Ok(Json(load_view(&state, &s).await?))
}
