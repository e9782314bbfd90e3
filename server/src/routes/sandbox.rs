//! Browser-facing endpoints of the sandbox's purchase journey
//! (`/sandbox/klarna/payment-requests/{id}[/complete|/cancel]`).

use crate::auth::{bearer, merchant_for};
use crate::error::AppError;
use crate::klarna::journey;
use crate::settings::DEMO_MERCHANT;
use crate::state::AppState;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::Json;
use serde_json::{json, Value};

/// `GET …/{id}`: state and what the persona's journey does.
pub async fn view(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Value>, AppError> {
    let pr = journey::get(state.sandbox.as_ref(), &id).await?;
    Ok(Json(
        json!({"payment_request_id": pr.id, "state": pr.state, "journey": pr.journey}),
    ))
}

/// `POST …/{id}/complete`: the shopper confirmed; sends the signed webhook.
pub async fn complete(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Value>, AppError> {
    let (pr, first) = journey::complete(state.sandbox.as_ref(), &id).await?;
    if first {
        match state.settings.webhook_keys.first() {
            Some(key) => {
                let url = format!("{}/v1/webhooks/klarna", state.settings.public_url);
                journey::spawn_completed_webhook(state.http.clone(), url, key.clone(), &pr);
            }
            None => {
                tracing::warn!("no webhook signing key configured; the sandbox sends no webhook")
            }
        }
    }
    Ok(Json(json!({
        "payment_request_id": pr.id,
        "state": pr.state,
        "klarna_network_session_token": pr.token,
    })))
}

/// `POST …/{id}/cancel`: the shopper closed the journey.
pub async fn cancel(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Value>, AppError> {
    let pr = journey::cancel(state.sandbox.as_ref(), &id).await?;
    Ok(Json(
        json!({"payment_request_id": pr.id, "state": pr.state}),
    ))
}

/// Query of [`requests`].
#[derive(serde::Deserialize)]
pub struct RequestsQuery {
    /// The session whose Klarna calls to list.
    session: String,
}

/// `GET /sandbox/klarna/requests?session=…`: what the emulated Klarna API
/// received for a session (operation, step, token header, amount), oldest
/// first, for tests of the token's pass-through. Sandbox only; a session of
/// the demo merchant is open to anyone (the demo store's are), any other
/// needs its merchant's key.
pub async fn requests(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<RequestsQuery>,
) -> Result<Json<Value>, AppError> {
    let session = state
        .store
        .session(&q.session)
        .await?
        .ok_or_else(|| AppError::not_found(format!("no session {}", q.session)))?;
    if session.merchant_id != DEMO_MERCHANT.0 {
        let key = bearer(&headers).ok_or_else(|| {
            AppError::unauthorized("expected Authorization: Bearer <the session's merchant secret>")
        })?;
        if merchant_for(&state, key) != Some(session.merchant_id.as_str()) {
            return Err(AppError::not_found(format!("no session {}", q.session)));
        }
    }
    let events = state.store.events(&q.session).await?;
    let requests: Vec<Value> = events
        .into_iter()
        .filter(|e| e.kind.starts_with("sandbox.klarna."))
        .map(|e| e.detail)
        .collect();
    Ok(Json(json!({ "session": q.session, "requests": requests })))
}
