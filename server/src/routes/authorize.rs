//! `POST /v1/sessions/{id}/authorize`: authorization with a network session
//! token from the merchant's page or server, with no hosted page (express
//! checkout; a shopper Klarna already knows). The merchant's key or the
//! session's client secret; `Idempotency-Key` honoured; under the session's
//! payment lock like every other authorization.

use crate::auth::merchant_or_client_session;
use crate::error::{parse_json, AppError};
use crate::payments::{idempotency, token};
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use serde_json::Value;

/// The handler.
#[utoipa::path(post, path = "/v1/sessions/{id}/authorize", tag = "sessions", operation_id = "authorizeWithToken",
    request_body(content = crate::payments::token::TokenAuthorizeRequest, description = "the token Klarna's journey on the merchant's page gave (express checkout), and its payment request"),
    params(("id" = String, Path, description = "The session (`hcs_…`)"), crate::openapi::shared::IdempotencyKey),
    responses((status = 200, description = "the authorization's outcome: `result` `APPROVED`, `DECLINED` or `STEP_UP_REQUIRED` (with Klarna's journey), the session's state and, once approved, the authorization and what Klarna shared", body = crate::payments::token::TokenAuthorization), crate::openapi::shared::Errors),
    security(("merchant_key" = []), ("client_secret" = [])))]
pub async fn token_authorize(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, AppError> {
    merchant_or_client_session(&state, &headers, &id).await?;
    let key = idempotency::key_from(&headers, false)?;
    let scope = format!("token-authorize:{id}");
    let work = || async {
        let req = token::read(&parse_json::<Value>(&body)?)?;
        // Both paths take the session's payment lock themselves.
        let answer = token::run(&state, &id, req).await?;
        serde_json::to_vec(&answer)
            .map_err(|e| AppError::internal(format!("serializing the answer: {e}")))
    };
    Ok(idempotency::run(&state, &scope, key, &body, work).await)
}
