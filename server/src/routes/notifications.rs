//! Merchant notifications (merchant API): webhook endpoints, the event log
//! with each event's delivery attempts, undelivered events and redelivery.

use crate::auth::Merchant;
use crate::clock;
use crate::error::{ApiBytes, AppError};
use crate::jobs::deliver::fan_out;
use crate::lifecycle::new_id;
use crate::openapi::{EmptyBody, Errors, IdempotencyKey};
use crate::routes::payments::{body_value, idempotent};
use crate::state::AppState;
use crate::store::{EndpointRecord, EventSummary};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::Response;
use axum::Json;
use checkout_core::events::{
    DeliveryAttemptView, EndpointList, EndpointRequest, EndpointView, EventList, EventView,
};
use checkout_core::fields::{is_http_url, Fields};
use checkout_core::notification::EVENT_TYPES;
use serde_json::Value;

/// Most endpoints one merchant can have.
pub const MAX_ENDPOINTS: usize = 16;

fn endpoint_view(e: &EndpointRecord, secret: bool) -> EndpointView {
    EndpointView {
        id: e.id.clone(),
        url: e.url.clone(),
        event_types: e.event_types.clone(),
        created_at: clock::format(e.created_at),
        secret: secret.then(|| e.secret.clone()),
    }
}

fn json<T: serde::Serialize>(v: &T) -> Result<Vec<u8>, AppError> {
    serde_json::to_vec(v).map_err(|e| AppError::internal(format!("serializing the answer: {e}")))
}

fn loopback(url: &str) -> bool {
    let host = url.split_once("://").map(|(_, r)| r).unwrap_or("");
    let host = host.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit_once('@').map(|(_, h)| h).unwrap_or(host);
    let name = if host.starts_with('[') {
        host.split(']').next().unwrap_or("").trim_start_matches('[')
    } else {
        host.split(':').next().unwrap_or("")
    };
    name == "localhost"
        || name == "::1"
        || name
            .parse::<std::net::Ipv4Addr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// Validates an endpoint body: `url` (https, or http to loopback in sandbox
/// mode) and `event_types` (known names; empty or absent means all).
pub fn validate_endpoint(
    body: &Value,
    sandbox: bool,
) -> Result<(String, Vec<String>), Vec<checkout_core::errors::FieldError>> {
    let mut errors = Vec::new();
    let Some(mut f) = Fields::new(body, "", &mut errors) else {
        return Err(errors);
    };
    let url = f.string("url", true).map(str::to_string);
    let types = f.strings("event_types").unwrap_or_default();
    if let Some(u) = &url {
        let https = u.starts_with("https://") && is_http_url(u);
        let local = sandbox && u.starts_with("http://") && is_http_url(u) && loopback(u);
        if !(https || local) || u.len() > 2048 {
            let why = if sandbox {
                "expected an https:// URL (or http:// to a loopback address in sandbox mode) of at most 2048 characters"
            } else {
                "expected an https:// URL of at most 2048 characters"
            };
            f.fail("url", why);
        }
    }
    for (i, t) in types.iter().enumerate() {
        if !EVENT_TYPES.contains(t) {
            f.fail(
                &format!("event_types[{i}]"),
                format!("expected one of {}", EVENT_TYPES.join(", ")),
            );
        }
    }
    f.finish(&mut errors);
    match url {
        Some(u) if errors.is_empty() => Ok((u, types.iter().map(|t| t.to_string()).collect())),
        _ => Err(errors),
    }
}

/// `POST /v1/webhook-endpoints` → `201` with the secret (shown once).
#[utoipa::path(post, path = "/v1/webhook-endpoints", tag = "notifications", operation_id = "createWebhookEndpoint",
    request_body = EndpointRequest, params(IdempotencyKey),
    responses((status = 201, description = "the endpoint, with its signing `secret` (shown once)", body = EndpointView), Errors),
    security(("merchant_key" = [])))]
pub async fn create(
    State(state): State<AppState>,
    merchant: Merchant,
    headers: HeaderMap,
    method: Method,
    uri: Uri,
    ApiBytes(body): ApiBytes,
) -> Result<Response, AppError> {
    let work = || async {
        let (url, event_types) =
            validate_endpoint(&body_value(&body)?, state.settings.is_sandbox())
                .map_err(AppError::invalid)?;
        if state.store.endpoints(&merchant.0).await?.len() >= MAX_ENDPOINTS {
            return Err(AppError::conflict(format!(
                "a merchant can have at most {MAX_ENDPOINTS} webhook endpoints; delete one first"
            )));
        }
        let e = EndpointRecord {
            id: new_id("we"),
            merchant_id: merchant.0.clone(),
            url,
            event_types,
            secret: format!("whsec_{}", crate::ids::random_hex(32)),
            created_at: clock::now(),
        };
        state.store.insert_endpoint(&e).await?;
        Ok((StatusCode::CREATED, json(&endpoint_view(&e, true))?))
    };
    idempotent(&state, &merchant, &headers, (&method, &uri), &body, work).await
}

/// `GET /v1/webhook-endpoints`.
#[utoipa::path(get, path = "/v1/webhook-endpoints", tag = "notifications", operation_id = "listWebhookEndpoints",
    responses((status = 200, description = "the merchant's endpoints, oldest first (no secrets)", body = EndpointList), Errors),
    security(("merchant_key" = [])))]
pub async fn list(
    State(state): State<AppState>,
    merchant: Merchant,
) -> Result<Json<EndpointList>, AppError> {
    let eps = state.store.endpoints(&merchant.0).await?;
    let data = eps.iter().map(|e| endpoint_view(e, false)).collect();
    Ok(Json(EndpointList { data }))
}

/// `DELETE /v1/webhook-endpoints/{id}` → `204`.
#[utoipa::path(delete, path = "/v1/webhook-endpoints/{id}", tag = "notifications", operation_id = "deleteWebhookEndpoint",
    params(("id" = String, Path, description = "The endpoint (`we_…`)")),
    responses((status = 204, description = "deleted; nothing more is sent to it"), Errors),
    security(("merchant_key" = [])))]
pub async fn delete(
    State(state): State<AppState>,
    merchant: Merchant,
    Path(id): Path<String>,
) -> Result<StatusCode, AppError> {
    if state.store.delete_endpoint(&merchant.0, &id).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(AppError::not_found(format!("no webhook endpoint {id}")))
    }
}

fn event_view(s: &EventSummary) -> EventView {
    let e = &s.event;
    EventView {
        id: e.id.clone(),
        event_type: e.event_type.clone(),
        created_at: clock::format(e.created_at),
        session_id: e.session_id.clone(),
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
    let list = state.store.events_of(&merchant.0, delivered, limit).await?;
    let data = list.iter().map(event_view).collect();
    Ok(Json(EventList { data }))
}

async fn own_event(
    state: &AppState,
    merchant: &Merchant,
    id: &str,
) -> Result<EventSummary, AppError> {
    state
        .store
        .event(id)
        .await?
        .filter(|e| e.event.merchant_id == merchant.0)
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
    let e = own_event(&state, &merchant, &id).await?;
    let attempts = state.store.delivery_attempts(&id).await?;
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
    Ok(Json(v))
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
        let e = own_event(&state, &merchant, &id).await?;
        let jobs = fan_out(
            state.store.as_ref(),
            &id,
            &merchant.0,
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
        let fresh = own_event(&state, &merchant, &id).await?;
        Ok((StatusCode::ACCEPTED, json(&event_view(&fresh))?))
    };
    idempotent(&state, &merchant, &headers, (&method, &uri), &body, work).await
}
