//! Webhook endpoints (`/v1/webhook-endpoints`): validating one, creating it
//! with its signing secret, listing and deleting them.

use super::json;
use crate::auth::Merchant;
use crate::clock;
use crate::egress::{host_address, is_public};
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

/// Why `url` cannot be an endpoint, if it cannot: it must be `https://`
/// (or `http://` to a loopback host in sandbox mode), at most 2048
/// characters, without user or password, and its host must not be an
/// address that is not public ([`is_public`]) or a `localhost` name; only
/// the sandbox also takes a loopback host. Names are resolved at each
/// delivery and checked again there (`crate::egress`).
fn url_refusal(u: &str, sandbox: bool) -> Option<String> {
    let expected = if sandbox {
        "expected an https:// URL (or http:// to a loopback address in sandbox mode) of at most 2048 characters"
    } else {
        "expected an https:// URL of at most 2048 characters"
    };
    let parsed = reqwest::Url::parse(u)
        .ok()
        .filter(|_| is_http_url(u) && u.len() <= 2048);
    let Some(parsed) = parsed else {
        return Some(expected.into());
    };
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Some("expected a URL without user name or password (each delivery is signed with the endpoint's secret instead)".into());
    }
    let host = parsed.host_str().unwrap_or("");
    let ip = host_address(&parsed);
    let name = host.trim_end_matches('.').to_ascii_lowercase();
    let loopback = match ip {
        Some(ip) => ip.to_canonical().is_loopback(),
        None => name == "localhost" || name.ends_with(".localhost"),
    };
    let internal = loopback || ip.is_some_and(|ip| !is_public(ip));
    if sandbox && loopback {
        return None;
    }
    if internal {
        let also = if sandbox {
            " (sandbox mode also takes a loopback host)"
        } else {
            ""
        };
        return Some(format!(
            "expected a public host: {host} is internal (loopback, private, link-local, shared, multicast, reserved and documentation addresses and localhost names are refused){also}"
        ));
    }
    (parsed.scheme() != "https").then(|| expected.into())
}

/// Validates an endpoint body: `url` (https to a host that is not an
/// internal address; in sandbox mode also http(s) to loopback) and `event_types` (known names; empty or absent means all).
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
    if let Some(why) = url.as_deref().and_then(|u| url_refusal(u, sandbox)) {
        f.fail("url", why);
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

/// `POST /v1/webhook-endpoints` → `201` with the secret (in this answer and its replays only).
#[utoipa::path(post, path = "/v1/webhook-endpoints", tag = "notifications", operation_id = "createWebhookEndpoint",
    request_body = EndpointRequest, params(IdempotencyKey),
    responses((status = 201, description = "the endpoint, with its signing `secret` (in this answer and its `Idempotency-Key` replays only)", body = EndpointView), Errors),
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
        let e = EndpointRecord {
            id: new_id("we"),
            merchant_id: merchant.0.clone(),
            url,
            event_types,
            secret: format!("whsec_{}", crate::ids::random_hex(32)),
            created_at: clock::now(),
        };
        if !state
            .store
            .insert_endpoint_within(&e, MAX_ENDPOINTS)
            .await?
        {
            return Err(AppError::conflict(format!(
                "a merchant can have at most {MAX_ENDPOINTS} webhook endpoints; delete one first"
            )));
        }
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
