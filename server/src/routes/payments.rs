//! Merchant API after authorization: captures, refunds, void, cancel, each
//! honouring `Idempotency-Key` (scoped to the merchant; the key covers the
//! method, the path and the body, so reusing it anywhere else is
//! `409 idempotency_key_reused`).

use crate::auth::{merchant_session, Merchant};
use crate::error::{parse_json, ApiBytes, AppError};
use crate::lifecycle::operate::{self, Ask};
use crate::lifecycle::view::{load_view, payment_view};
use crate::openapi::shared::{EmptyBody, Errors, IdempotencyKey};
use crate::payments::idempotency;
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::Response;
use checkout_core::api::SessionView;
use checkout_core::operations::{
    validate_capture, validate_empty, validate_refund, CaptureRequest, OperationView, RefundRequest,
};
use serde_json::Value;

fn json<T: serde::Serialize>(v: &T) -> Result<Vec<u8>, AppError> {
    serde_json::to_vec(v).map_err(|e| AppError::internal(format!("serializing the answer: {e}")))
}

/// Reads a JSON body; an empty one is `{}`.
pub fn body_value(body: &[u8]) -> Result<Value, AppError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Value::Object(Default::default()));
    }
    parse_json(body)
}

/// Reads the body of a call that takes none: nothing or `{}`; anything
/// else is `400` naming it (an unknown field by name, not-JSON at `$`).
pub fn no_body(body: &[u8]) -> Result<(), AppError> {
    checkout_core::operations::validate_empty(&body_value(body)?).map_err(AppError::invalid)
}

/// Runs a mutating merchant call idempotently: scope = the merchant, the
/// fingerprint = method + path + body.
pub async fn idempotent<F, Fut>(
    state: &AppState,
    merchant: &Merchant,
    headers: &HeaderMap,
    (method, uri): (&Method, &Uri),
    body: &[u8],
    work: F,
) -> Result<Response, AppError>
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = Result<(StatusCode, Vec<u8>), AppError>>,
{
    let key = idempotency::key_from(headers, false)?;
    let scope = format!("merchant:{}", merchant.0);
    let mut fingerprint = format!("{method} {}\n", uri.path()).into_bytes();
    fingerprint.extend_from_slice(&idempotency::request_hash(body).into_bytes());
    // The key the merchant authenticated with seals the secrets of the kept answer.
    let api_key = crate::auth::bearer(headers);
    Ok(idempotency::run_sealed(state, (&scope, api_key), key, &fingerprint, work).await)
}

async fn operate(
    state: AppState,
    merchant: Merchant,
    headers: HeaderMap,
    id: String,
    (method, uri): (Method, Uri),
    body: Bytes,
    read: fn(&Value) -> Result<Ask, AppError>,
) -> Result<Response, AppError> {
    merchant_session(&state, &merchant, &id).await?;
    let key = idempotency::key_from(&headers, false)?;
    let scope = format!("merchant:{}", merchant.0);
    let work = || async {
        let ask = read(&body_value(&body)?)?;
        let s = merchant_session(&state, &merchant, &id).await?;
        let void = matches!(ask, Ask::Void);
        let k = key.as_deref().map(|k| (scope.as_str(), k));
        let (p, op_id) = operate::run(&state, &s, ask, k).await?;
        if void {
            let fresh = merchant_session(&state, &merchant, &id).await?;
            return Ok((StatusCode::OK, json(&load_view(&state, &fresh).await?)?));
        }
        let view = payment_view(&p);
        let op = view
            .captures
            .iter()
            .chain(view.refunds.iter())
            .find(|o| o.id == op_id)
            .ok_or_else(|| AppError::internal("the operation vanished"))?;
        Ok((StatusCode::CREATED, json(op)?))
    };
    idempotent(&state, &merchant, &headers, (&method, &uri), &body, work).await
}

