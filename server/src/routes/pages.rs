//! Pages: the hosted page `/hpp/{id}` with its security headers, and the
//! sandbox demo store (`/`, `/demo/return`).

use crate::csp::{hosted_page_csp, unknown_session_csp, PERMISSIONS_POLICY, REFERRER_POLICY};
use crate::error::AppError;
use crate::state::AppState;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

async fn html_file(state: &AppState, rel: &str) -> Result<Response, AppError> {
    html_response(read_html(state, rel).await?)
}

async fn read_html(state: &AppState, rel: &str) -> Result<Vec<u8>, AppError> {
    let path = state.settings.www_dir.join(rel);
    tokio::fs::read(&path).await.map_err(|e| {
        tracing::error!(path = %path.display(), error = %e, "static page missing");
        AppError::internal(format!(
            "{rel} is missing from CHECKOUT_WWW_DIR; build the web assets into it"
        ))
    })
}

fn html_response(html: Vec<u8>) -> Result<Response, AppError> {
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

/// `GET /hpp/{id}[?locale=…]`: `hpp.html` with CSP (`frame-ancestors` =
/// `'self'` plus the session's allowed origins) and companion headers; for an
/// open session the preloads of Klarna's SDK and the language tables
/// ([`super::preloads`]) of `locale` when it is one of the session market's
/// (what the page will render in: checkout.js passes the merchant's `locale`
/// option here as well as in the fragment), else of the session's locale.
/// 404 for unknown ids: to a browser (`Accept: text/html`) asking for a
/// well-formed id, the page itself (its config call fails, so the shopper
/// reads "This payment link is not valid" and an embedding page hears
/// `session_unavailable`), framable anywhere ([`unknown_session_csp`]);
/// else the JSON error.
pub async fn hosted_page(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(query): Query<Vec<(String, String)>>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let s = &state.settings;
    let Some(session) = state.store.session(&id).await? else {
        let html = headers
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|a| a.contains("text/html"));
        if !(html && crate::ids::is_session_id(&id)) {
            return Err(AppError::not_found(format!("no session {id}")));
        }
        let html = read_html(&state, "hpp.html").await?;
        let csp = unknown_session_csp(&s.klarna.sdk_url, &s.public_origin, &html);
        let mut res = html_response(html)?;
        *res.status_mut() = StatusCode::NOT_FOUND;
        return page_headers(res, &csp);
    };
    let mut html = read_html(&state, "hpp.html").await?;
    if session.state_at(crate::clock::now()) == checkout_core::state::SessionState::Open {
        let locale = super::preloads::page_locale(&query, &session.data);
        let tables = super::preloads::tables(&s.www_dir, locale);
        html = super::preloads::with_preloads(html, &s.klarna.sdk_url, &tables);
    }
    let csp = hosted_page_csp(
        &s.klarna.sdk_url,
        &s.public_origin,
        &session.data.allowed_origins,
        &html,
    );
    let res = html_response(html)?;
    page_headers(res, &csp)
}

/// The hosted page's CSP and companion headers.
fn page_headers(mut res: Response, csp: &str) -> Result<Response, AppError> {
    set(&mut res, header::CONTENT_SECURITY_POLICY, csp)?;
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

/// `GET /hpp/{id}/return`: where the hosted page's "Back to the shop" goes
/// (a page opened directly or in a plain iframe, without `checkout.js`):
/// `303` to the session's `return_url` with Klarna's placeholders filled:
/// the session's latest payment request and its state (`COMPLETED` for an
/// authorization that needed none). It takes no credentials (a link), so a
/// session still `open` names no payment request: its journey may be
/// running, and its id is for the hosted page only.
pub async fn return_to_shop(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let session = state
        .store
        .session(&id)
        .await?
        .ok_or_else(|| AppError::not_found(format!("no session {id}")))?;
    let open = session.state_at(crate::clock::now()) == checkout_core::state::SessionState::Open;
    let events = if open {
        Vec::new()
    } else {
        state.store.events(&id).await?
    };
    let pr_id = events
        .iter()
        .rev()
        .find(|e| e.kind == crate::payments::step_up::EVENT)
        .and_then(|e| e.detail.get("payment_request_id"))
        .and_then(|v| v.as_str())
        .map(str::to_string);
    let pr_state = match &pr_id {
        Some(pr) => state.store.payment_request(pr).await?.map(|p| p.state),
        None => None,
    };
    let pr_state = pr_state.unwrap_or_else(|| {
        let authorized = session.state == checkout_core::state::SessionState::Authorized;
        if authorized { "COMPLETED" } else { "" }.to_string()
    });
    let url = checkout_core::returns::fill_return_url(
        &session.data.return_url,
        pr_id.as_deref(),
        &pr_state,
    );
    let mut res = axum::http::StatusCode::SEE_OTHER.into_response();
    set(&mut res, header::LOCATION, &url)?;
    set(&mut res, header::CACHE_CONTROL, "no-store")?;
    set(&mut res, header::REFERRER_POLICY, REFERRER_POLICY)?;
    Ok(res)
}
