//! Body size limits per route group, and the guarantee that every error an
//! API path answers is the JSON error envelope (a layer below the handlers,
//! such as a body limit or a time-out, may answer in plain text).

use crate::error::AppError;
use axum::extract::Request;
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use checkout_core::errors::ErrorCode;

/// Largest merchant API body (`POST`/`PATCH /v1/sessions…`), bytes.
pub const MERCHANT_BODY: usize = 1024 * 1024;
/// Largest hosted-page API body (authorize, confirm, result, network token), bytes.
pub const HOSTED_BODY: usize = 64 * 1024;
/// Largest Klarna webhook body, bytes.
pub const WEBHOOK_BODY: usize = 256 * 1024;
/// Largest notification the sandbox's demo receiver takes, bytes: an event
/// carries the session (up to [`MERCHANT_BODY`] as created) and its payment.
pub const NOTIFICATION_BODY: usize = 4 * 1024 * 1024;
/// Largest demo body (`POST /demo/sessions`), bytes.
pub const DEMO_BODY: usize = 4 * 1024;

fn is_api(path: &str) -> bool {
    path.starts_with("/v1/")
        || path.starts_with("/demo/sessions")
        || path.starts_with("/sandbox/klarna/")
}

/// Replaces a non-JSON error answer of an API path with the envelope
/// (`{"error": {"code", "message", "fields"}}`), keeping its status.
pub async fn json_errors(req: Request, next: Next) -> Response {
    let api = is_api(req.uri().path());
    let res = next.run(req).await;
    let status = res.status();
    let json = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !api || json || !(status.is_client_error() || status.is_server_error()) {
        return res;
    }
    let (code, message) = match status {
        StatusCode::PAYLOAD_TOO_LARGE => (
            ErrorCode::InvalidRequest,
            "the body is larger than this endpoint accepts (see docs/http-api.md, \"Limits\")",
        ),
        StatusCode::REQUEST_TIMEOUT => (
            ErrorCode::InvalidRequest,
            "the body did not arrive completely in time",
        ),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => (
            ErrorCode::InvalidRequest,
            "expected Content-Type: application/json",
        ),
        s if s.is_server_error() => (ErrorCode::Internal, "internal error; retry later"),
        _ => {
            // The router's own refusals (axum's extractors) answer in plain
            // text that says what was wrong: keep it and name the part.
            let retry_after = res.headers().get(header::RETRY_AFTER).cloned();
            let text = axum::body::to_bytes(res.into_body(), 4096)
                .await
                .map(|b| String::from_utf8_lossy(&b).trim().to_string())
                .unwrap_or_default();
            let mut out = refusal(status, &text).into_response();
            if let Some(v) = retry_after {
                out.headers_mut().insert(header::RETRY_AFTER, v);
            }
            return out;
        }
    };
    let mut e = match code {
        ErrorCode::Internal => AppError::internal(message),
        _ => AppError::invalid_field("$", message),
    };
    e.error.message = message.to_string();
    e.status = status;
    let retry_after = res.headers().get(header::RETRY_AFTER).cloned();
    let mut out = e.into_response();
    if let Some(v) = retry_after {
        out.headers_mut().insert(header::RETRY_AFTER, v);
    }
    out
}

/// The envelope of a refusal the router answered in plain `text` (axum's
/// extractors say what was wrong): a bad path segment is named `path`, a
/// parameter serde names (`duplicate field `limit``) by its name, another
/// bad query `query`, anything else `$`, with axum's reason.
fn refusal(status: StatusCode, text: &str) -> AppError {
    if let Some(name) = text
        .split_once("duplicate field `")
        .and_then(|(_, rest)| rest.split_once('`'))
        .map(|(name, _)| name)
    {
        let mut e = AppError::invalid_field(
            name,
            format!("expected {name} once; the query string repeats it"),
        );
        e.status = status;
        return e;
    }
    let field = if text.starts_with("Invalid URL") || text.contains("path argument") {
        "path"
    } else if text.contains("query string") {
        "query"
    } else {
        "$"
    };
    let reason = if text.is_empty() {
        "the request was refused".to_string()
    } else {
        text.to_string()
    };
    let mut e = AppError::invalid_field(field, reason);
    e.status = status;
    e
}
