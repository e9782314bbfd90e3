//! The operator API's authentication: `Authorization: Bearer <admin key>`
//! with a key of `CHECKOUT_ADMIN_KEYS`, compared in constant time against
//! every configured key.

use crate::auth::bearer;
use crate::error::AppError;
use crate::ids;
use crate::state::AppState;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;

/// An authenticated operator (extractor); holds the key's id for logs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operator(pub String);

impl FromRequestParts<AppState> for Operator {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let token = bearer(&parts.headers)
            .ok_or_else(|| AppError::unauthorized("expected Authorization: Bearer <admin key>"))?;
        let mut found = None;
        for k in &state.settings.operator.admin_keys {
            if ids::secrets_equal(k.secret.expose(), token) {
                found = Some(k.key_id.clone());
            }
        }
        found
            .map(Operator)
            .ok_or_else(|| AppError::unauthorized("unknown admin key (CHECKOUT_ADMIN_KEYS)"))
    }
}
