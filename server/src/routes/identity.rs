//! Sign in with Klarna: `POST /v1/identity/verify` (merchant API) checks an
//! id token from Klarna's identity button before the merchant trusts it; in
//! sandbox mode the emulated Klarna's identity provider publishes its keys
//! and signs the tokens of the emulated sign-in journey.

use crate::auth::Merchant;
use crate::error::{ApiJson, AppError};
use crate::identity::{verify as verify_token, IdentityError};
use crate::sandbox::SandboxIssuer;
use crate::state::AppState;
use axum::extract::State;
use axum::Json;
use checkout_core::fields::Fields;
use serde_json::{json, Value};
use time::OffsetDateTime;

fn read_token(body: &Value) -> Result<String, AppError> {
    let mut errors = Vec::new();
    let Some(mut f) = Fields::new(body, "", &mut errors) else {
        return Err(AppError::invalid(errors));
    };
    let token = f.string("id_token", true).map(str::to_string);
    f.finish(&mut errors);
    match token {
        Some(t) if errors.is_empty() => Ok(t),
        _ => Err(AppError::invalid(errors)),
    }
}

/// The body of `POST /v1/identity/verify` (read by `read_token`; this type
/// only describes it in the OpenAPI document).
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct VerifyRequest {
    /// The id token (a JWT) Sign in with Klarna handed the page.
    #[schema(min_length = 1, max_length = 8192)]
    pub id_token: String,
}

/// `POST /v1/identity/verify` `{id_token}` → the verified subject and claims,
/// or `400` naming `id_token` and why it can't be trusted.
#[utoipa::path(post, path = "/v1/identity/verify", tag = "sessions", operation_id = "verifyKlarnaIdentity",
    request_body(content = VerifyRequest, description = "the token Sign in with Klarna gave the merchant's page"),
    responses((status = 200, description = "the verified subject, issuer, audience, expiry, profile and claims", body = Object), crate::openapi::shared::Errors),
    security(("merchant_key" = [])))]
pub async fn verify(
    State(state): State<AppState>,
    _merchant: Merchant,
    ApiJson(body): ApiJson<Value>,
) -> Result<Json<Value>, AppError> {
    let token = read_token(&body)?;
    let k = &state.settings.klarna;
    let v = verify_token(
        &token,
        state.identity_keys.as_ref(),
        &k.identity_issuer,
        &k.identity_audience,
    )
    .await
    .map_err(|e| match e {
        IdentityError::Rejected(reason) => AppError::invalid_field("id_token", reason),
        IdentityError::Upstream(reason) => {
            AppError::upstream(format!("Klarna's identity keys: {reason}"))
        }
    })?;
    let expires_at = OffsetDateTime::from_unix_timestamp(v.expires_at)
        .map(crate::clock::format)
        .unwrap_or_default();
    Ok(Json(json!({
        "verified": true,
        "subject": v.subject,
        "issuer": k.identity_issuer,
        "audience": k.identity_audience,
        "expires_at": expires_at,
        "profile": v.profile,
        "claims": v.claims,
    })))
}

async fn issuer(state: &AppState) -> Result<SandboxIssuer, AppError> {
    Ok(SandboxIssuer::load(state.store.as_ref(), &state.settings.klarna.identity_issuer).await?)
}

/// `GET /sandbox/klarna/identity/.well-known/openid-configuration` (sandbox).
pub async fn sandbox_discovery(State(state): State<AppState>) -> Result<Json<Value>, AppError> {
    Ok(Json(issuer(&state).await?.discovery()))
}

/// `GET /sandbox/klarna/identity/jwks.json` (sandbox): the published key.
pub async fn sandbox_jwks(State(state): State<AppState>) -> Result<Json<Value>, AppError> {
    Ok(Json(issuer(&state).await?.jwks()))
}

/// `POST /sandbox/klarna/identity/sign-in` (sandbox): the emulated journey's
/// end; answers the id token, a refresh token, a network session token and
/// the shared profile.
pub async fn sandbox_sign_in(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<Value>,
) -> Result<Json<Value>, AppError> {
    Ok(Json(issuer(&state).await?.sign_in(&body)?))
}
