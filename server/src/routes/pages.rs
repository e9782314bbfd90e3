//! Pages: the hosted page `/hpp/{id}` with its security headers, and the
//! sandbox demo store (`/`, `/demo/return`).

use crate::csp::{hosted_page_csp, PERMISSIONS_POLICY, REFERRER_POLICY};
use crate::error::AppError;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::{header, HeaderName, HeaderValue};
use axum::response::{IntoResponse, Response};

async fn html_file(state: &AppState, rel: &str) -> Result<Response, AppError> {
    let path = state.settings.www_dir.join(rel);
    let html = tokio::fs::read(&path).await.map_err(|e| {
        tracing::error!(path = %path.display(), error = %e, "static page missing");
        AppError::internal(format!(
            "{rel} is missing from CHECKOUT_WWW_DIR; build the web assets into it"
        ))
    })?;
    let mut res = html.into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    Ok(res)
}

fn set(res: &mut Response, name: HeaderName, value: &str) -> Result<(), AppError> {
    let v = HeaderValue::from_str(value)
        .map_err(|_| AppError::internal(format!("bad {name} header value")))?;
    res.headers_mut().insert(name, v);
    Ok(())
}

/// `GET /hpp/{id}`: `hpp.html` with CSP (`frame-ancestors` = `'self'` plus
/// the session's allowed origins) and companion headers; 404 for unknown ids.
pub async fn hosted_page(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let session = state
        .store
        .session(&id)
        .await?
        .ok_or_else(|| AppError::not_found(format!("no session {id}")))?;
    let mut res = html_file(&state, "hpp.html").await?;
    let s = &state.settings;
    let csp = hosted_page_csp(
        &s.klarna.sdk_url,
        &s.public_origin,
        &session.data.allowed_origins,
    );
    set(&mut res, header::CONTENT_SECURITY_POLICY, &csp)?;
    set(&mut res, header::REFERRER_POLICY, REFERRER_POLICY)?;
    set(
        &mut res,
        HeaderName::from_static("permissions-policy"),
        PERMISSIONS_POLICY,
    )?;
    set(&mut res, header::CACHE_CONTROL, "no-store")?;
    Ok(res)
}

/// `GET /` in sandbox mode: the demo store.
pub async fn demo_index(State(state): State<AppState>) -> Result<Response, AppError> {
    html_file(&state, "demo/index.html").await
}

/// `GET /demo/return`: where demo sessions send the shopper after paying
/// (`demo/return.html` when present, else the demo store, which reads the query).
pub async fn demo_return(State(state): State<AppState>) -> Result<Response, AppError> {
    if state.settings.www_dir.join("demo/return.html").is_file() {
        html_file(&state, "demo/return.html").await
    } else {
        html_file(&state, "demo/index.html").await
    }
}
