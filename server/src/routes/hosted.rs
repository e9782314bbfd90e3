//! Hosted-page API (client secret): config, Klarna authorize and confirm,
//! presentation fallback, result intake.

use crate::auth::client_session;
use crate::error::{parse_json, ApiBytes, AppError};
use crate::klarna::PresentationQuery;
use crate::openapi::shared::{Errors, IdempotencyKey, RequiredIdempotencyKey};
use crate::payments::{self, idempotency};
use crate::state::AppState;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::Json;
use checkout_core::api::{
    AuthorizeOutcome, AuthorizeRequest, ConfirmRequest, HostedConfig, KlarnaSdkConfig,
    ResultRequest, ResultResponse,
};
use checkout_core::requests::{read_authorize, read_confirm, read_result};
use checkout_core::state::SessionState;
use serde_json::Value;

fn to_json<T: serde::Serialize>(v: &T) -> Result<Vec<u8>, AppError> {
    serde_json::to_vec(v).map_err(|e| AppError::internal(format!("serializing the answer: {e}")))
}

/// How long the config waits for the optional `sdk_token` exchange before
/// answering without it (as after a Klarna `5xx`).
pub const SDK_TOKEN_LIMIT: std::time::Duration = std::time::Duration::from_secs(3);

/// `GET /v1/sessions/{id}/config[?appearance=…][&locale=…]`: everything the
/// hosted page needs (the other methods labelled in `locale` when it is one of
/// the market's, else in the session's), with the merchant's `appearance` checked here (bad parts are
/// listed in `appearance.problems` for the page to report, never a 4xx: a
/// wrong color must not stop a payment). A session that is no longer
/// `open` gets neither the network session token nor an `sdk_token`; the
/// exchange waits at most [`SDK_TOKEN_LIMIT`].
#[utoipa::path(get, path = "/v1/sessions/{id}/config", tag = "hosted", operation_id = "getHostedConfig",
    params(("id" = String, Path, description = "The session (`hcs_…`)"),
        ("appearance" = Option<String>, Query, description = "The merchant's appearance as JSON; bad parts are reported in `appearance.problems`, never refused"),
        ("locale" = Option<String>, Query, description = "The page's language when it is one of the market's (labels of the other methods)")),
    responses((status = 200, description = "everything the hosted page needs", body = HostedConfig), Errors),
    security(("client_secret" = [])))]
pub async fn config(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(query): Query<Vec<(String, String)>>,
) -> Result<Json<HostedConfig>, AppError> {
    let s = client_session(&state, &headers, &id).await?;
    // The page's language when the merchant chose another of the market's
    // locales (`?locale=`), else the session's: it picks the other methods' labels.
    let page_locale = super::preloads::page_locale(&query, &s.data).to_string();
    // Read as pairs, which can't be refused; other parameters are ignored.
    let appearance = query
        .into_iter()
        .rfind(|(k, _)| k == "appearance")
        .map(|(_, a)| a)
        .filter(|a| !a.trim().is_empty())
        .map(|a| checkout_core::appearance::parse(&a).applied())
        .unwrap_or_default();
    // The merchant's own Klarna account and methods (issue 18); none for an
    // offboarded (or not onboarded) merchant's session: `409`.
    let account = crate::merchants::payable_account(&state, &s.merchant_id).await?;
    let klarna = state.klarna_for(&account.klarna);
    let state_now = s.state_at(crate::clock::now());
    // Only an open session can still pay: a finished one's page shows its
    // outcome without Klarna's SDK, so it gets neither the network session
    // token nor a freshly exchanged `sdk_token` (the client secret stays in
    // the shopper's browser after the payment).
    let token = (state_now == SessionState::Open)
        .then(|| s.data.klarna_network_session_token.clone())
        .flatten();
    // A page reloaded while its authorization runs at Klarna waits for the
    // answer rather than offering the button again, reading this config
    // every 1.5 s: no `sdk_token` exchange for it (one Klarna call per read
    // for a token the waiting page doesn't use; it initializes without one).
    let authorization_pending = state_now == SessionState::Open
        && payments::asked::in_flight(state.store.as_ref(), &s).await?;
    let sdk_token = match &token {
        // Optional: the page initializes without it, so the exchange gets
        // its own short limit, well inside the page's 15 s call limit.
        Some(t) if !authorization_pending => {
            match tokio::time::timeout(SDK_TOKEN_LIMIT, klarna.sdk_token(t))
                .await
                .unwrap_or_else(|_| {
                    Err(crate::klarna::KlarnaError::Upstream(
                        "sdk token exchange timed out".into(),
                    ))
                }) {
                Ok(sdk) => Some(sdk),
                Err(e) => {
                    tracing::warn!(session = %id, error = %e, "sdk token exchange failed; the page initializes without one");
                    None
                }
            }
        }
        _ => None,
    };
    let k = &state.settings.klarna;
    let d = s.data.clone();
    Ok(Json(HostedConfig {
        session_id: s.id.clone(),
        state: state_now,
        amount: d.amount,
        currency: d.currency,
        country: d.country,
        locale: d.locale,
        intents: d.intents,
        merchant_reference: d.merchant_reference,
        order_lines: d.order_lines,
        // The page needs none of the shopper's personal data: only the
        // e-mail travels (as it always has), never names or addresses.
        customer: checkout_core::session::Customer {
            email: d.customer.email,
            ..Default::default()
        },
        klarna_network_session_token: token,
        klarna: KlarnaSdkConfig {
            sdk_url: k.sdk_url.clone(),
            client_id: k.client_id.clone(),
            partner_account_id: account.klarna.partner_account_id.clone(),
            sdk_token,
            acquiring_config: account.klarna.acquiring_config(),
            products: vec!["PAYMENT".into(), "MESSAGING".into()],
            mode: k.mode.as_str().into(),
            load_timeout_ms: Some(k.sdk_timeout_ms),
        },
        allowed_origins: d.allowed_origins,
        other_methods: account
            .other_methods
            .iter()
            .map(|m| m.for_locale(&page_locale))
            .collect(),
        authorization: s.authorization,
        authorization_pending,
        client_timeout_ms: Some(state.settings.client_timeout_ms),
        appearance,
    }))
}

