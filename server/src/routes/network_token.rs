//! `POST /v1/sessions/{id}/network-token`: a network session token handed
//! over after the session was made (a sub-partner's server, or the hosted
//! page when Klarna's SDK issues one), with `klarna_network_data` beside it
//! from the merchant's server. The data is server-only (Klarna's rule):
//! the hosted page's client secret can't set it.

use crate::auth::{bearer, merchant_or_client_session, CLIENT_SECRET_PREFIX};
use crate::clock;
use crate::error::{ApiJson, AppError};
use crate::openapi::shared::Errors;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use checkout_core::api::NetworkTokenRequest;
use checkout_core::fields::Fields;
use checkout_core::network::{read_network_data, read_token};
use checkout_core::session::SessionPatch;
use serde_json::Value;

/// A validated body.
struct Submission {
    token: String,
    data: Option<String>,
}

fn read(body: &Value, from_merchant: bool) -> Result<Submission, AppError> {
    let mut errors = Vec::new();
    let Some(mut f) = Fields::new(body, "", &mut errors) else {
        return Err(AppError::invalid(errors));
    };
    let present = ["klarna_network_session_token", "interoperability_token"]
        .into_iter()
        .any(|n| f.raw(n).is_some());
    let token = read_token(&mut f);
    if !present {
        f.fail("klarna_network_session_token", "is required");
    }
    let data = read_network_data(&mut f);
    if data.is_some() && !from_merchant {
        f.fail(
            "klarna_network_data",
            "is server-only: send it with the merchant's secret, not the client secret",
        );
    }
    f.finish(&mut errors);
    match token {
        Some(token) if errors.is_empty() => Ok(Submission { token, data }),
        _ => Err(AppError::invalid(errors)),
    }
}

/// The handler (merchant secret or client secret) → `204`.
#[utoipa::path(post, path = "/v1/sessions/{id}/network-token", tag = "hosted", operation_id = "submitNetworkToken",
    request_body = NetworkTokenRequest, params(("id" = String, Path, description = "The session (`hcs_…`)")),
    responses((status = 204, description = "kept for the session's Klarna calls (with `klarna_network_data` from the merchant's secret only)"), Errors),
    security(("merchant_key" = []), ("client_secret" = [])))]
pub async fn submit(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    // Read after the credentials, so a caller without them hears 401 first.
    body: Result<ApiJson<Value>, AppError>,
) -> Result<StatusCode, AppError> {
    let s = merchant_or_client_session(&state, &headers, &id).await?;
    let ApiJson(body) = body?;
    let from_merchant = bearer(&headers).is_some_and(|t| !t.starts_with(CLIENT_SECRET_PREFIX));
    let sub = read(&body, from_merchant)?;
    crate::payments::ensure_open(&s)?;
    // An offboarded (or not onboarded) merchant's sessions take no payment.
    crate::merchants::payable_account(&state, &s.merchant_id).await?;
    let closed = || AppError::conflict(format!("session {id} is no longer open"));
    // Under the payment lock: an authorization sees the token and its data
    // together, never one without the other.
    crate::payments::idempotency::exclusive(&state, &id, || async {
        let now = clock::now();
        if let Some(d) = sub.data {
            let patch = SessionPatch {
                klarna_network_data: Some(d),
                ..SessionPatch::default()
            };
            state
                .store
                .patch_open_session(&id, &patch, now)
                .await?
                .ok_or_else(closed)?;
        }
        if !state.store.set_network_token(&id, &sub.token, now).await? {
            return Err(closed());
        }
        Ok(StatusCode::NO_CONTENT)
    })
    .await
}
