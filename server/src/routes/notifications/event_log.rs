//! The event log (`/v1/events`): a merchant's events with their delivery
//! counts, one event with every delivery attempt, and redelivery.

use super::json;
use crate::auth::Merchant;
use crate::clock;
use crate::error::{ApiBytes, AppError};
use crate::jobs::deliver::fan_out;
use crate::openapi::shared::{EmptyBody, Errors, IdempotencyKey};
use crate::routes::payments::{body_value, idempotent};
use crate::state::AppState;
use crate::store::EventSummary;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::Response;
use axum::Json;
use checkout_core::events::{DeliveryAttemptView, EventList, EventView};

fn event_view(s: &EventSummary) -> EventView {
    let e = &s.event;
    EventView {
        id: e.id.clone(),
        event_type: e.event_type.clone(),
        created_at: clock::format(e.created_at),
        session_id: e.session_id.clone(),
        sequence: s.sequence,
        delivered: s.endpoints > 0 && s.delivered == s.endpoints,
        endpoints: s.endpoints.into(),
        delivered_endpoints: s.delivered.into(),
        data: e.data.clone(),
        attempts: None,
    }
}

/// Query of [`events`] (read as text, so a bad value is named like any field).
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EventsQuery {
    /// `true`: only events every endpoint took; `false`: only the others.
    #[param(value_type = Option<bool>)]
    delivered: Option<String>,
    /// How many, 1 to 100 (50 when absent).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 100)]
    limit: Option<String>,
}

/// `GET /v1/events[?delivered=false][&limit=50]`: newest first.
#[utoipa::path(get, path = "/v1/events", tag = "notifications", operation_id = "listEvents",
    params(EventsQuery),
    responses((status = 200, description = "the merchant's events, newest first", body = EventList), Errors),
    security(("merchant_key" = [])))]
pub async fn events(
    State(state): State<AppState>,
    merchant: Merchant,
    Query(q): Query<EventsQuery>,
) -> Result<Json<EventList>, AppError> {
    list_of(&state, &merchant.0, &q).await.map(Json)
}

/// The events of `merchant_id` that `q` asks for (the merchant's own list,
/// and the operator's view of it).
pub async fn list_of(
    state: &AppState,
    merchant_id: &str,
    q: &EventsQuery,
) -> Result<EventList, AppError> {
    let delivered = match q.delivered.as_deref() {
        None => None,
        Some("true") => Some(true),
        Some("false") => Some(false),
        Some(_) => {
            return Err(AppError::invalid_field(
                "delivered",
                "expected true or false",
            ))
        }
    };
    let limit = match q.limit.as_deref() {
        None => 50,
        Some(l) => l
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=100).contains(n))
            .ok_or_else(|| {
                AppError::invalid_field("limit", "expected a whole number from 1 to 100")
            })?,
    };
    let list = state.store.events_of(merchant_id, delivered, limit).await?;
    let data = list.iter().map(event_view).collect();
    Ok(EventList { data })
}

async fn own_event(
    state: &AppState,
    merchant_id: &str,
    id: &str,
) -> Result<EventSummary, AppError> {
    state
        .store
        .event(id)
        .await?
        .filter(|e| e.event.merchant_id == merchant_id)
        .ok_or_else(|| AppError::not_found(format!("no event {id}")))
}

/// `GET /v1/events/{id}`: the event with every delivery attempt.
#[utoipa::path(get, path = "/v1/events/{id}", tag = "notifications", operation_id = "getEvent",
    params(("id" = String, Path, description = "The event (`evt_…`)")),
    responses((status = 200, description = "the event with every delivery attempt", body = EventView), Errors),
    security(("merchant_key" = [])))]
pub async fn event(
    State(state): State<AppState>,
    merchant: Merchant,
    Path(id): Path<String>,
) -> Result<Json<EventView>, AppError> {
    with_attempts(&state, &merchant.0, &id).await.map(Json)
}

/// Event `id` of `merchant_id` with every delivery attempt.
pub async fn with_attempts(
    state: &AppState,
    merchant_id: &str,
    id: &str,
) -> Result<EventView, AppError> {
    let e = own_event(state, merchant_id, id).await?;
    let attempts = state.store.delivery_attempts(id).await?;
    let mut v = event_view(&e);
    v.attempts = Some(
        attempts
            .iter()
            .map(|a| DeliveryAttemptView {
                endpoint_id: a.endpoint_id.clone(),
                url: a.url.clone(),
                at: clock::format(a.at),
                status_code: a.status_code,
                latency_ms: a.latency_ms,
                error: a.error.clone(),
                delivered: a.delivered,
            })
            .collect(),
    );
    Ok(v)
}

/// `POST /v1/events/{id}/redeliver` → `202`: sends the event again to the
/// merchant's current endpoints for its type.
#[utoipa::path(post, path = "/v1/events/{id}/redeliver", tag = "notifications", operation_id = "redeliverEvent",
    params(("id" = String, Path, description = "The event (`evt_…`)"), IdempotencyKey),
    request_body(content = Option<EmptyBody>, description = "`{}` or nothing"),
    responses((status = 202, description = "queued for the merchant's current endpoints", body = EventView), Errors),
    security(("merchant_key" = [])))]
pub async fn redeliver(
    State(state): State<AppState>,
    merchant: Merchant,
    headers: HeaderMap,
    method: Method,
    uri: Uri,
    Path(id): Path<String>,
    ApiBytes(body): ApiBytes,
) -> Result<Response, AppError> {
    let work = || async {
        checkout_core::operations::validate_empty(&body_value(&body)?)
            .map_err(AppError::invalid)?;
        let fresh = send_again(&state, &merchant.0, &id).await?;
        Ok((StatusCode::ACCEPTED, json(&fresh)?))
    };
    idempotent(&state, &merchant, &headers, (&method, &uri), &body, work).await
}

/// Queues event `id` of `merchant_id` for the merchant's current endpoints
/// for its type (`409` when none wants it); the event as it stands then.
pub async fn send_again(
    state: &AppState,
    merchant_id: &str,
    id: &str,
) -> Result<EventView, AppError> {
    let e = own_event(state, merchant_id, id).await?;
    let jobs = fan_out(
        state.store.as_ref(),
        id,
        merchant_id,
        &e.event.event_type,
        true,
    )
    .await?;
    if jobs.is_empty() {
        return Err(AppError::conflict(
            "no webhook endpoint wants this event type; add one first",
        ));
    }
    state.store.enqueue_jobs(&jobs).await?;
    Ok(event_view(&own_event(state, merchant_id, id).await?))
}
