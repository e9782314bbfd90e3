//! [`AppError`]: every failure of a handler, rendered as the public error body
//! `{"error": {"code", "message", "fields"}}` with the matching status.

use axum::extract::rejection::{BytesRejection, FailedToBufferBody, JsonRejection};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use checkout_core::errors::{summarize, ApiError, ErrorBody, ErrorCode, FieldError};

/// A failed request: status plus the public error body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppError {
    /// HTTP status.
    pub status: StatusCode,
    /// The `error` object.
    pub error: ApiError,
}

impl AppError {
    fn new(status: StatusCode, code: ErrorCode, message: impl Into<String>) -> Self {
        AppError {
            status,
            error: ApiError {
                code,
                message: message.into(),
                fields: Vec::new(),
            },
        }
    }

    /// `400 invalid_request` listing every bad field.
    pub fn invalid(fields: Vec<FieldError>) -> Self {
        let mut e = Self::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::InvalidRequest,
            summarize(&fields),
        );
        e.error.fields = fields;
        e
    }

    /// `400 invalid_request` for one field.
    pub fn invalid_field(path: impl Into<String>, reason: impl Into<String>) -> Self {
        Self::invalid(vec![FieldError::new(path, reason)])
    }

    /// `400 invalid_request` for a body that is not the expected JSON.
    pub fn bad_json(reason: impl Into<String>) -> Self {
        let mut e = Self::invalid_field("$", reason);
        e.error.message = format!(
            "the request body is not valid JSON for this endpoint: {}",
            e.error.fields[0].reason
        );
        e
    }

    /// `401 unauthorized`.
    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, ErrorCode::Unauthorized, message)
    }

    /// `404 not_found`.
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, ErrorCode::NotFound, message)
    }

    /// `409 conflict`.
    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, ErrorCode::Conflict, message)
    }

    /// `409 conflict` because of the request's `field` (named in `fields`).
    pub fn conflict_at(field: &str, reason: impl Into<String>) -> Self {
        let reason = reason.into();
        let mut e = Self::conflict(format!("{field}: {reason}"));
        e.error.fields = vec![FieldError::new(field, reason)];
        e
    }

    /// `429 rate_limited` (the caller adds `Retry-After`).
    pub fn rate_limited(message: impl Into<String>) -> Self {
        Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            ErrorCode::RateLimited,
            message,
        )
    }

    /// `502 upstream_error` (Klarna or the sandbox failed).
    pub fn upstream(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_GATEWAY, ErrorCode::UpstreamError, message)
    }

    /// `500 internal`.
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            ErrorCode::Internal,
            message,
        )
    }

    /// The body as JSON bytes (what the response carries).
    pub fn body_bytes(&self) -> Vec<u8> {
        let body = ErrorBody {
            error: self.error.clone(),
        };
        serde_json::to_vec(&body)
            .unwrap_or_else(|_| br#"{"error":{"code":"internal","message":"error"}}"#.to_vec())
    }
}

impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {:?}: {}",
            self.status.as_u16(),
            self.error.code,
            self.error.message
        )
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        json_bytes(self.status, self.body_bytes())
    }
}

/// A JSON response from already-serialized bytes.
pub fn json_bytes(status: StatusCode, body: Vec<u8>) -> Response {
    let mut res = (status, body).into_response();
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    res
}

impl From<JsonRejection> for AppError {
    fn from(r: JsonRejection) -> Self {
        match r {
            JsonRejection::BytesRejection(b) => AppError::from(b),
            r => AppError::bad_json(r.body_text()),
        }
    }
}

impl From<BytesRejection> for AppError {
    /// A body over the route's size limit is `413`, one that did not arrive
    /// in time (`CHECKOUT_BODY_TIMEOUT_MS`) or broke off is `408`; both in the
    /// error envelope, naming the body (`$`).
    fn from(r: BytesRejection) -> Self {
        let (status, reason) = match &r {
            BytesRejection::FailedToBufferBody(FailedToBufferBody::LengthLimitError(_)) => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "the body is larger than this endpoint accepts (see docs/http-api.md, \"Limits\")",
            ),
            _ => (
                StatusCode::REQUEST_TIMEOUT,
                "the body did not arrive completely in time",
            ),
        };
        let mut e = AppError::invalid_field("$", reason);
        e.status = status;
        e.error.message = reason.to_string();
        e
    }
}

/// The raw body, with the body's failures as [`AppError`]s (for handlers
/// that verify or parse the bytes themselves).
#[derive(Debug, Clone)]
pub struct ApiBytes(pub axum::body::Bytes);

