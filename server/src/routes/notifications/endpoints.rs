//! Webhook endpoints (`/v1/webhook-endpoints`): validating one, creating it
//! with its signing secret, listing and deleting them.

use super::json;
use crate::auth::Merchant;
use crate::clock;
use crate::error::{ApiBytes, AppError};
use crate::ids::new_id;
use crate::openapi::shared::{Errors, IdempotencyKey};
use crate::routes::payments::{body_value, idempotent};
use crate::state::AppState;
use crate::store::EndpointRecord;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::Response;
use axum::Json;
use checkout_core::events::{EndpointList, EndpointRequest, EndpointView};
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
