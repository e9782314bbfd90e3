//! Authorizing a session with a network session token Klarna gave the
//! merchant's page, with no hosted page (`POST /v1/sessions/{id}/authorize`):
//! the completed payment request of an express checkout (its final
//! authorization, [`finalize`](mod@super::finalize)), or the token of a shopper
//! Klarna already knows (an initial authorization, which may ask for a
//! step-up journey).

use super::{authorize, finalize};
use crate::clock;
use crate::error::AppError;
use crate::state::AppState;
use crate::store::SessionRecord;
use checkout_core::api::{AuthorizeOutcome, AuthorizeRequest};
use checkout_core::express::{CustomerProfile, Shipping};
use checkout_core::fields::Fields;
use checkout_core::session::check_token_value;
use checkout_core::state::SessionState;
use serde::Serialize;
use serde_json::Value;

/// A validated `POST /v1/sessions/{id}/authorize` body.
#[derive(Debug, Clone, PartialEq, Eq, utoipa::ToSchema)]
pub struct TokenAuthorizeRequest {
    /// The token Klarna issued (`stateContext.klarnaNetworkSessionToken`).
    #[schema(min_length = 1, max_length = 8192, pattern = "^[!-~]+$")]
    pub klarna_network_session_token: String,
    /// The completed payment request of an express checkout.
    #[schema(min_length = 1, max_length = 255)]
    pub payment_request_id: Option<String>,
}

/// Reads the body, naming every bad field (unknown ones too).
pub fn read(body: &Value) -> Result<TokenAuthorizeRequest, AppError> {
    let mut errors = Vec::new();
    let Some(mut f) = Fields::new(body, "", &mut errors) else {
        return Err(AppError::invalid(errors));
    };
    let token = f
        .string("klarna_network_session_token", true)
        .map(str::to_string);
    if let Some(Err(reason)) = token.as_deref().map(check_token_value) {
        f.fail("klarna_network_session_token", reason);
    }
    let pr = f.string("payment_request_id", false).map(str::to_string);
    if pr
        .as_ref()
        .is_some_and(|p| p.is_empty() || p.len() > 255 || p.chars().any(char::is_control))
    {
        f.fail(
            "payment_request_id",
            "expected Klarna's payment request id (1 to 255 characters)",
        );
    }
    f.finish(&mut errors);
    match token {
        Some(klarna_network_session_token) if errors.is_empty() => Ok(TokenAuthorizeRequest {
            klarna_network_session_token,
            payment_request_id: pr,
        }),
        _ => Err(AppError::invalid(errors)),
    }
}

/// The answer: Klarna's outcome, the session's state and, once approved,
/// what Klarna shared about the shopper.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct TokenAuthorization {
    /// `APPROVED`, `DECLINED` or `STEP_UP_REQUIRED`.
    #[serde(flatten)]
    pub outcome: AuthorizeOutcome,
    /// The session's state afterwards.
    pub state: SessionState,
    /// The authorization, once approved (amount, currency, transaction).
    #[schema(value_type = checkout_core::api::Authorization, required = false)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authorization: Option<checkout_core::api::Authorization>,
    /// The customer profile Klarna shared (express).
    #[schema(value_type = CustomerProfile, required = false)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_profile: Option<CustomerProfile>,
    /// The shipping Klarna collected (express).
    #[schema(value_type = Shipping, required = false)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shipping: Option<Shipping>,
}

fn answer(session: SessionRecord, outcome: AuthorizeOutcome) -> TokenAuthorization {
    TokenAuthorization {
        outcome,
        state: session.state_at(clock::now()),
        authorization: session.authorization,
        customer_profile: session.data.customer_profile,
        shipping: session.data.shipping,
    }
}

/// Runs the authorization `req` asks for on session `id` (the caller has
/// checked the credentials), under the session's payment lock.
pub async fn run(
    state: &AppState,
    id: &str,
    req: TokenAuthorizeRequest,
) -> Result<TokenAuthorization, AppError> {
    let load = || async {
        state
            .store
            .session(id)
            .await?
            .ok_or_else(|| AppError::not_found(format!("no session {id}")))
    };
    let token = req.klarna_network_session_token;
    let Some(pr) = req.payment_request_id else {
        return super::idempotency::exclusive(state, id, || async {
            let session = load().await?;
            let request = AuthorizeRequest {
                klarna_network_session_token: Some(token),
                payment_option_id: None,
            };
            let outcome = authorize(state, session, request).await?;
            Ok(answer(load().await?, outcome))
        })
        .await;
    };
    // Klarna's `completed` webhook may have finalized it first (it races the page).
    if let Some(done) = settled(state, load().await?, &pr).await? {
        return Ok(done);
    }
    match finalize(state, id, &pr, &token, "authorize").await {
        Ok(fresh) => Ok(outcome_of(fresh)),
        Err(e) if e.status == axum::http::StatusCode::CONFLICT => {
            settled(state, load().await?, &pr).await?.ok_or(e)
        }
        Err(e) => Err(e),
    }
}

/// For a session already authorized or declined: the outcome when payment
/// request `pr` is the one that settled it, `409` when another payment did.
async fn settled(
    state: &AppState,
    session: SessionRecord,
    pr: &str,
) -> Result<Option<TokenAuthorization>, AppError> {
    if !matches!(
        session.state,
        SessionState::Authorized | SessionState::Declined
    ) {
        return Ok(None);
    }
    let ours = state.store.payment_request(pr).await?;
    if ours.is_none_or(|p| p.session_id != session.id) {
        return Err(AppError::conflict_at(
            "payment_request_id",
            format!(
                "session {} is already {} by another payment",
                session.id,
                session.state.as_str()
            ),
        ));
    }
    Ok(Some(outcome_of(session)))
}

/// The answer for a session whose final authorization ran (or that an
/// earlier run of the same request settled).
pub(crate) fn outcome_of(fresh: SessionRecord) -> TokenAuthorization {
    let outcome = match (&fresh.state, &fresh.authorization) {
        (SessionState::Authorized, Some(a)) => AuthorizeOutcome::Approved {
            payment_transaction_id: a.payment_transaction_id.clone(),
            return_url: fresh.data.return_url.clone(),
        },
        _ => AuthorizeOutcome::Declined { reason: None },
    };
    answer(fresh, outcome)
}