impl<S: Send + Sync> axum::extract::FromRequest<S> for ApiBytes {
    type Rejection = AppError;

    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, AppError> {
        axum::body::Bytes::from_request(req, state)
            .await
            .map(ApiBytes)
            .map_err(AppError::from)
    }
}

impl From<crate::store::StoreError> for AppError {
    fn from(e: crate::store::StoreError) -> Self {
        tracing::error!(error = %e, "storage failed");
        AppError::internal("storage failed; retry later")
    }
}

impl AppError {
    /// A failed Klarna call whose deciding input was the caller's `field`
    /// (a token Klarna doesn't know): Klarna's refusal (4xx) is the caller's
    /// `400` naming that field; Klarna failing (5xx, unreachable) stays `502`.
    pub fn from_klarna_at(field: &str, e: crate::klarna::KlarnaError) -> Self {
        match e {
            crate::klarna::KlarnaError::Rejected { status, message } => {
                tracing::info!(status, error = %message, field, "Klarna refused the caller's input");
                AppError::invalid_field(field, format!("Klarna refused it ({status}): {message}"))
            }
            e => e.into(),
        }
    }
}

impl From<crate::klarna::KlarnaError> for AppError {
    fn from(e: crate::klarna::KlarnaError) -> Self {
        tracing::warn!(error = %e, "Klarna call failed");
        AppError::upstream(e.to_string())
    }
}

/// Parses a JSON body into `T`, mapping serde's error to `invalid_request` at
/// `$`; a key sent twice is refused by name ([`crate::json_keys`]).
pub fn parse_json<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    refuse_duplicate_keys(bytes)?;
    serde_json::from_slice(bytes)
        .map_err(|e| located(bytes).unwrap_or_else(|| AppError::bad_json(e.to_string())))
}

/// A body that is not JSON because of one value inside it (a number out of
/// range such as `1e400`, a broken escape) named by that value's path, as
/// any other field is; `None` for a body broken at its top (then `$`).
/// serde_path_to_error (axum's own) reads the path the parser was at.
fn located(body: &[u8]) -> Option<AppError> {
    let mut de = serde_json::Deserializer::from_slice(body);
    let e = serde_path_to_error::deserialize::<_, serde_json::Value>(&mut de).err()?;
    let known =
        |s: &serde_path_to_error::Segment| !matches!(s, serde_path_to_error::Segment::Unknown);
    let path = e.path().to_string();
    (e.path().iter().next().is_some() && e.path().iter().all(known))
        .then(|| AppError::invalid_field(path, format!("not valid JSON: {}", e.inner())))
}

/// `400` naming the first key `body` sends twice in one object.
fn refuse_duplicate_keys(body: &[u8]) -> Result<(), AppError> {
    match crate::json_keys::first_duplicate(body) {
        Some(path) => Err(AppError::invalid_field(
            path,
            "sent twice in one object; send each key once",
        )),
        None => Ok(()),
    }
}

/// `Json<T>` whose rejection is an [`AppError`]: `Content-Type:
/// application/json` (or `…+json`) required as `axum::Json` does, a key
/// sent twice refused by name, then read by `axum::Json`.
#[derive(Debug, Clone)]
pub struct ApiJson<T>(pub T);

impl<T: serde::de::DeserializeOwned, S: Send + Sync> axum::extract::FromRequest<S> for ApiJson<T> {
    type Rejection = AppError;

    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, AppError> {
        let json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(|v| {
                v.split(';')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .to_ascii_lowercase()
            })
            .is_some_and(|t| {
                t == "application/json" || (t.starts_with("application/") && t.ends_with("+json"))
            });
        if !json {
            return Err(AppError::bad_json(
                "Expected request with `Content-Type: application/json`",
            ));
        }
        let ApiBytes(bytes) = ApiBytes::from_request(req, state).await?;
        refuse_duplicate_keys(&bytes)?;
        axum::Json::<T>::from_bytes(&bytes)
            .map(|axum::Json(v)| ApiJson(v))
            .map_err(|e| match e {
                JsonRejection::BytesRejection(_) => AppError::from(e),
                e => located(&bytes).unwrap_or_else(|| AppError::from(e)),
            })
    }
}

/// A `429 rate_limited` answer with `message` and `Retry-After: retry_after`.
pub fn retry_later(message: String, retry_after: i64) -> Response {
    let mut res = AppError::rate_limited(message).into_response();
    if let Ok(v) = HeaderValue::from_str(&retry_after.to_string()) {
        res.headers_mut().insert(header::RETRY_AFTER, v);
    }
    res
}
