//! Merchant API: create, read and patch sessions, submit a network token.

use crate::auth::{merchant_session, Merchant};
use crate::error::{ApiJson, AppError};
use crate::lifecycle::view::load_view;
use crate::openapi::{Errors, IdempotencyKey};
use crate::payments::create_authorize;
use crate::routes::payments::idempotent;
use crate::state::AppState;
use crate::store::SessionRecord;
use crate::{clock, ids};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::Response;
use axum::Json;
use checkout_core::api::{CreateSessionBody, CreatedSession, SessionList, SessionView};
use checkout_core::errors::FieldError;
use checkout_core::session::{
    lines_total, validate_new_session_with, validate_patch, NewSession, Rules, SessionPatch,
};
use checkout_core::state::SessionState;
use serde_json::Value;

/// The merchant's view of a session now.
pub fn view(s: &SessionRecord) -> SessionView {
    let d = &s.data;
    SessionView {
        id: s.id.clone(),
        state: s.state_at(clock::now()),
        amount: d.amount,
        currency: d.currency.clone(),
        country: d.country.clone(),
        locale: d.locale.clone(),
        merchant_reference: d.merchant_reference.clone(),
        order_lines: d.order_lines.clone(),
        return_url: d.return_url.clone(),
        allowed_origins: d.allowed_origins.clone(),
        intents: d.intents.clone(),
        has_network_session_token: d.klarna_network_session_token.is_some(),
        customer: d.customer.clone(),
        personal_data_erased_at: d.personal_data_erased_at.clone(),
        authorization: s.authorization.clone(),
        customer_profile: d.customer_profile.clone(),
        shipping: d.shipping.clone(),
        capture_method: d.capture_method,
        payment: None,
        created_at: clock::format(s.created_at),
        expires_at: clock::format(s.expires_at),
    }
}

/// Stores a new session for `merchant_id` and answers its id, secret and URL.
pub async fn insert_new(
    state: &AppState,
    merchant_id: &str,
    data: NewSession,
) -> Result<CreatedSession, AppError> {
    insert_with_id(state, merchant_id, ids::session_id(), data).await
}

/// [`insert_new`] with the id chosen by the caller.
pub async fn insert_with_id(
    state: &AppState,
    merchant_id: &str,
    id: String,
    data: NewSession,
) -> Result<CreatedSession, AppError> {
    let now = clock::now();
    let secret = ids::client_secret();
    let record = SessionRecord {
        id: id.clone(),
        merchant_id: merchant_id.to_string(),
        client_secret_hash: ids::sha256_hex(secret.as_bytes()),
        state: SessionState::Open,
        data,
        authorization: None,
        created_at: now,
        expires_at: now + state.settings.session_ttl,
    };
    state.store.insert_session(&record).await?;
    tracing::info!(session = %id, merchant = %merchant_id, "session created");
    Ok(CreatedSession {
        hosted_url: format!("{}/hpp/{id}#cs={secret}", state.settings.public_url),
        id,
        client_secret: secret,
        state: SessionState::Open,
        expires_at: clock::format(record.expires_at),
    })
}

fn json<T: serde::Serialize>(v: &T) -> Result<Vec<u8>, AppError> {
    serde_json::to_vec(v).map_err(|e| AppError::internal(format!("serializing the answer: {e}")))
}

/// `POST /v1/sessions` (`Idempotency-Key` honoured).
#[utoipa::path(post, path = "/v1/sessions", tag = "sessions", operation_id = "createSession",
    request_body = CreateSessionBody, params(IdempotencyKey),
    responses((status = 201, description = "the session, its client secret and hosted page URL; with `authorize: true` also Klarna's `outcome` (or `authorize_error`) and the state after it", body = CreatedSession), Errors),
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

/// Query of [`list`] (read as text, so a bad value is named like any field).
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// How many, 1 to 100 (20 when absent).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 100)]
    limit: Option<String>,
}

/// `GET /v1/sessions[?limit=20]`: the merchant's sessions, newest first,
/// each with its `payment` (a back office's order list).
#[utoipa::path(get, path = "/v1/sessions", tag = "sessions", operation_id = "listSessions",
    params(ListQuery),
    responses((status = 200, description = "the merchant's sessions, newest first", body = SessionList), Errors),
    security(("merchant_key" = [])))]
