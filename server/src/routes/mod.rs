//! The router: merchant API, hosted-page API, webhooks, pages and static
//! files, the sandbox's browser-facing endpoints, and the layers around them
//! (request log, compression, cache and type headers, `nosniff`, and the
//! task that keeps a state-changing request running after its client hung
//! up: [`crate::detached`]).

use crate::auth_throttle;
use crate::error::AppError;
use crate::faults::{self, FaultTarget};
use crate::ops::{health, metrics as ops_metrics, request_id};
use crate::ratelimit::{self, RouteGroup};
use crate::state::AppState;
use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue};
use axum::routing::{any, get, post};
use axum::{middleware, Router};
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

pub mod admin;
pub mod admin_events;
pub mod admin_klarna;
pub mod api;
pub mod authorize;
pub mod demo;
pub mod demo_express;
pub mod demo_inbox;
pub mod erase;
pub mod hidden;
pub mod hosted;
pub mod identity;
pub mod limits;
pub mod messaging;
pub mod network_token;
pub mod notifications;
pub mod pages;
pub mod payments;
pub mod preloads;
pub mod sandbox;
pub mod session_cors;
pub mod sessions;
pub mod static_files;
pub mod webhooks;

async fn not_found() -> AppError {
    AppError::not_found("no such resource")
}

/// `405` naming the method; axum adds the `Allow` header with the path's
/// methods.
async fn method_not_allowed(method: axum::http::Method) -> AppError {
    let reason =
        format!("{method} is not a method of this path; the Allow header lists its methods");
    let mut e = AppError::invalid_field("$", reason.clone());
    e.status = axum::http::StatusCode::METHOD_NOT_ALLOWED;
    e.error.message = reason;
    e
}

