//! Response headers for static files and the request log.
//!
//! `Cache-Control`: content-hashed files under `/pkg/` are immutable for a
//! year, API answers `no-store`, everything else `no-cache`. JavaScript
//! modules are `text/javascript` (`.wasm` is `application/wasm` already).

use crate::state::AppState;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

/// Whether a file name carries a content hash: a `-`/`.`/`_`-separated part
/// of at least 8 hex digits with at least one digit (`app-3f9a1c2b.js`), or a
/// `.`-separated part of 43 base64url characters, a SHA-256
/// (`osm.LQkx3Udg…iz24.js`, the on-demand parts of `checkout.js`).
pub fn is_hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or("");
    let hex = name.split(['-', '.', '_']).any(|part| {
        part.len() >= 8
            && part.bytes().all(|b| b.is_ascii_hexdigit())
            && part.bytes().any(|b| b.is_ascii_digit())
    });
    let sha256 = name.split('.').any(|part| {
        part.len() == 43
            && part
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    });
    hex || sha256
}

/// Whether `path` is merchant-side script (`/checkout.js`, `/osm.js`) or a
/// published asset under `/pkg/`: loaded by merchant pages on other origins,
/// with `integrity` and `crossorigin="anonymous"`, which needs CORS.
fn is_cross_origin_asset(path: &str) -> bool {
    path == "/checkout.js" || path == "/osm.js" || path.starts_with("/pkg/")
}

fn is_api(path: &str) -> bool {
    path.starts_with("/v1/")
        || path.starts_with("/demo/sessions")
        || path.starts_with("/demo/api/")
        || path.starts_with("/sandbox/klarna/")
        || path.starts_with("/hpp/")
}

/// Whether `path` is one of the sandbox's static files (the SDK emulator),
/// not its API under `/sandbox/klarna/`.
fn is_sandbox_file(path: &str) -> bool {
    path.starts_with("/sandbox/") && !path.starts_with("/sandbox/klarna/")
}

/// Sets `Cache-Control`, JavaScript content types, CORS for `/sandbox/`
/// files, and a CSP on every HTML page that has none of its own (the demo
/// store's pages; the hosted page sets its own).
pub async fn headers(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    let mut res = next.run(req).await;
    let ok = res.status().is_success();
    let h = res.headers_mut();
    let html = h
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if html && !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        let s = &state.settings;
        let csp = crate::csp::page_csp(&s.klarna.sdk_url, &s.public_origin);
        if let Ok(v) = HeaderValue::from_str(&csp) {
            h.insert(header::CONTENT_SECURITY_POLICY, v);
        }
        h.insert(
            header::REFERRER_POLICY,
            HeaderValue::from_static("strict-origin-when-cross-origin"),
        );
    }
    if ok && (path.ends_with(".mjs") || path.ends_with(".js")) {
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/javascript; charset=utf-8"),
        );
    }
    if is_sandbox_file(&path) || is_cross_origin_asset(&path) {
        // The emulator is imported as a module by merchant pages on other
        // origins (messaging, the demo), which needs CORS.
        h.insert(
            header::ACCESS_CONTROL_ALLOW_ORIGIN,
            HeaderValue::from_static("*"),
        );
    }
    if !h.contains_key(header::CACHE_CONTROL) {
        let v = if is_api(&path) {
            "no-store"
        } else if ok && path.starts_with("/pkg/") && is_hashed(&path) {
            "public, max-age=31536000, immutable"
        } else if ok && (path == "/checkout.js" || path == "/osm.js") {
            // Aliases of this build's versioned copies: cached briefly, so a
            // new build reaches pages within minutes.
            "public, max-age=300"
        } else {
            "no-cache"
        };
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static(v));
    }
    res
}

/// Logs method, path (never the query or headers) and status of every request.
pub async fn log(req: Request, next: Next) -> Response {
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let started = std::time::Instant::now();
    let res = next.run(req).await;
    // A target of its own, so `RUST_LOG=checkout_server::access=warn` quietens exactly these lines.
    tracing::info!(target: "checkout_server::access", %method, %path, status = res.status().as_u16(), ms = started.elapsed().as_millis() as u64, "request");
    res
}

#[cfg(test)]
mod tests {
    use super::is_hashed;

    #[test]
    fn hashed_names() {
        assert!(is_hashed("/pkg/app-3f9a1c2b.js"));
        assert!(is_hashed(
            "/pkg/klarna_hosted_checkout_bg.1a2b3c4d5e6f.wasm"
        ));
        assert!(!is_hashed("/pkg/klarna_hosted_checkout_bg.wasm"));
        assert!(!is_hashed("/pkg/checkout.js"));
        assert!(!is_hashed("/pkg/deadbeefcafe.js"));
        assert!(is_hashed(
            "/pkg/osm.LQkx3UdgnSh4czUoF8t_uVb-tsuKBG4-VDvPW6yiz24.js"
        ));
        assert!(!is_hashed("/pkg/osm.LQkx3UdgnSh4czUoF8t.js"));
    }
}
