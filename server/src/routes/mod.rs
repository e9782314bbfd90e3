//! The router: merchant API, hosted-page API, webhooks, pages and static
//! files, the sandbox's browser-facing endpoints, and the layers around them
//! (request log, compression, cache and type headers, `nosniff`).

use crate::error::AppError;
use crate::state::AppState;
use axum::http::{header, HeaderValue};
use axum::routing::{any, get, post};
use axum::{middleware, Router};
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

pub mod demo;
pub mod hosted;
pub mod pages;
pub mod sandbox;
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
pub fn router(state: AppState) -> Router {
    let www = state.settings.www_dir.clone();
    let mut r = Router::new()
        .route("/v1/sessions", post(sessions::create))
        .route(
            "/v1/sessions/{id}",
            get(sessions::get).patch(sessions::patch),
        )
        .route(
            "/v1/sessions/{id}/network-token",
            post(sessions::network_token),
        )
        .route("/v1/sessions/{id}/config", get(hosted::config))
        .route(
            "/v1/sessions/{id}/klarna/authorize",
            post(hosted::authorize),
        )
        .route(
            "/v1/sessions/{id}/klarna/presentation",
            get(hosted::presentation),
        )
        .route("/v1/sessions/{id}/result", post(hosted::result))
        .route("/v1/webhooks/klarna", post(webhooks::klarna))
        .route("/v1/{*rest}", any(not_found))
        .route("/hpp/{id}", get(pages::hosted_page))
        .route("/hpp.html", any(not_found));
    if state.settings.is_sandbox() {
        r = r
            .route("/", get(pages::demo_index))
            .route("/demo/return", get(pages::demo_return))
            .route("/demo/sessions", post(demo::create))
            .route("/sandbox/klarna/payment-requests/{id}", get(sandbox::view))
            .route(
                "/sandbox/klarna/payment-requests/{id}/complete",
                post(sandbox::complete),
            )
            .route(
                "/sandbox/klarna/payment-requests/{id}/cancel",
                post(sandbox::cancel),
            );
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
        .fallback_service(ServeDir::new(www))
        .layer(middleware::from_fn(static_files::headers))
        .layer(CompressionLayer::new())
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(middleware::from_fn(static_files::log))
        .with_state(state)
}
