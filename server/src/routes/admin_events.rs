//! The operator's view of a merchant's notifications (`/v1/admin/merchants/{id}/events…`):
//! the runbook's steps for a growing notification backlog (which events are
//! undelivered, each attempt's status code and error, sending one again)
//! with the operator's key, without a key of the merchant's.

use super::notifications::{list_of, send_again, with_attempts, EventsQuery};
use crate::error::{ApiBytes, AppError};
use crate::merchants::admin_auth::Operator;
use crate::openapi::shared::{EmptyBody, Errors};
use crate::routes::payments::body_value;
use crate::state::AppState;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use checkout_core::events::{EventList, EventView};

/// `404` unless `id` is a merchant: onboarded through the operator API, or
/// configured with `CHECKOUT_MERCHANT_KEYS`.
async fn known(state: &AppState, id: &str) -> Result<(), AppError> {
    let configured = state
        .settings
        .merchant_keys
        .iter()
        .any(|k| k.merchant_id == id);
    if configured || state.store.merchant(id).await?.is_some() {
        Ok(())
    } else {
        Err(AppError::not_found(format!("no merchant {id}")))
    }
}

/// `GET /v1/admin/merchants/{id}/events[?delivered=false][&limit=50]`: the
/// merchant's events, newest first, as its own `GET /v1/events` lists them.
#[utoipa::path(get, path = "/v1/admin/merchants/{id}/events", tag = "operator", operation_id = "listMerchantEvents",
    params(("id" = String, Path, description = "The merchant"), EventsQuery),
    responses((status = 200, description = "the merchant's events, newest first", body = EventList), Errors),
    security(("admin_key" = [])))]
pub async fn list(
    State(state): State<AppState>,
    op: Operator,
    Path(id): Path<String>,
    Query(q): Query<EventsQuery>,
) -> Result<Json<EventList>, AppError> {
    known(&state, &id).await?;
    tracing::info!(merchant = %id, operator = %op.0, "operator read the merchant's events");
    list_of(&state, &id, &q).await.map(Json)
}

/// `GET /v1/admin/merchants/{id}/events/{event_id}`: the event with every
/// delivery attempt (status code, latency, error).
#[utoipa::path(get, path = "/v1/admin/merchants/{id}/events/{event_id}", tag = "operator", operation_id = "getMerchantEvent",
    params(("id" = String, Path, description = "The merchant"), ("event_id" = String, Path, description = "The event (`evt_…`)")),
    responses((status = 200, description = "the event with every delivery attempt", body = EventView), Errors),
    security(("admin_key" = [])))]
pub async fn get(
    State(state): State<AppState>,
    _op: Operator,
    Path((id, event_id)): Path<(String, String)>,
) -> Result<Json<EventView>, AppError> {
    known(&state, &id).await?;
    with_attempts(&state, &id, &event_id).await.map(Json)
}

/// `POST /v1/admin/merchants/{id}/events/{event_id}/redeliver` → `202`: sends
/// the event again to the merchant's current endpoints for its type.
#[utoipa::path(post, path = "/v1/admin/merchants/{id}/events/{event_id}/redeliver", tag = "operator", operation_id = "redeliverMerchantEvent",
    params(("id" = String, Path, description = "The merchant"), ("event_id" = String, Path, description = "The event (`evt_…`)")),
    request_body(content = Option<EmptyBody>, description = "`{}` or nothing"),
    responses((status = 202, description = "queued for the merchant's current endpoints", body = EventView), Errors),
    security(("admin_key" = [])))]
pub async fn redeliver(
    State(state): State<AppState>,
    op: Operator,
    Path((id, event_id)): Path<(String, String)>,
    ApiBytes(body): ApiBytes,
) -> Result<(StatusCode, Json<EventView>), AppError> {
    checkout_core::operations::validate_empty(&body_value(&body)?).map_err(AppError::invalid)?;
    known(&state, &id).await?;
    let view = send_again(&state, &id, &event_id).await?;
    tracing::info!(merchant = %id, event = %event_id, operator = %op.0, "operator redelivered an event");
    Ok((StatusCode::ACCEPTED, Json(view)))
}
