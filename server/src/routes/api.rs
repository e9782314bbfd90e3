//! The API's routes in groups, each an [`OpenApiRouter`]: the router and the
//! OpenAPI document come from the same `#[utoipa::path]` attributes of the
//! handlers, so no route can be served undocumented or documented unserved.
//! [`super::router`] layers each group; [`crate::openapi::document`] merges
//! their documents.

use super::{
    admin, admin_events, admin_klarna, authorize, erase, hosted, identity, messaging,
    network_token, notifications, payments, session_cors, sessions, webhooks,
};
use crate::state::AppState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The merchant API: sessions and the payment after authorization.
pub fn merchant() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(sessions::create, sessions::list))
        .routes(routes!(sessions::get, sessions::patch))
        .routes(routes!(payments::capture))
        .routes(routes!(payments::refund))
        .routes(routes!(payments::void))
        .routes(routes!(payments::cancel))
        .routes(routes!(erase::erase))
        .routes(routes!(identity::verify))
}

/// Called from the merchant's page too (express checkout, the hosted config):
/// the router adds CORS for the session's allowed origins.
pub fn page() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(
            authorize::token_authorize,
            session_cors::authorize_preflight
        ))
        .routes(routes!(hosted::config, session_cors::config_preflight))
}

/// Merchant notifications: webhook endpoints and events.
pub fn notifications() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(notifications::create, notifications::list))
        .routes(routes!(notifications::delete))
        .routes(routes!(notifications::events))
        .routes(routes!(notifications::event))
        .routes(routes!(notifications::redeliver))
}

/// The hosted page's API (client secret; the network token also takes the merchant's).
pub fn hosted() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(network_token::submit))
        .routes(routes!(hosted::authorize))
        .routes(routes!(hosted::confirm))
        .routes(routes!(hosted::presentation))
        .routes(routes!(hosted::result))
}

/// Klarna's webhooks.
pub fn webhooks() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(webhooks::klarna))
}

/// On-site messaging settings (public).
pub fn messaging() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(messaging::config, messaging::preflight))
}

/// The operator API (`/v1/admin/…`, issue 18).
pub fn operator() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(admin::create, admin::list))
        .routes(routes!(admin::get, admin::patch, admin::offboard))
        .routes(routes!(admin::create_key, admin::list_keys))
        .routes(routes!(admin::revoke_key))
        .routes(routes!(admin_events::list))
        .routes(routes!(admin_events::get))
        .routes(routes!(admin_events::redeliver))
        .routes(routes!(admin_klarna::get, admin_klarna::ensure))
        .routes(routes!(admin_klarna::rotate))
        .routes(routes!(admin_klarna::simulate))
}

/// The document itself.
pub fn meta() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(crate::openapi::serve))
}
