//! Authentication: merchant bearer keys (compared in constant time against
//! every configured key) and the per-session client secret (compared with its
//! stored SHA-256 hash). A merchant asking for another's session gets 404.

use crate::error::AppError;
use crate::ids;
use crate::state::AppState;
use crate::store::SessionRecord;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap};

/// Prefix of client secrets (tells them apart from merchant keys).
pub const CLIENT_SECRET_PREFIX: &str = "hcs_secret_";

/// The bearer token of a request, if any.
pub fn bearer(headers: &HeaderMap) -> Option<&str> {
    let v = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = v.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|t| !t.is_empty())
}

/// The bootstrap merchant (`CHECKOUT_MERCHANT_KEYS`) whose key is `token`.
/// Every key is compared, without early exit, so timing says nothing about
/// which or how much matched.
pub fn merchant_for<'a>(state: &'a AppState, token: &str) -> Option<&'a str> {
    let mut found = None;
    for k in &state.settings.merchant_keys {
        if ids::secrets_equal(k.secret.expose(), token) {
            found = Some(k.merchant_id.as_str());
        }
    }
    found
}

/// The merchant whose key is `token`: a bootstrap key, or a live key made
/// through the operator API (looked up by its SHA-256, so a new key works
/// and a revoked one stops at once, on every instance).
pub async fn merchant_for_key(state: &AppState, token: &str) -> Result<Option<String>, AppError> {
    if let Some(m) = merchant_for(state, token) {
        return Ok(Some(m.to_string()));
    }
    if !token.starts_with(crate::merchants::keys::PREFIX) {
        return Ok(None);
    }
    let hash = ids::sha256_hex(token.as_bytes());
    Ok(state
        .store
        .merchant_key_by_hash(&hash)
        .await?
        .map(|k| k.merchant_id))
}

/// An authenticated merchant (extractor over `Authorization: Bearer`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merchant(pub String);

impl FromRequestParts<AppState> for Merchant {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let token = bearer(&parts.headers).ok_or_else(|| {
            AppError::unauthorized("expected Authorization: Bearer <merchant secret>")
        })?;
        merchant_for_key(state, token)
            .await?
            .map(Merchant)
            .ok_or_else(|| AppError::unauthorized("unknown merchant key"))
    }
}

async fn load(state: &AppState, id: &str) -> Result<SessionRecord, AppError> {
    state
        .store
        .session(id)
        .await?
        .ok_or_else(|| AppError::not_found(format!("no session {id}")))
}

/// The session `id` if `merchant` owns it; 404 otherwise.
pub async fn merchant_session(
    state: &AppState,
    merchant: &Merchant,
    id: &str,
) -> Result<SessionRecord, AppError> {
    let s = load(state, id).await?;
    if s.merchant_id != merchant.0 {
        return Err(AppError::not_found(format!("no session {id}")));
    }
    Ok(s)
}

/// The session `id` if the request carries its client secret.
pub async fn client_session(
    state: &AppState,
    headers: &HeaderMap,
    id: &str,
) -> Result<SessionRecord, AppError> {
    let token = bearer(headers)
        .ok_or_else(|| AppError::unauthorized("expected Authorization: Bearer <client secret>"))?;
    let s = load(state, id).await?;
    if !ids::secret_matches_hash(token, &s.client_secret_hash) {
        return Err(AppError::unauthorized(
            "wrong client secret for this session",
        ));
    }
    Ok(s)
}

/// The session `id` for its owning merchant or its hosted page.
pub async fn merchant_or_client_session(
    state: &AppState,
    headers: &HeaderMap,
    id: &str,
) -> Result<SessionRecord, AppError> {
    match bearer(headers) {
        Some(t) if t.starts_with(CLIENT_SECRET_PREFIX) => client_session(state, headers, id).await,
        Some(t) => {
            let m = merchant_for_key(state, t)
                .await?
                .ok_or_else(|| AppError::unauthorized("unknown merchant key"))?;
            merchant_session(state, &Merchant(m), id).await
        }
        None => Err(AppError::unauthorized(
            "expected Authorization: Bearer <merchant secret or client secret>",
        )),
    }
}