/// `POST /v1/sessions/{id}/klarna/authorize` (`Idempotency-Key` honoured when present).
#[utoipa::path(post, path = "/v1/sessions/{id}/klarna/authorize", tag = "hosted", operation_id = "authorizeWithKlarna",
    request_body(content = Option<AuthorizeRequest>, description = "what the SDK passed to `initiate`; `{}` or nothing"),
    params(("id" = String, Path, description = "The session (`hcs_…`)"), IdempotencyKey),
    responses((status = 200, description = "Klarna's answer", body = AuthorizeOutcome), Errors),
    security(("client_secret" = [])))]
pub async fn authorize(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    ApiBytes(body): ApiBytes,
) -> Result<Response, AppError> {
    client_session(&state, &headers, &id).await?;
    let key = idempotency::key_from(&headers, false)?;
    let scope = format!("authorize:{id}");
    let work = || async {
        let v: Value = if body.iter().all(u8::is_ascii_whitespace) {
            Value::Null
        } else {
            parse_json(&body)?
        };
        let req = read_authorize(&v).map_err(AppError::invalid)?;
        idempotency::exclusive(&state, &id, || async {
            // Read again under the lock: an overlapping attempt may have paid.
            let s = client_session(&state, &headers, &id).await?;
            to_json(&payments::authorize(&state, s, req).await?)
        })
        .await
    };
    Ok(idempotency::run(&state, &scope, key, &body, work).await)
}

/// `POST /v1/sessions/{id}/klarna/confirm` (`Idempotency-Key` honoured when
/// present): confirms a `PAYMENT_PENDING_CONFIRMATION` payment.
#[utoipa::path(post, path = "/v1/sessions/{id}/klarna/confirm", tag = "hosted", operation_id = "confirmWithKlarna",
    request_body = ConfirmRequest, params(("id" = String, Path, description = "The session (`hcs_…`)"), IdempotencyKey),
    responses((status = 200, description = "Klarna's answer", body = AuthorizeOutcome), Errors),
    security(("client_secret" = [])))]
pub async fn confirm(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    ApiBytes(body): ApiBytes,
) -> Result<Response, AppError> {
    client_session(&state, &headers, &id).await?;
    let key = idempotency::key_from(&headers, false)?;
    let scope = format!("confirm:{id}");
    let work = || async {
        let v: Value = parse_json(&body)?;
        let req = read_confirm(&v).map_err(AppError::invalid)?;
        // Under the same lock as authorize: a confirmation and an
        // authorization of one session never overlap.
        idempotency::exclusive(&state, &id, || async {
            let s = client_session(&state, &headers, &id).await?;
            to_json(&payments::confirm(&state, s, req).await?)
        })
        .await
    };
    Ok(idempotency::run(&state, &scope, key, &body, work).await)
}

/// `GET /v1/sessions/{id}/klarna/presentation`: Klarna's server-side
/// presentation for the session, for pages whose SDK can't tell; only while
/// the session is `open` (`409` naming its state otherwise: nothing is
/// left to present, and Klarna is not called).
#[utoipa::path(get, path = "/v1/sessions/{id}/klarna/presentation", tag = "hosted", operation_id = "getKlarnaPresentation",
    params(("id" = String, Path, description = "The session (`hcs_…`)")),
    responses((status = 200, description = "Klarna's presentation answer, as Klarna gave it", body = Object), Errors),
    security(("client_secret" = [])))]
pub async fn presentation(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<Value>, AppError> {
    let s = client_session(&state, &headers, &id).await?;
    payments::ensure_open(&s)?;
    let account = crate::merchants::payable_account(&state, &s.merchant_id).await?;
    let q = PresentationQuery {
        locale: s.data.locale.clone(),
        amount: s.data.amount,
        currency: s.data.currency.clone(),
        intents: s.data.intents.clone(),
        network_session_token: s.data.klarna_network_session_token.clone(),
        acquiring_config: account.klarna.acquiring_config(),
    };
    let klarna = state.klarna_for(&account.klarna);
    Ok(Json(klarna.presentation(&q).await?.body))
}

/// `POST /v1/sessions/{id}/result` (`Idempotency-Key` required).
#[utoipa::path(post, path = "/v1/sessions/{id}/result", tag = "hosted", operation_id = "reportResult",
    request_body = ResultRequest, params(("id" = String, Path, description = "The session (`hcs_…`)"), RequiredIdempotencyKey),
    responses((status = 200, description = "the session's state after the report", body = ResultResponse), Errors),
    security(("client_secret" = [])))]
pub async fn result(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    ApiBytes(body): ApiBytes,
) -> Result<Response, AppError> {
    let s = client_session(&state, &headers, &id).await?;
    let key = idempotency::key_from(&headers, true)?;
    let scope = format!("result:{id}");
    let work = || async {
        let v: Value = parse_json(&body)?;
        let req = read_result(&v).map_err(AppError::invalid)?;
        to_json(&payments::take_result(&state, s, req).await?)
    };
    Ok(idempotency::run(&state, &scope, key, &body, work)
        .await
        .into_response())
}
