//! The operator API's view of the server's own webhook subscription at
//! Klarna (`/v1/admin/klarna/webhook-subscription`, admin key): read it,
//! create or repair it, rotate its signing key, ask Klarna for a test event.

use crate::error::{ApiBytes, AppError};
use crate::klarna::notifications::HANDLED_EVENT_TYPES;
use crate::merchants::admin_auth::Operator;
use crate::openapi::shared::{EmptyBody, Errors};
use crate::routes::payments::{body_value, no_body};
use crate::state::AppState;
use crate::subscription::{self, sync};
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde_json::{json, Value};

/// `GET …/webhook-subscription` → the subscription as the server knows it
/// (no secrets), with `problem` when `/readyz` would warn of one.
#[utoipa::path(get, path = "/v1/admin/klarna/webhook-subscription", tag = "operator", operation_id = "getKlarnaWebhookSubscription",
    responses((status = 200, description = "the subscription without secrets: `{managed, url, webhook_id, event_types, status, signing_keys, synced_at, last_error, problem}` (docs/http-api.md)", body = Object), Errors),
    security(("admin_key" = [])))]
pub async fn get(State(state): State<AppState>, _op: Operator) -> Result<Json<Value>, AppError> {
    let (s, _) = subscription::load(&state).await?;
    Ok(Json(subscription::view(&state, &s)))
}

/// `POST …/webhook-subscription` → creates or repairs it at Klarna (a
/// signing key, the webhook for the handled event types at `KLARNA_WEBHOOK_URL`).
#[utoipa::path(post, path = "/v1/admin/klarna/webhook-subscription", tag = "operator", operation_id = "ensureKlarnaWebhookSubscription",
    request_body(content = Option<EmptyBody>, description = "`{}` or nothing"),
    responses((status = 200, description = "the subscription as made or repaired at Klarna (the view of `GET`)", body = Object), Errors),
    security(("admin_key" = [])))]
pub async fn ensure(
    State(state): State<AppState>,
    op: Operator,
    ApiBytes(body): ApiBytes,
) -> Result<Json<Value>, AppError> {
    no_body(&body)?;
    let s = sync::ensure(&state).await?;
    tracing::info!(operator = %op.0, "webhook subscription ensured");
    Ok(Json(subscription::view(&state, &s)))
}

/// `POST …/webhook-subscription/rotate` → a new signing key, pending until an
/// event signed with it arrives; both keys verify meanwhile. Klarna is asked
/// to send a test event at once (`simulate` says whether it accepted).
#[utoipa::path(post, path = "/v1/admin/klarna/webhook-subscription/rotate", tag = "operator", operation_id = "rotateKlarnaWebhookSigningKey",
    request_body(content = Option<EmptyBody>, description = "`{}` or nothing"),
    responses((status = 200, description = "the subscription with its pending key, and `simulate: {requested, event_type | error}`", body = Object), Errors),
    security(("admin_key" = [])))]
pub async fn rotate(
    State(state): State<AppState>,
    op: Operator,
    ApiBytes(body): ApiBytes,
) -> Result<Json<Value>, AppError> {
    no_body(&body)?;
    let (s, simulated) = sync::rotate(&state).await?;
    tracing::info!(operator = %op.0, "webhook signing key rotation started");
    let mut v = subscription::view(&state, &s);
    v["simulate"] = match simulated {
        Ok(()) => json!({"requested": true, "event_type": sync::SIMULATED_EVENT}),
        Err(e) => json!({"requested": false, "error": e}),
    };
    Ok(Json(v))
}

/// `POST …/webhook-subscription/simulate {event_type?}` → `202`: Klarna sends
/// a test event of `event_type` (one the server handles; default
/// `payment.request.state-change.completed`) to the subscription.
#[utoipa::path(post, path = "/v1/admin/klarna/webhook-subscription/simulate", tag = "operator", operation_id = "simulateKlarnaWebhook",
    request_body(content = Option<Object>, description = "`{event_type?}`: one of the event types the server handles (default `payment.request.state-change.completed`), or nothing"),
    responses((status = 202, description = "`{status: \"requested\", event_type}`: Klarna sends the test event to the subscription", body = Object), Errors),
    security(("admin_key" = [])))]
pub async fn simulate(
    State(state): State<AppState>,
    _op: Operator,
    ApiBytes(body): ApiBytes,
) -> Result<(StatusCode, Json<Value>), AppError> {
    let b = body_value(&body)?;
    let Some(obj) = b.as_object() else {
        return Err(AppError::invalid_field("$", "expected a JSON object"));
    };
    if let Some(k) = obj.keys().find(|k| *k != "event_type") {
        return Err(AppError::invalid_field(
            k.clone(),
            "unknown field; expected only event_type",
        ));
    }
    let event_type = match obj.get("event_type") {
        None => sync::SIMULATED_EVENT,
        Some(Value::String(t)) if HANDLED_EVENT_TYPES.contains(&t.as_str()) => t.as_str(),
        Some(_) => {
            return Err(AppError::invalid_field(
                "event_type",
                format!("expected one of {}", HANDLED_EVENT_TYPES.join(", ")),
            ))
        }
    };
    sync::simulate(&state, event_type).await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(json!({"status": "requested", "event_type": event_type})),
    ))
}