pub async fn list(
    State(state): State<AppState>,
    merchant: Merchant,
    Query(q): Query<ListQuery>,
) -> Result<Json<SessionList>, AppError> {
    let limit = match q.limit.as_deref() {
        None => 20,
        Some(l) => l
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=100).contains(n))
            .ok_or_else(|| {
                AppError::invalid_field("limit", "expected a whole number from 1 to 100")
            })?,
    };
    let mut data = Vec::new();
    for s in state.store.sessions_of(&merchant.0, limit).await? {
        data.push(load_view(&state, &s).await?);
    }
    Ok(Json(SessionList { data }))
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

/// `GET /v1/sessions/{id}`: with `payment` once authorized.
#[utoipa::path(get, path = "/v1/sessions/{id}", tag = "sessions", operation_id = "getSession",
    params(("id" = String, Path, description = "The session (`hcs_…`)")),
    responses((status = 200, description = "the session, with `payment` once authorized", body = SessionView), Errors),
    security(("merchant_key" = [])))]
pub async fn get(
    State(state): State<AppState>,
    merchant: Merchant,
    Path(id): Path<String>,
) -> Result<Json<SessionView>, AppError> {
    let s = merchant_session(&state, &merchant, &id).await?;
    Ok(Json(load_view(&state, &s).await?))
}

/// `PATCH /v1/sessions/{id}` (`Idempotency-Key` honoured): only while open. It holds the session's
/// payment lock, so it never changes a session while Klarna is deciding on
/// it: it waits for a running authorization and then finds the session as
/// that left it (paid: `409`).
#[utoipa::path(patch, path = "/v1/sessions/{id}", tag = "sessions", operation_id = "updateSession",
    request_body = SessionPatch, params(("id" = String, Path, description = "The session (`hcs_…`)"), IdempotencyKey),
    responses((status = 200, description = "the open session, updated", body = SessionView), Errors),
    security(("merchant_key" = [])))]
pub async fn patch(
    State(state): State<AppState>,
    merchant: Merchant,
    headers: HeaderMap,
    method: Method,
    uri: Uri,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<Value>,
) -> Result<Response, AppError> {
    let raw = body.to_string();
    let work = || async {
        let Json(v) = patch_open(&state, &merchant, &id, &body).await?;
        Ok((StatusCode::OK, json(&v)?))
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

/// Applies a patch to an open session: only while open.
async fn patch_open(
    state: &AppState,
    merchant: &Merchant,
    id: &str,
    body: &Value,
) -> Result<Json<SessionView>, AppError> {
    let (state, id, body) = (state.clone(), id.to_string(), body.clone());
    let s = merchant_session(&state, merchant, &id).await?;
    let patch = validate_patch(&body, &s.data.country).map_err(AppError::invalid)?;
    crate::payments::idempotency::exclusive(&state, &id, || async {
        let s = merchant_session(&state, merchant, &id).await?;
        crate::payments::ensure_open(&s)?;
        check_patched_lines(&s, &patch)?;
        let updated = state
            .store
            .patch_open_session(&id, &patch, clock::now())
            .await?;
        let updated =
            updated.ok_or_else(|| AppError::conflict(format!("session {id} is no longer open")))?;
        Ok(Json(view(&updated)))
    })
    .await
}

/// The order lines after `patch` must add up to the amount after it.
fn check_patched_lines(s: &SessionRecord, patch: &SessionPatch) -> Result<(), AppError> {
    let amount = patch.amount.unwrap_or(s.data.amount);
    let lines = patch.order_lines.as_ref().unwrap_or(&s.data.order_lines);
    let sum = lines_total(lines);
    if !lines.is_empty() && sum != Some(amount) {
        let sum = sum.map_or_else(
            || "more than the largest amount".to_string(),
            |s| s.to_string(),
        );
        let reason = format!("line totals add up to {sum}, expected amount {amount}; send order_lines with the new amount");
        return Err(AppError::invalid_field("order_lines", reason));
    }
    Ok(())
}
