//! The router: merchant API, hosted-page API, webhooks, pages and static
//! files, the sandbox's browser-facing endpoints, and the layers around them
//! (request log, compression, cache and type headers, `nosniff`).

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
pub mod admin_klarna;
pub mod authorize;
pub mod demo;
pub mod demo_express;
pub mod hosted;
pub mod identity;
pub mod limits;
pub mod messaging;
pub mod notifications;
pub mod pages;
pub mod payments;
pub mod sandbox;
pub mod session_cors;
pub mod sessions;
pub mod static_files;
pub mod webhooks;

async fn not_found() -> AppError {
    AppError::not_found("no such resource")
}

async fn method_not_allowed() -> AppError {
    let mut e = AppError::invalid_field("$", "this method is not allowed on this path");
    e.status = axum::http::StatusCode::METHOD_NOT_ALLOWED;
    e.error.message = "method not allowed".into();
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
    let merchant = Router::new()
        .route("/v1/identity/verify", post(identity::verify))
        .route("/v1/sessions", post(sessions::create))
        .route(
            "/v1/sessions/{id}",
            get(sessions::get).patch(sessions::patch),
        )
        .route("/v1/sessions/{id}/captures", post(payments::capture))
        .route("/v1/sessions/{id}/refunds", post(payments::refund))
        .route("/v1/sessions/{id}/void", post(payments::void))
        .route("/v1/sessions/{id}/cancel", post(payments::cancel));
    let hosted_api = Router::new()
        .route(
            "/v1/sessions/{id}/network-token",
            post(sessions::network_token),
        )
        .route(
            "/v1/sessions/{id}/klarna/authorize",
            post(hosted::authorize),
        )
        .route("/v1/sessions/{id}/klarna/confirm", post(hosted::confirm))
        .route(
            "/v1/sessions/{id}/klarna/presentation",
            get(hosted::presentation),
        )
        .route("/v1/sessions/{id}/result", post(hosted::result));
    // Called from the merchant's own page too (express checkout): CORS for the session's origins.
    let page_api = Router::new()
        .route(
            "/v1/sessions/{id}/authorize",
            post(authorize::token_authorize).options(session_cors::preflight),
        )
        .route(
            "/v1/sessions/{id}/config",
            get(hosted::config).options(session_cors::preflight),
        )
        .layer(middleware::from_fn_with_state(
            state.clone(),
            session_cors::layer,
        ));
    let admin = Router::new()
        .route("/v1/admin/merchants", post(admin::create).get(admin::list))
        .route(
            "/v1/admin/merchants/{id}",
            get(admin::get).patch(admin::patch).delete(admin::offboard),
        )
        .route(
            "/v1/admin/merchants/{id}/keys",
            post(admin::create_key).get(admin::list_keys),
        )
        .route(
            "/v1/admin/merchants/{id}/keys/{key_id}",
            axum::routing::delete(admin::revoke_key),
        )
        .route(
            "/v1/admin/klarna/webhook-subscription",
            get(admin_klarna::get).post(admin_klarna::ensure),
        )
        .route(
            "/v1/admin/klarna/webhook-subscription/rotate",
            post(admin_klarna::rotate),
        )
        .route(
            "/v1/admin/klarna/webhook-subscription/simulate",
            post(admin_klarna::simulate),
        )
        .layer(DefaultBodyLimit::max(limits::MERCHANT_BODY));
    let webhook = Router::new().route("/v1/webhooks/klarna", post(webhooks::klarna));
    let notifications = Router::new()
        .route(
            "/v1/webhook-endpoints",
            post(notifications::create).get(notifications::list),
        )
        .route(
            "/v1/webhook-endpoints/{id}",
            axum::routing::delete(notifications::delete),
        )
        .route("/v1/events", get(notifications::events))
        .route("/v1/events/{id}", get(notifications::event))
        .route("/v1/events/{id}/redeliver", post(notifications::redeliver));
    let messaging_api = Router::new().route(
        "/v1/messaging/config",
        get(messaging::config).options(messaging::preflight),
    );
    let merchant = merchant.layer(DefaultBodyLimit::max(limits::MERCHANT_BODY));
    let notifications = notifications.layer(DefaultBodyLimit::max(limits::MERCHANT_BODY));
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
        .with_state(state)
}