/// `POST /v1/sessions/{id}/captures` → `201` the capture.
#[utoipa::path(post, path = "/v1/sessions/{id}/captures", tag = "payments", operation_id = "capturePayment",
    request_body = CaptureRequest, params(("id" = String, Path, description = "The session (`hcs_…`)"), IdempotencyKey),
    responses((status = 201, description = "the capture (`pending` until Klarna answers)", body = OperationView), Errors),
    security(("merchant_key" = [])))]
pub async fn capture(
    State(state): State<AppState>,
    merchant: Merchant,
    headers: HeaderMap,
    Path(id): Path<String>,
    method: Method,
    uri: Uri,
    ApiBytes(body): ApiBytes,
) -> Result<Response, AppError> {
    let read = |v: &Value| {
        validate_capture(v)
            .map(Ask::Capture)
            .map_err(AppError::invalid)
    };
    operate(state, merchant, headers, id, (method, uri), body, read).await
}

/// `POST /v1/sessions/{id}/refunds` → `201` the refund.
#[utoipa::path(post, path = "/v1/sessions/{id}/refunds", tag = "payments", operation_id = "refundPayment",
    request_body = RefundRequest, params(("id" = String, Path, description = "The session (`hcs_…`)"), IdempotencyKey),
    responses((status = 201, description = "the refund (`pending` until Klarna answers)", body = OperationView), Errors),
    security(("merchant_key" = [])))]
pub async fn refund(
    State(state): State<AppState>,
    merchant: Merchant,
    headers: HeaderMap,
    Path(id): Path<String>,
    method: Method,
    uri: Uri,
    ApiBytes(body): ApiBytes,
) -> Result<Response, AppError> {
    let read = |v: &Value| {
        validate_refund(v)
            .map(Ask::Refund)
            .map_err(AppError::invalid)
    };
    operate(state, merchant, headers, id, (method, uri), body, read).await
}

/// `POST /v1/sessions/{id}/void` → `200` the session.
#[utoipa::path(post, path = "/v1/sessions/{id}/void", tag = "payments", operation_id = "voidPayment",
    request_body(content = Option<EmptyBody>, description = "`{}` or nothing"), params(("id" = String, Path, description = "The session (`hcs_…`)"), IdempotencyKey),
    responses((status = 200, description = "the session; the uncaptured rest is released", body = SessionView), Errors),
    security(("merchant_key" = [])))]
pub async fn void(
    State(state): State<AppState>,
    merchant: Merchant,
    headers: HeaderMap,
    Path(id): Path<String>,
    method: Method,
    uri: Uri,
    ApiBytes(body): ApiBytes,
) -> Result<Response, AppError> {
    let read = |v: &Value| {
        validate_empty(v)
            .map(|_| Ask::Void)
            .map_err(AppError::invalid)
    };
    operate(state, merchant, headers, id, (method, uri), body, read).await
}

/// `POST /v1/sessions/{id}/cancel` → `200` the session, `canceled`.
#[utoipa::path(post, path = "/v1/sessions/{id}/cancel", tag = "sessions", operation_id = "cancelSession",
    request_body(content = Option<EmptyBody>, description = "`{}` or nothing"), params(("id" = String, Path, description = "The session (`hcs_…`)"), IdempotencyKey),
    responses((status = 200, description = "the session, `canceled`; its Klarna payment requests are canceled too", body = SessionView), Errors),
    security(("merchant_key" = [])))]
pub async fn cancel(
    State(state): State<AppState>,
    merchant: Merchant,
    headers: HeaderMap,
    Path(id): Path<String>,
    method: Method,
    uri: Uri,
    ApiBytes(body): ApiBytes,
) -> Result<Response, AppError> {
    merchant_session(&state, &merchant, &id).await?;
    let work = || async {
        validate_empty(&body_value(&body)?).map_err(AppError::invalid)?;
        let s = crate::lifecycle::cancel::cancel(&state, &id, &merchant.0).await?;
        Ok((StatusCode::OK, json(&load_view(&state, &s).await?)?))
    };
    idempotent(&state, &merchant, &headers, (&method, &uri), &body, work).await
}