/// Builds the application router for `state`.
///
/// Routes come in groups, each with its layers: the hosted-page API and the
/// other public endpoints are rate limited per client ([`crate::ratelimit`]);
/// fault injection ([`crate::faults`]) wraps the groups `CHECKOUT_FAULTS`
/// names, and only ever in sandbox mode.
pub fn router(state: AppState) -> Router {
    let www = state.settings.www_dir.clone();
    let sandbox = state.settings.is_sandbox();
    let faults = state.settings.faults.as_ref().filter(|_| sandbox);
    let guard = |r: Router<AppState>, target: Option<FaultTarget>, group: Option<RouteGroup>| {
        let r = match target {
            Some(t) => faults::layer(r, faults, t),
            None => r,
        };
        match group {
            Some(g) => ratelimit::layer(r, &state, g),
            None => r,
        }
    };
    // The API groups come with their OpenAPI document (`api`); only the routers are used here.
    let part = |g: utoipa_axum::router::OpenApiRouter<AppState>| g.split_for_parts().0;
    let merchant = part(api::merchant());
    let notifications = part(api::notifications());
    let hosted_api = part(api::hosted());
    let webhook = part(api::webhooks());
    let messaging_api = part(api::messaging());
    let admin = part(api::operator()).layer(DefaultBodyLimit::max(limits::MERCHANT_BODY));
    // Called from the merchant's own page too (express checkout): CORS for the session's origins.
    let page_api = part(api::page()).layer(middleware::from_fn_with_state(
        state.clone(),
        session_cors::layer,
    ));
    let merchant = merchant.layer(DefaultBodyLimit::max(limits::MERCHANT_BODY));
    let notifications = notifications.layer(DefaultBodyLimit::max(limits::MERCHANT_BODY));
    // Keys guessed online: failed authentications are throttled per client.
    let (merchant, notifications, admin) = (
        auth_throttle::layer(merchant, &state),
        auth_throttle::layer(notifications, &state),
        auth_throttle::layer(admin, &state),
    );
    let hosted_api = hosted_api.layer(DefaultBodyLimit::max(limits::HOSTED_BODY));
    let webhook = webhook.layer(DefaultBodyLimit::max(limits::WEBHOOK_BODY));
    let mut r = Router::new()
        .merge(guard(merchant, Some(FaultTarget::Merchant), None))
        .merge(admin)
        .merge(guard(notifications, Some(FaultTarget::Merchant), None))
        .merge(guard(
            hosted_api,
            Some(FaultTarget::Hosted),
            Some(RouteGroup::Hosted),
        ))
        .merge(guard(
            page_api,
            Some(FaultTarget::Hosted),
            Some(RouteGroup::Hosted),
        ))
        .merge(guard(
            webhook,
            Some(FaultTarget::Webhooks),
            Some(RouteGroup::Webhooks),
        ))
        .merge(guard(messaging_api, None, Some(RouteGroup::Messaging)))
        .merge(part(api::meta()))
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/v1/{*rest}", any(not_found))
        .route("/hpp/{id}", get(pages::hosted_page))
        .route("/hpp/{id}/return", get(pages::return_to_shop))
        .route("/hpp.html", any(not_found));
    if sandbox {
        let demo_api = Router::new()
            .route("/demo/sessions", post(demo::create))
            .route(
                "/demo/api/express/sessions",
                post(demo_express::create_session),
            )
            .route("/demo/api/express/shipping", post(demo_express::shipping))
            .route("/demo/api/signin", post(demo_express::signin))
            .layer(DefaultBodyLimit::max(limits::DEMO_BODY));
        let demo_inbox = Router::new()
            .route(
                demo_inbox::RECEIVER_PATH,
                post(demo_inbox::receive).get(demo_inbox::list),
            )
            .layer(DefaultBodyLimit::max(limits::NOTIFICATION_BODY));
        let sandbox_api = Router::new()
            .route("/sandbox/klarna/requests", get(sandbox::requests))
            .route(
                "/sandbox/klarna/payment-requests",
                post(sandbox::create_express),
            )
            .route(
                "/sandbox/klarna/identity/.well-known/openid-configuration",
                get(identity::sandbox_discovery),
            )
            .route(
                "/sandbox/klarna/identity/jwks.json",
                get(identity::sandbox_jwks),
            )
            .route(
                "/sandbox/klarna/identity/sign-in",
                post(identity::sandbox_sign_in),
            )
            .route(
                "/sandbox/clock",
                get(sandbox::clock).post(sandbox::move_clock),
            )
            .route(
                "/sandbox/klarna/transactions/{id}",
                get(sandbox::transaction),
            )
            .route("/sandbox/klarna/payment-requests/{id}", get(sandbox::view))
            .route(
                "/sandbox/klarna/payment-requests/{id}/complete",
                post(sandbox::complete),
            )
            .route(
                "/sandbox/klarna/payment-requests/{id}/cancel",
                post(sandbox::cancel),
            )
            .route(
                "/sandbox/klarna/payment-requests/{id}/decline",
                post(sandbox::decline),
            );
        r = r
            .route("/", get(pages::demo_index))
            .route("/demo/return", get(pages::demo_return))
            .merge(guard(demo_api, None, Some(RouteGroup::Demo)))
            .merge(demo_inbox)
            .merge(guard(sandbox_api, None, Some(RouteGroup::Sandbox)));
    } else {
        for path in [
            "/",
            "/demo",
            "/demo/{*rest}",
            "/sandbox",
            "/sandbox/{*rest}",
        ] {
            r = r.route(path, any(not_found));
        }
    }
    r.method_not_allowed_fallback(method_not_allowed)
        .fallback_service(
            // Build-time `.br`/`.gz` siblings (scripts/publish-assets.mjs) are sent as they are;
            // other files are compressed per request by the layer below.
            ServeDir::new(www).precompressed_br().precompressed_gzip(),
        )
        .layer(middleware::from_fn_with_state(sandbox, hidden::layer))
        .layer(middleware::from_fn(limits::json_errors))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            static_files::headers,
        ))
        .layer(CompressionLayer::new())
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(middleware::from_fn(ops_metrics::track))
        .layer(middleware::from_fn(static_files::log))
        .layer(middleware::from_fn(request_id::layer))
        .layer(middleware::from_fn_with_state(
            state.detached.clone(),
            crate::detached::layer,
        ))
        .with_state(state)
}
