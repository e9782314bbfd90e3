//! `GET /openapi.json`: the OpenAPI 3.1 document of the merchant API, the
//! hosted page's API, the notifications and Klarna's webhook intake,
//! generated with `utoipa` from the handlers' `#[utoipa::path]` attributes
//! (the same ones that route them, [`crate::routes::api`]) and the wire
//! types of `checkout-core` (its `openapi` feature). Nothing in it is
//! written by hand but the prose and the links between operations.

use crate::routes::api;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use std::sync::OnceLock;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::OpenApi;
use utoipa::{Modify, OpenApi as _};

mod closed;
mod links;
mod merged;
mod notification;
pub mod shared;

pub use shared::{
    AckStatus, EmptyBody, Errors, IdempotencyKey, RequiredIdempotencyKey, WebhookAck,
};

/// The bearer schemes: the merchant's secret and the session's client secret.
struct Security;

impl Modify for Security {
    fn modify(&self, doc: &mut OpenApi) {
        let components = doc.components.get_or_insert_with(Default::default);
        let bearer = |what: &str| {
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(what.to_string()))
                    .build(),
            )
        };
        components.add_security_scheme(
            "merchant_key",
            bearer("The merchant's secret (`CHECKOUT_MERCHANT_KEYS`; `sk_test_demo` for the sandbox's demo merchant)"),
        );
        components.add_security_scheme(
            "admin_key",
            bearer("An operator key (`CHECKOUT_ADMIN_KEYS`; the sandbox's demo operator key when none is set)"),
        );
        components.add_security_scheme(
            "client_secret",
            bearer("The session's client secret (`hcs_secret_…`, from `POST /v1/sessions`)"),
        );
    }
}

#[derive(utoipa::OpenApi)]
#[openapi(
    info(
        title = "klarna-hosted-checkout: checkout-server",
        description = "The merchant API (sessions, captures, refunds, voids, cancels, notifications), the hosted page's API and Klarna's webhook intake. JSON is snake_case, money is integer minor units, times are RFC 3339 UTC. Every error is `{\"error\": {\"code\", \"message\", \"fields\"}}`. Mutating merchant calls honour `Idempotency-Key`. See docs/http-api.md.",
    ),
    modifiers(&Security),
    components(schemas(checkout_core::events::Notification, checkout_core::errors::ErrorBody)),
    tags(
        (name = "sessions", description = "Merchant API: checkout sessions"),
        (name = "payments", description = "Merchant API: the payment after authorization"),
        (name = "notifications", description = "Merchant API: webhook endpoints and events"),
        (name = "hosted", description = "The hosted page's API (client secret)"),
        (name = "klarna", description = "Klarna's webhooks"),
        (name = "messaging", description = "On-site messaging settings (public)"),
        (name = "operator", description = "The acquirer's operator API: merchants and their keys"),
        (name = "meta", description = "This document"),
    )
)]
struct Base;

/// Every API group (router and document), in the order the router merges them.
pub fn groups() -> Vec<utoipa_axum::router::OpenApiRouter<crate::state::AppState>> {
    vec![
        api::merchant(),
        api::notifications(),
        api::hosted(),
        api::page(),
        api::webhooks(),
        api::messaging(),
        api::operator(),
        api::meta(),
    ]
}

/// The whole document.
pub fn document() -> OpenApi {
    let mut doc = Base::openapi();
    for mut group in groups() {
        doc.merge(group.to_openapi());
    }
    doc.webhooks = Some(notification::webhooks());
    links::add(&mut doc);
    merged::fold_all_ofs(&mut doc);
    closed::close_objects(&mut doc);
    doc
}

/// The document as served (built once).
pub fn json() -> &'static str {
    static DOC: OnceLock<String> = OnceLock::new();
    DOC.get_or_init(|| {
        document()
            .to_pretty_json()
            .unwrap_or_else(|e| format!("{{\"error\": \"the document did not serialize: {e}\"}}"))
    })
}

/// `GET /openapi.json`.
#[utoipa::path(get, path = "/openapi.json", tag = "meta", operation_id = "getOpenApiDocument",
    responses((status = 200, description = "this document (OpenAPI 3.1)", body = Object)))]
pub async fn serve() -> Response {
    let mut res = json().into_response();
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    res
}
