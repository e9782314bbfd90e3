//! `POST /v1/webhooks/klarna`: signature check on the raw body, the
//! `metadata.live` flag checked against the mode, then the event is stored
//! with its job (deduplicated by `metadata.event_id`, in one transaction)
//! and answered at once. The job runner does the work
//! ([`crate::jobs::klarna_event`]).

use crate::clock;
use crate::error::{ApiBytes, AppError};
use crate::jobs::klarna_event::KIND;
use crate::lifecycle::{new_id, now_ms};
use crate::openapi::{AckStatus, Errors, WebhookAck};
use crate::settings::KlarnaMode;
use crate::state::AppState;
use crate::store::NewJob;
use crate::webhook::{self, WebhookRejection, KEY_ID_HEADER, SIGNATURE_HEADER};
use axum::extract::State;
use axum::http::HeaderMap;
use axum::Json;
use serde_json::json;

fn header<'a>(headers: &'a HeaderMap, name: &'static str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// The webhook endpoint.
#[utoipa::path(post, path = "/v1/webhooks/klarna", tag = "klarna", operation_id = "receiveKlarnaWebhook",
    request_body(content = Object, description = "Klarna's envelope `{metadata: {event_id, event_type, live?, …}, payload}`, signed"),
    params(
        ("Klarna-Signing-Key-Id" = String, Header, description = "Which of `KLARNA_WEBHOOK_SIGNING_KEYS` signed it"),
        ("Klarna-Signature" = String, Header, description = "HMAC-SHA256 of the raw body, hex or base64")),
    responses((status = 200, description = "stored with its job (or a duplicate); the work runs in the job runner", body = WebhookAck), Errors))]
pub async fn klarna(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiBytes(body): ApiBytes,
) -> Result<Json<WebhookAck>, AppError> {
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
    let live = state.settings.klarna.mode == KlarnaMode::Live;
    if let Some(flag) = env.metadata.live {
        if flag != live {
            let mode = state.settings.klarna.mode.as_str();
            return Err(AppError::invalid_field(
                "metadata.live",
                format!(
                    "a {} event does not belong to a server in {mode} mode",
                    if flag { "live" } else { "test" }
                ),
            ));
        }
    }
    let m = &env.metadata;
    if let Some(at) = m.occurred_at.as_deref().and_then(clock::parse) {
        let lag = (time::OffsetDateTime::now_utc() - at)
            .as_seconds_f64()
            .max(0.0);
        metrics::histogram!("checkout_webhook_lag_seconds").record(lag);
    }
    let job = NewJob {
        id: new_id("job"),
        kind: KIND.into(),
        payload: json!({"envelope": env}),
        run_at_ms: now_ms(),
        dedupe_key: None,
    };
    let fresh = state
        .store
        .accept_klarna_event(&m.event_id, &m.event_type, &job, clock::now())
        .await?;
    let status = if fresh {
        AckStatus::Accepted
    } else {
        AckStatus::Duplicate
    };
    tracing::info!(event_id = %m.event_id, event_type = %m.event_type, ?status, "Klarna webhook received");
    Ok(Json(WebhookAck { status }))
}
