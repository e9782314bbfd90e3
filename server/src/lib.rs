//! `checkout-server`: the acquirer backend of the Klarna hosted checkout.
//!
//! It creates checkout sessions for merchants, serves the hosted page with
//! strict security headers, proxies Klarna's payment authorization (or the
//! offline sandbox), takes the page's result reports idempotently and
//! verifies Klarna's webhooks. Storage sits behind [`store::Store`].
//!
//! The HTTP surface is [`app`]; `main.rs` only reads settings and serves it.

#![warn(missing_docs)]

pub mod auth;
pub mod auth_throttle;
pub mod clock;
pub mod csp;
pub mod detached;
pub mod egress;
pub mod error;
pub mod faults;
pub mod identity;
pub mod ids;
pub mod jobs;
pub mod json_keys;
pub mod klarna;
pub mod lifecycle;
pub mod merchants;
pub mod openapi;
pub mod ops;
pub mod payments;
pub mod ratelimit;
pub mod routes;
pub mod sandbox;
pub mod serve;
pub mod sessions;
pub mod settings;
pub mod state;
pub mod store;
pub mod subscription;
pub mod webhook;

pub use settings::Settings;
pub use state::AppState;

/// Builds the whole HTTP application (API, hosted page, static files, sandbox).
pub fn app(state: AppState) -> axum::Router {
    routes::router(state)
}
