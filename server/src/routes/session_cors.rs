//! CORS for the session endpoints a merchant's own page calls with the
//! client secret (express checkout through `checkout.js`: `GET …/config`,
//! `POST …/authorize`): allowed for exactly the origins the session lists in
//! `allowed_origins`, never `*`. A preflight from any other origin gets no
//! `Access-Control-Allow-Origin`, so the browser refuses the call.

use crate::state::AppState;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Headers a page may send on these calls.
const ALLOW_HEADERS: &str = "authorization, content-type, idempotency-key";

/// The session id of `/v1/sessions/{id}/…`.
fn session_id(path: &str) -> Option<&str> {
    path.strip_prefix("/v1/sessions/")?.split('/').next()
}

async fn allowed(state: &AppState, path: &str, origin: &str) -> bool {
    let Some(id) = session_id(path) else {
        return false;
    };
    match state.store.session(id).await {
        Ok(Some(s)) => s.data.allowed_origins.iter().any(|o| o == origin),
        _ => false,
    }
}

/// The middleware.
pub async fn layer(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let origin = req
        .headers()
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let path = req.uri().path().to_string();
    let preflight = req.method() == Method::OPTIONS;
    let grant = match &origin {
        Some(o) => allowed(&state, &path, o).await.then(|| o.clone()),
        None => None,
    };
    let mut res = if preflight {
        StatusCode::NO_CONTENT.into_response()
    } else {
        next.run(req).await
    };
    let h = res.headers_mut();
    h.append(header::VARY, HeaderValue::from_static("origin"));
    if let Some(v) = grant.and_then(|o| HeaderValue::from_str(&o).ok()) {
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, v);
        if preflight {
            h.insert(
                header::ACCESS_CONTROL_ALLOW_METHODS,
                HeaderValue::from_static("GET, POST"),
            );
            h.insert(
                header::ACCESS_CONTROL_ALLOW_HEADERS,
                HeaderValue::from_static(ALLOW_HEADERS),
            );
            h.insert(
                header::ACCESS_CONTROL_MAX_AGE,
                HeaderValue::from_static("600"),
            );
        }
    }
    res
}

/// `OPTIONS` on these routes (answered by [`layer`]; this only routes it).
pub async fn preflight() -> StatusCode {
    StatusCode::NO_CONTENT
}

/// `OPTIONS /v1/sessions/{id}/config` (documented; answered by [`layer`]).
#[utoipa::path(options, path = "/v1/sessions/{id}/config", tag = "hosted", operation_id = "preflightHostedConfig",
    params(("id" = String, Path, description = "The session (`hcs_…`)")),
    responses((status = 204, description = "CORS preflight for the session's allowed origins")))]
pub async fn config_preflight() -> StatusCode {
    preflight().await
}

/// `OPTIONS /v1/sessions/{id}/authorize` (documented; answered by [`layer`]).
#[utoipa::path(options, path = "/v1/sessions/{id}/authorize", tag = "sessions", operation_id = "preflightAuthorizeWithToken",
    params(("id" = String, Path, description = "The session (`hcs_…`)")),
    responses((status = 204, description = "CORS preflight for the session's allowed origins")))]
pub async fn authorize_preflight() -> StatusCode {
    preflight().await
}
