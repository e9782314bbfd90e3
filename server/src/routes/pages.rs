//! Pages: the hosted page `/hpp/{id}` with its security headers, and the
//! sandbox demo store (`/`, `/demo/return`).

use crate::csp::{hosted_page_csp, PERMISSIONS_POLICY, REFERRER_POLICY};
use crate::error::AppError;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::{header, HeaderName, HeaderValue};
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
    let s = &state.settings;
    let mut html = read_html(&state, "hpp.html").await?;
    if session.state_at(crate::clock::now()) == checkout_core::state::SessionState::Open {
        html = with_sdk_preload(html, &s.klarna.sdk_url);
    }
    let mut res = html_response(html)?;
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

/// The page shell with Klarna's SDK module preloaded (issue 15): the
/// browser fetches it while it parses the page, before the boot script has
/// the session's config and imports it from the same URL. Only open
/// sessions get it (the others never load Klarna); the CSP's `script-src`
/// already names the SDK's origin. A shell without `<meta charset="utf-8">`
/// is left as it is.
pub fn with_sdk_preload(html: Vec<u8>, sdk_url: &str) -> Vec<u8> {
    const AFTER: &str = "<meta charset=\"utf-8\">";
    let text = match String::from_utf8(html) {
        Ok(t) => t,
        Err(e) => return e.into_bytes(),
    };
    let Some(at) = text.find(AFTER).map(|i| i + AFTER.len()) else {
        return text.into_bytes();
    };
    let href: String = sdk_url
        .chars()
        .map(|c| match c {
            '&' => "&amp;".to_string(),
            '"' => "&quot;".to_string(),
            '<' => "&lt;".to_string(),
            '>' => "&gt;".to_string(),
            c => c.to_string(),
        })
        .collect();
    let mut out = String::with_capacity(text.len() + href.len() + 48);
    out.push_str(&text[..at]);
    out.push_str(&format!("\n  <link rel=\"modulepreload\" href=\"{href}\">"));
    out.push_str(&text[at..]);
    out.into_bytes()
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
/// authorization that needed none).
pub async fn return_to_shop(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let session = state
        .store
        .session(&id)
        .await?
        .ok_or_else(|| AppError::not_found(format!("no session {id}")))?;
    let events = state.store.events(&id).await?;
    let pr_id = events
        .iter()
        .rev()
        .find(|e| e.kind == "authorize.step_up_required")
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

#[cfg(test)]
mod tests {
    use super::with_sdk_preload;

    #[test]
    fn the_sdk_is_preloaded_right_after_the_charset() {
        let html = b"<head>\n  <meta charset=\"utf-8\">\n  <title>x</title>".to_vec();
        let out = String::from_utf8(with_sdk_preload(
            html,
            "https://js.klarna.com/web-sdk/v2/klarna.mjs",
        ))
        .unwrap();
        assert_eq!(
            out,
            "<head>\n  <meta charset=\"utf-8\">\n  <link rel=\"modulepreload\" href=\"https://js.klarna.com/web-sdk/v2/klarna.mjs\">\n  <title>x</title>"
        );
    }

    #[test]
    fn the_url_is_escaped_and_a_shell_without_charset_is_kept() {
        let html = b"<meta charset=\"utf-8\">".to_vec();
        let out = String::from_utf8(with_sdk_preload(html, "/s/k.js?a=1&b=\"<x>")).unwrap();
        assert!(
            out.contains(r#"href="/s/k.js?a=1&amp;b=&quot;&lt;x&gt;""#),
            "{out}"
        );
        assert_eq!(with_sdk_preload(b"<p>".to_vec(), "/k.js"), b"<p>".to_vec());
        assert_eq!(with_sdk_preload(vec![0xff], "/k.js"), vec![0xff]);
    }
}
