//! Storing a new session: its id, client secret, expiry and hosted page URL.
//! Shared by the merchant API (`POST /v1/sessions`), create-and-authorize
//! ([`crate::payments::create_authorize`]) and the sandbox's demo backends.

use crate::error::AppError;
use crate::state::AppState;
use crate::store::SessionRecord;
use crate::{clock, ids};
use checkout_core::api::CreatedSession;
use checkout_core::session::NewSession;
use checkout_core::state::SessionState;

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
        asked_at: None,
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
