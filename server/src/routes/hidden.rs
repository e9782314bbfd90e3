//! Paths that are not served whatever their spelling: the hosted page's
//! template and its sources (`/hpp.html`, `/hpp.src.html`, `/hpp.src.js`, `/early.src.js`,
//! which `/hpp/{id}` serves with the session's CSP) always, and outside
//! sandbox mode the demo, the demo store and the sandbox (`/demo/`,
//! `/store/`, `/sandbox/`: the demo store's scripts carry the demo merchant
//! key, the sandbox its Klarna emulator).
//!
//! Route patterns match the path as sent, but the static file service
//! decodes and normalizes it (`/%73andbox/klarna.js`, `//sandbox/…`,
//! `/./sandbox/…`, `/sandbox%2Fklarna.js` are all `sandbox/klarna.js` on
//! disk), so blocking the patterns alone let those spellings through. This
//! layer decides on the path as the file service sees it.

use crate::error::AppError;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use percent_encoding::percent_decode_str;

/// Top-level files never served as files.
const TEMPLATES: [&str; 4] = ["hpp.html", "hpp.src.html", "hpp.src.js", "early.src.js"];
/// Top-level folders served only in sandbox mode.
const SANDBOX_ONLY: [&str; 3] = ["demo", "store", "sandbox"];

/// The path's segments as the file service reads them: percent-decoded
/// (`%2F` becomes a separator), without empty and `.` segments, `..`
/// taking one back.
pub fn segments(path: &str) -> Vec<String> {
    let decoded = percent_decode_str(path).decode_utf8_lossy();
    let mut out: Vec<String> = Vec::new();
    for s in decoded.split(['/', '\\']) {
        match s {
            "" | "." => {}
            ".." => {
                out.pop();
            }
            s => out.push(s.to_string()),
        }
    }
    out
}

/// Whether `path` names something this layer refuses.
pub fn is_hidden(path: &str, sandbox: bool) -> bool {
    let seg = segments(path);
    let Some(first) = seg.first().map(String::as_str) else {
        return false;
    };
    (seg.len() == 1 && TEMPLATES.contains(&first)) || (!sandbox && SANDBOX_ONLY.contains(&first))
}

/// The layer: `404` for a hidden path, before any route or file is read.
/// The exact routes the sandbox serves (`/demo/sessions`, `/sandbox/clock`,
/// …) are refused the same way outside sandbox mode, as before.
pub async fn layer(State(sandbox): State<bool>, req: Request, next: Next) -> Response {
    if is_hidden(req.uri().path(), sandbox) {
        return AppError::not_found("no such resource").into_response();
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::is_hidden;

    #[test]
    fn every_spelling_of_a_sandbox_path_is_hidden_outside_sandbox_mode() {
        for p in [
            "/sandbox/klarna.js",
            "//sandbox/klarna.js",
            "/./sandbox/klarna.js",
            "/sandbox%2Fklarna.js",
            "/%73andbox/klarna.js",
            "/demo/",
            "/demo",
            "/demo%2Findex.html",
            "/store/",
            "/store/js/lib/merchant-api.js",
            "/pkg/../store/orders.html",
        ] {
            assert!(is_hidden(p, false), "{p}");
            assert!(!is_hidden(p, true), "{p} in sandbox mode");
        }
    }

    #[test]
    fn the_page_template_and_its_sources_are_hidden_in_every_mode() {
        for p in [
            "/hpp.html",
            "//hpp.html",
            "/hpp.html/",
            "/%68pp.html",
            "/hpp.src.html",
            "/hpp.src.js",
            "/early.src.js",
        ] {
            assert!(is_hidden(p, true), "{p}");
            assert!(is_hidden(p, false), "{p}");
        }
    }

    #[test]
    fn the_assets_merchants_and_shoppers_load_are_not() {
        for p in [
            "/",
            "/checkout.js",
            "/osm.js",
            "/sri.json",
            "/pkg/hpp.0686fad39e8d.js",
            "/i18n/de.json",
            "/admin/",
            "/hpp/hcs_abc",
            "/v1/sessions",
        ] {
            assert!(!is_hidden(p, false), "{p}");
        }
    }
}
