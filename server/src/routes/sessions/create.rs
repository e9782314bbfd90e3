//! Creating a session (`POST /v1/sessions`): validating the body, what the
//! merchant's account decides for it, and storing it with its client secret.

use super::json;
use crate::auth::Merchant;
use crate::error::{ApiJson, AppError};
use crate::openapi::shared::{CreateSessionAnswer, Errors, IdempotencyKey};
use crate::payments::create_authorize;
use crate::routes::payments::idempotent;
use crate::sessions::insert_new;
use crate::state::AppState;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::Response;
use checkout_core::api::CreateSessionBody;
use checkout_core::errors::{ErrorBody, FieldError};
use checkout_core::session::{validate_new_session_with, NewSession, Rules};
use serde_json::Value;

/// `POST /v1/sessions` (`Idempotency-Key` honoured).
#[utoipa::path(post, path = "/v1/sessions", tag = "sessions", operation_id = "createSession",
    request_body = CreateSessionBody, params(IdempotencyKey),
    responses((status = 201, description = "the session, its client secret and hosted page URL (a replay of the same `Idempotency-Key` returns this answer, secrets included); with `authorize: true` also Klarna's `outcome` (or `authorize_error`) and the state after it", body = CreateSessionAnswer),
        (status = 422, description = "invalid_request: all that is wrong is something this checkout does not support yet (an intent such as `SUBSCRIBE`); `error.fields` names it", body = ErrorBody), Errors),
    security(("merchant_key" = [])))]
pub async fn create(
    State(state): State<AppState>,
    merchant: Merchant,
    headers: HeaderMap,
    method: Method,
    uri: Uri,
    ApiJson(body): ApiJson<Value>,
) -> Result<Response, AppError> {
    let raw = body.to_string();
    let work = || async {
        let rules = Rules {
            http_loopback_origins: state.settings.is_sandbox(),
        };
        let mut body = body.clone();
        let flag = create_authorize::take_flag(&mut body);
        let validated = validate_new_session_with(&body, rules);
        let mut errors = validated.as_ref().err().cloned().unwrap_or_default();
        match (&flag, &validated) {
            (Err(e), _) => errors.push(e.clone()),
            (Ok(true), Ok(d)) => errors.extend(create_authorize::check_token(d)),
            _ => {}
        }
        let mut data = match validated {
            Ok(d) if errors.is_empty() => d,
            _ => return Err(refusal(errors)),
        };
        apply_merchant(&state, &merchant.0, &mut data).await?;
        if flag == Ok(true) {
            let key = crate::payments::idempotency::key_from(&headers, false)?;
            let done = create_authorize::run(&state, &merchant.0, data, key.as_deref()).await?;
            return Ok((StatusCode::CREATED, json(&done)?));
        }
        let created = insert_new(&state, &merchant.0, data).await?;
        Ok((StatusCode::CREATED, json(&created)?))
    };
    idempotent(
        &state,
        &merchant,
        &headers,
        (&method, &uri),
        raw.as_bytes(),
        work,
    )
    .await
}

/// The answer to a body that does not validate: `422` when all that is
/// wrong is something the checkout does not do yet (an intent such as
/// `SUBSCRIBE`), else `400`; every field named either way.
pub fn refusal(errors: Vec<FieldError>) -> AppError {
    let unsupported = errors.iter().all(|e| {
        e.reason
            .starts_with(checkout_core::session::NOT_SUPPORTED_YET)
    });
    let mut e = AppError::invalid(errors);
    if unsupported {
        e.status = StatusCode::UNPROCESSABLE_ENTITY;
        e.error.message =
            "the request asks for something this checkout does not support yet".into();
    }
    e
}

/// What the merchant decides for its new session (issue 18): it must be
/// active with an active Klarna onboarding (`409` otherwise), and its stores'
/// origins are the session's `allowed_origins` unless the session names
/// fewer of them (never others).
async fn apply_merchant(
    state: &AppState,
    merchant_id: &str,
    data: &mut NewSession,
) -> Result<(), AppError> {
    let account = crate::merchants::checkout_account(state, merchant_id).await?;
    if let Some(why) = account.refusal {
        return Err(AppError::conflict(why));
    }
    if account.store_origins.is_empty() {
        return Ok(());
    }
    if data.allowed_origins.is_empty() {
        data.allowed_origins = account.store_origins;
        return Ok(());
    }
    let errors: Vec<FieldError> = data
        .allowed_origins
        .iter()
        .enumerate()
        .filter(|(_, o)| !account.store_origins.contains(o))
        .map(|(i, o)| {
            FieldError::new(
                format!("allowed_origins[{i}]"),
                format!(
                    "{o} is not one of the merchant's stores ({}); the operator adds stores",
                    account.store_origins.join(", ")
                ),
            )
        })
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(AppError::invalid(errors))
    }
}
