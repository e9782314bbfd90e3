//! `GET /v1/messaging/config`: public settings for Klarna's on-site
//! messaging on the merchant's own pages (a script there reads them, so the
//! answer is CORS-open and cacheable; it holds nothing secret).

use crate::state::AppState;
use axum::extract::State;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Json;
use checkout_core::api::MessagingConfig;
use checkout_core::markets::MARKETS;

/// How long browsers and proxies may keep the answer.
pub const CACHE_CONTROL: &str = "public, max-age=300";

/// Markets whose locales are not in Klarna's on-site messaging list.
const NO_MESSAGING_LOCALES: &[&str] = &["RO"];

/// Locales and currencies on-site messaging can use: every market's locales
/// (but those not in Klarna's messaging list) and currencies, without repeats.
pub fn messaging_markets() -> (Vec<String>, Vec<String>) {
    let mut locales: Vec<String> = Vec::new();
    let mut currencies: Vec<String> = Vec::new();
    for m in MARKETS {
        if !NO_MESSAGING_LOCALES.contains(&m.country) {
            for l in m.locales {
                if !locales.iter().any(|x| x == l) {
                    locales.push(l.to_string());
                }
            }
        }
        if !currencies.iter().any(|c| c == m.currency) {
            currencies.push(m.currency.to_string());
        }
    }
    (locales, currencies)
}

/// The handler.
#[utoipa::path(get, path = "/v1/messaging/config", tag = "messaging", operation_id = "getMessagingConfig",
    responses((status = 200, description = "public settings for on-site messaging (CORS-open, cacheable)", body = MessagingConfig)))]
pub async fn config(State(state): State<AppState>) -> Response {
    let k = &state.settings.klarna;
    let (locales, currencies) = messaging_markets();
    let body = MessagingConfig {
        sdk_url: k.sdk_url.clone(),
        client_id: k.client_id.clone(),
        partner_account_id: k.partner_account_id.clone(),
        mode: k.mode.as_str().to_string(),
        locales,
        currencies,
    };
    let mut res = Json(body).into_response();
    let h = res.headers_mut();
    h.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(CACHE_CONTROL),
    );
    res
}

/// `OPTIONS /v1/messaging/config`: CORS preflight for scripts that add headers.
#[utoipa::path(options, path = "/v1/messaging/config", tag = "messaging", operation_id = "preflightMessagingConfig",
    responses((status = 204, description = "CORS preflight: any origin, GET")))]
pub async fn preflight() -> Response {
    let mut res = axum::http::StatusCode::NO_CONTENT.into_response();
    let h = res.headers_mut();
    h.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    h.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static("GET, OPTIONS"),
    );
    h.insert(
        header::ACCESS_CONTROL_MAX_AGE,
        HeaderValue::from_static("300"),
    );
    res
}
