//! `POST /v1/webhooks/klarna`: signature check on the raw body, dedupe by
//! `metadata.event_id`, then the state change. A `completed` event runs the
//! same [`finalize`](crate::payments::finalize) as the page's `/result`.

use crate::clock;
use crate::error::{ApiBytes, AppError};
use crate::payments::{finalize, settle};
use crate::state::AppState;
use crate::webhook::{self, Envelope, WebhookRejection, KEY_ID_HEADER, SIGNATURE_HEADER};
use axum::extract::State;
use axum::http::HeaderMap;
use axum::Json;
use checkout_core::state::{SessionEvent, SessionState};
use serde_json::{json, Value};

fn header<'a>(headers: &'a HeaderMap, name: &'static str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// The webhook endpoint.
pub async fn klarna(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiBytes(body): ApiBytes,
) -> Result<Json<Value>, AppError> {
    let env = webhook::parse_verified(
        &state.settings.webhook_keys,
        header(&headers, KEY_ID_HEADER),
        header(&headers, SIGNATURE_HEADER),
        &body,
    )
    .map_err(|e| match e {
        WebhookRejection::Body(reason) => AppError::bad_json(reason),
        e => AppError::invalid_field(e.field(), e.to_string()),
    })?;
    let m = &env.metadata;
    if let Some(at) = m.occurred_at.as_deref().and_then(clock::parse) {
        let lag = (time::OffsetDateTime::now_utc() - at)
            .as_seconds_f64()
            .max(0.0);
        metrics::histogram!("checkout_webhook_lag_seconds").record(lag);
    }
    if !state
        .store
        .claim_webhook_event(&m.event_id, &m.event_type, clock::now())
        .await?
    {
        return Ok(Json(json!({"status": "duplicate"})));
    }
    match handle(&state, &env).await {
        Ok(status) => {
            tracing::info!(event_id = %m.event_id, event_type = %m.event_type, status, "webhook handled");
            Ok(Json(json!({"status": status})))
        }
        Err(e) if e.status.is_server_error() => {
            // Let Klarna's redelivery run it again.
            state.store.release_webhook_event(&m.event_id).await?;
            Err(e)
        }
        Err(e) => {
            tracing::info!(event_id = %m.event_id, error = %e, "webhook had no effect");
            Ok(Json(
                json!({"status": "ignored", "reason": e.error.message}),
            ))
        }
    }
}

async fn handle(state: &AppState, env: &Envelope) -> Result<&'static str, AppError> {
    let p = &env.payload;
    let pr_id = p.get("payment_request_id").and_then(Value::as_str);
    let pr = match pr_id {
        Some(id) => state.store.payment_request(id).await?,
        None => None,
    };
    let session_id = match (
        &pr,
        p.get("payment_request_reference").and_then(Value::as_str),
    ) {
        (Some(pr), _) => pr.session_id.clone(),
        (None, Some(reference)) => reference.to_string(),
        (None, None) => return Ok("ignored"),
    };
    let Some(session) = state.store.session(&session_id).await? else {
        return Ok("ignored");
    };
    let kind = webhook::event_kind(&env.metadata.event_type);
    let now = clock::now();
    let detail = json!({"event_id": env.metadata.event_id, "payment_request_id": pr_id});
    match kind {
        "completed" => {
            let (Some(pr_id), Some(token)) = (pr_id, webhook::payload_token(p)) else {
                return Err(AppError::invalid_field(
                    "payload",
                    "completed event without payment_request_id and token",
                ));
            };
            finalize(state, &session.id, pr_id, token, "webhook").await?;
            Ok("finalized")
        }
        "expired" | "canceled" | "declined" => {
            if let Some(id) = pr.as_ref().map(|p| p.id.as_str()) {
                state
                    .store
                    .set_payment_request_state(id, &kind.to_ascii_uppercase(), now)
                    .await?;
            }
            state
                .store
                .add_event(&session.id, &format!("webhook.{kind}"), &detail, now)
                .await?;
            if kind == "declined" && session.state == SessionState::Open {
                settle(state, &session, SessionEvent::Declined, None).await?;
                return Ok("declined");
            }
            Ok("recorded")
        }
        _ => Ok("ignored"),
    }
}
