//! `POST /v1/sessions` with `klarna_network_session_token` and
//! `"authorize": true`: the session is created and authorized with the
//! token at once (a returning shopper Klarna already knows, from the
//! merchant's server), on the same code path as
//! `POST /v1/sessions/{id}/authorize` ([`token::run`]).
//!
//! Crash safety: with an `Idempotency-Key`, the session id is derived from
//! the merchant and the key (keyed with a secret the instances share), so a retry after a crash between creating and
//! answering finds the session it made and authorizes THAT one again, which
//! Klarna answers as a replay (its `Klarna-Idempotency-Key` is derived from
//! the session id and the request): never a second session, never a second
//! transaction.

use super::token::{self, TokenAuthorization, TokenAuthorizeRequest};
use crate::error::AppError;
use crate::state::AppState;
use crate::store::SessionRecord;
use crate::{clock, ids};
use checkout_core::api::CreatedSession;
use checkout_core::errors::ApiError;
use checkout_core::errors::FieldError;
use checkout_core::session::NewSession;
use checkout_core::state::SessionState;
use serde::Serialize;
use serde_json::Value;

/// The body field asking for the authorization.
pub const FIELD: &str = "authorize";

/// Answer of a create with `"authorize": true`: `201` with the session,
/// and either Klarna's `outcome` or, when the authorization could not be
/// run, `authorize_error` (the session exists then: authorize it with
/// `POST /v1/sessions/{id}/authorize`).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CreatedAndAuthorized {
    /// Session id.
    pub id: String,
    /// The client secret; absent only in an answer recovered after a crash
    /// (the secret is stored hashed): the merchant's key does everything.
    #[schema(value_type = String, required = false)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<String>,
    /// The hosted page's URL (absent with `client_secret`).
    #[schema(value_type = String, required = false)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hosted_url: Option<String>,
    /// The session's state after the authorization.
    pub state: SessionState,
    /// When the session expires.
    pub expires_at: String,
    /// The authorization's answer (what `POST /v1/sessions/{id}/authorize`
    /// answers): `APPROVED`, `DECLINED` or `STEP_UP_REQUIRED` with Klarna's
    /// journey URL.
    #[schema(value_type = TokenAuthorization, required = false)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcome: Option<TokenAuthorization>,
    /// Why the authorization could not be run (status and error object).
    #[schema(value_type = AuthorizeError, required = false)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authorize_error: Option<AuthorizeError>,
}

/// An authorization that could not be run.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AuthorizeError {
    /// The HTTP status `POST …/authorize` would have answered.
    pub status: u16,
    /// The error object.
    pub error: ApiError,
}

/// Takes `authorize` out of a create body: `Ok(true)` when it asks for the
/// authorization. Errors name the field.
pub fn take_flag(body: &mut Value) -> Result<bool, FieldError> {
    let Some(v) = body.as_object_mut().and_then(|o| o.remove(FIELD)) else {
        return Ok(false);
    };
    v.as_bool()
        .ok_or_else(|| FieldError::new(FIELD, "expected true or false"))
}

/// The field error when `authorize` is asked for without a token.
pub fn check_token(data: &NewSession) -> Option<FieldError> {
    data.klarna_network_session_token.is_none().then(|| {
        FieldError::new(
            "klarna_network_session_token",
            "is required with \"authorize\": true",
        )
    })
}

/// Name of the shared secret keyed into derived session ids.
const ID_SECRET: &str = "create_authorize.session_id_key";

/// The session id of a create: derived from the merchant and the
/// `Idempotency-Key` when there is one (see the module doc), else random.
/// The derivation is keyed with a secret every instance shares (128 random
/// bits, generated once in the store): an id anyone could compute from a
/// merchant id and an order number would open the session's payment link
/// and return redirect to whoever guessed it (real-client tester).
pub async fn session_id(
    state: &AppState,
    merchant_id: &str,
    key: Option<&str>,
) -> Result<String, AppError> {
    let Some(k) = key else {
        return Ok(ids::session_id());
    };
    let secret = state
        .store
        .shared_value(ID_SECRET, &ids::random_hex(16))
        .await?;
    let h = ids::sha256_hex(format!("create-authorize\n{secret}\n{merchant_id}\n{k}").as_bytes());
    Ok(format!("hcs_{}", &h[..32]))
}

/// Creates (or, after a crash, finds) the session and authorizes it.
pub async fn run(
    state: &AppState,
    merchant_id: &str,
    data: NewSession,
    key: Option<&str>,
) -> Result<CreatedAndAuthorized, AppError> {
    let id = session_id(state, merchant_id, key).await?;
    let token = data
        .klarna_network_session_token
        .clone()
        .unwrap_or_default();
    let (client_secret, hosted_url, expires_at) = match state.store.session(&id).await? {
        // An earlier run settled it and its answer was lost: that answer again.
        Some(done)
            if matches!(
                done.state,
                SessionState::Authorized | SessionState::Declined
            ) =>
        {
            let (_, _, expires_at) = recovered(&done, merchant_id)?;
            let outcome = token::outcome_of(done);
            return Ok(CreatedAndAuthorized {
                id,
                client_secret: None,
                hosted_url: None,
                state: outcome.state,
                expires_at,
                outcome: Some(outcome),
                authorize_error: None,
            });
        }
        Some(existing) => recovered(&existing, merchant_id)?,
        None => {
            let c: CreatedSession =
                crate::sessions::insert_with_id(state, merchant_id, id.clone(), data).await?;
            (Some(c.client_secret), Some(c.hosted_url), c.expires_at)
        }
    };
    let req = TokenAuthorizeRequest {
        klarna_network_session_token: token,
        payment_request_id: None,
    };
    let (outcome, authorize_error) = match token::run(state, &id, req).await {
        Ok(o) => (Some(o), None),
        Err(e) => {
            tracing::warn!(session = %id, error = %e.error.message, "authorize at creation failed");
            let err = AuthorizeError {
                status: e.status.as_u16(),
                error: e.error,
            };
            (None, Some(err))
        }
    };
    let now_state = match &outcome {
        Some(o) => o.state,
        None => state
            .store
            .session(&id)
            .await?
            .map_or(SessionState::Open, |s| s.state_at(clock::now())),
    };
    Ok(CreatedAndAuthorized {
        id,
        client_secret,
        hosted_url,
        state: now_state,
        expires_at,
        outcome,
        authorize_error,
    })
}

type Created = (Option<String>, Option<String>, String);

/// The session a crashed earlier run of the same request created.
fn recovered(existing: &SessionRecord, merchant_id: &str) -> Result<Created, AppError> {
    if existing.merchant_id != merchant_id {
        return Err(AppError::internal("derived session id already taken"));
    }
    tracing::info!(session = %existing.id, "create with authorize resumed after a lost answer");
    Ok((None, None, clock::format(existing.expires_at)))
}
