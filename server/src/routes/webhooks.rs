//! `POST /v1/webhooks/klarna`: signature check on the raw body (the
//! configured keys and the server's own subscription's,
//! [`crate::subscription`]), the `metadata.live` flag checked against the
//! mode, then the event is stored with its job (deduplicated by
//! `metadata.event_id`, in one transaction) and answered at once. The job
//! runner does the work ([`crate::jobs::klarna_event`]). An event signed with
//! a pending key confirms it. With `KLARNA_RECORDINGS_DIR` every delivery is
//! recorded, redacted, with our answer.

use crate::clock;
use crate::clock::now_ms;
use crate::error::{ApiBytes, AppError};
use crate::ids::new_id;
use crate::jobs::klarna_event::KIND;
use crate::openapi::shared::{AckStatus, Errors, WebhookAck};
use crate::settings::KlarnaMode;
use crate::state::AppState;
use crate::store::NewJob;
use crate::webhook::{self, WebhookRejection, KEY_ID_HEADER, SIGNATURE_HEADER};
use axum::extract::State;
use axum::http::HeaderMap;
use axum::Json;
use serde_json::{json, Value};

fn header<'a>(headers: &'a HeaderMap, name: &'static str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// The webhook endpoint.
#[utoipa::path(post, path = "/v1/webhooks/klarna", tag = "klarna", operation_id = "receiveKlarnaWebhook",
    request_body(content = Object, description = "Klarna's envelope `{metadata: {event_id, event_type, live?, …}, payload}`, signed"),
    params(
        ("Klarna-Signing-Key-Id" = String, Header, description = "Which key signed it: one of `KLARNA_WEBHOOK_SIGNING_KEYS` or of the server's own subscription"),
        ("Klarna-Signature" = String, Header, description = "HMAC-SHA256 of the raw body, hex or base64")),
    responses((status = 200, description = "stored with its job (or a duplicate); the work runs in the job runner", body = WebhookAck), Errors))]
pub async fn klarna(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiBytes(body): ApiBytes,
) -> Result<Json<WebhookAck>, AppError> {
    let answer = intake(&state, &headers, &body).await;
    if let Some(rec) = &state.recorder {
        record(rec, &headers, &body, &answer);
    }
    answer
}

/// What a recording keeps of one delivery (the signature's form tells hex
/// from base64, which Klarna's pages leave open).
fn record(
    rec: &crate::klarna::recording::Recorder,
    headers: &HeaderMap,
    body: &[u8],
    answer: &Result<Json<WebhookAck>, AppError>,
) {
    use crate::klarna::recording::{body_of, Exchange, Request, Response};
    let pairs = |names: &[&'static str]| -> Vec<(String, String)> {
        names
            .iter()
            .filter_map(|n| header(headers, n).map(|v| (n.to_string(), v.to_string())))
            .collect()
    };
    let sig = header(headers, SIGNATURE_HEADER).unwrap_or("");
    let form = if sig.len() == 64 && sig.bytes().all(|b| b.is_ascii_hexdigit()) {
        "hex"
    } else if sig.is_empty() {
        "none"
    } else {
        "base64 or other"
    };
    let (status, out) = match answer {
        Ok(Json(v)) => (200, serde_json::to_value(v).unwrap_or(Value::Null)),
        Err(e) => (
            e.status.as_u16(),
            serde_json::from_slice(&e.body_bytes()).unwrap_or(Value::Null),
        ),
    };
    rec.record(&Exchange {
        operation: "webhook_received".into(),
        request: Request {
            method: "POST".into(),
            path: "/v1/webhooks/klarna".into(),
            query: None,
            headers: pairs(&["content-type", KEY_ID_HEADER, SIGNATURE_HEADER]),
            body: body_of(body),
        },
        response: Some(Response {
            status,
            headers: vec![],
            body: Some(out),
        }),
        note: Some(json!({"signature_form": form})),
        ..Default::default()
    });
}

/// A verified body that is no envelope, named as the merchant API names
/// them: a key sent twice by its path, a value of the wrong type by the
/// field's path (`metadata.event_id`), else `$` (not JSON at all).
fn body_error(body: &[u8], reason: String) -> AppError {
    if let Some(path) = crate::json_keys::first_duplicate(body) {
        return AppError::invalid_field(path, "sent twice in one object; send each key once");
    }
    let mut de = serde_json::Deserializer::from_slice(body);
    // serde_path_to_error (axum's own, for the merchant API's bodies) reads
    // the path the failed value was at.
    let Err(e) = serde_path_to_error::deserialize::<_, webhook::Envelope>(&mut de) else {
        return AppError::bad_json(reason);
    };
    let inner = e.inner().to_string();
    // A missing field is reported at the object that lacks it: name the field.
    let missing = inner
        .strip_prefix("missing field `")
        .and_then(|r| r.split('`').next());
    let path = match (e.path().iter().next().is_some(), missing) {
        (true, Some(m)) => format!("{}.{m}", e.path()),
        (true, None) => e.path().to_string(),
        (false, Some(m)) => m.to_string(),
        (false, None) => return AppError::bad_json(reason),
    };
    AppError::invalid_field(path, inner)
}

async fn intake(
    state: &AppState,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Json<WebhookAck>, AppError> {
    let keys = crate::subscription::verification_keys(state).await?;
    let key_id = header(headers, KEY_ID_HEADER);
    let env = webhook::parse_verified(&keys, key_id, header(headers, SIGNATURE_HEADER), body)
        .map_err(|e| match e {
            WebhookRejection::Body(reason) => body_error(body, reason),
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
    if let Some(k) = key_id {
        // An event signed with a pending key confirms the rotation.
        crate::subscription::on_verified(state, k).await?;
    }
    let status = if fresh {
        AckStatus::Accepted
    } else {
        AckStatus::Duplicate
    };
    tracing::info!(event_id = %m.event_id, event_type = %m.event_type, ?status, "Klarna webhook received");
    Ok(Json(WebhookAck { status }))
}
