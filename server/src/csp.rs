//! Security headers of the hosted page: the Content-Security-Policy (whose
//! `frame-ancestors` names the session's allowed origins and whose
//! `script-src` allows the page's own inline script by its hash) and its
//! companions.

use crate::settings::origin_of;
use base64::Engine;
use sha2::{Digest, Sha256};

/// `Referrer-Policy` of the hosted page.
pub const REFERRER_POLICY: &str = "no-referrer";
/// `Permissions-Policy` of the hosted page.
pub const PERMISSIONS_POLICY: &str = "payment=(self), camera=(), microphone=(), geolocation=()";

/// The hosted page's CSP. The SDK's origin is added where the SDK needs it,
/// unless it is our own origin (sandbox), which `'self'` already covers.
/// `html` is the document it goes with: each of its inline scripts is
/// allowed by its SHA-256 ([`inline_script_hashes`]), and no other inline
/// script runs.
pub fn hosted_page_csp(
    sdk_url: &str,
    public_origin: &str,
    allowed_origins: &[String],
    html: &[u8],
) -> String {
    let mut ancestors = vec!["'self'".to_string()];
    for o in allowed_origins {
        // Origins were validated at creation; this guards the header anyway.
        let clean = !o.contains([';', ',', ' ', '\'', '"']) && !o.chars().any(char::is_control);
        if clean && !ancestors.contains(o) {
            ancestors.push(o.clone());
        }
    }
    csp(sdk_url, public_origin, &ancestors.join(" "), html)
}

/// The CSP of the hosted page served for a well-formed but unknown session
/// id: any page may frame it (`frame-ancestors *`). There is no merchant to
/// name, and the page holds nothing to protect: it shows only "This payment
/// link is not valid" (its config call fails) and tells the embedding page
/// `session_unavailable`; refusing the frame would make `checkout.js` report
/// `frame_refused`, the wrong advice. Whether an id exists is no secret
/// gained (ids are 128 random bits, and the JSON 404 says as much).
pub fn unknown_session_csp(sdk_url: &str, public_origin: &str, html: &[u8]) -> String {
    csp(sdk_url, public_origin, "*", html)
}

/// The CSP sources (`'sha256-…'`) of the inline scripts of `html`: each
/// `<script>` without `src`, its text exactly as between the tags (what the
/// browser hashes). Read from the document served, so a page built again
/// while the server runs (scripts/publish-assets.mjs) is allowed at once.
/// A scanner rather than an HTML parser: the document is our own template,
/// whose build refuses a script holding `</script` or `<!--`.
pub fn inline_script_hashes(html: &[u8]) -> Vec<String> {
    const OPEN: &[u8] = b"<script";
    const CLOSE: &[u8] = b"</script>";
    let find = |from: usize, what: &[u8]| {
        html.get(from..)?
            .windows(what.len())
            .position(|w| w.eq_ignore_ascii_case(what))
            .map(|i| from + i)
    };
    let mut hashes = Vec::new();
    let mut at = 0;
    while let Some(open) = find(at, OPEN) {
        let Some(tag_end) = find(open, b">") else {
            break;
        };
        let Some(close) = find(tag_end, CLOSE) else {
            break;
        };
        let tag = String::from_utf8_lossy(&html[open..tag_end]).to_ascii_lowercase();
        if !tag.contains(" src=") {
            let digest = Sha256::digest(&html[tag_end + 1..close]);
            let b64 = base64::engine::general_purpose::STANDARD.encode(digest);
            hashes.push(format!("'sha256-{b64}'"));
        }
        at = close + CLOSE.len();
    }
    hashes
}

fn csp(sdk_url: &str, public_origin: &str, ancestors: &str, html: &[u8]) -> String {
    let sdk = origin_of(sdk_url).filter(|o| o != public_origin);
    let with_sdk = |base: &str| match &sdk {
        Some(o) => format!("{base} {o}"),
        None => base.to_string(),
    };
    let frame_src = sdk.clone().unwrap_or_else(|| "'self'".to_string());
    let mut script_src = "script-src 'self' 'wasm-unsafe-eval'".to_string();
    for hash in inline_script_hashes(html) {
        script_src.push(' ');
        script_src.push_str(&hash);
    }
    [
        "default-src 'self'".to_string(),
        with_sdk(&script_src),
        "style-src 'self'".to_string(),
        with_sdk("img-src 'self' data:"),
        with_sdk("connect-src 'self'"),
        format!("frame-src {frame_src}"),
        format!("frame-ancestors {ancestors}"),
        "base-uri 'none'".to_string(),
        "object-src 'none'".to_string(),
        "form-action 'self'".to_string(),
    ]
    .join("; ")
}

/// The CSP of our other pages (the sandbox's demo store, the operator's
/// pages): only our own scripts, styles and frames (the hosted page) plus
/// the Web SDK's origin, framed by no other site.
pub fn page_csp(sdk_url: &str, public_origin: &str) -> String {
    let sdk = origin_of(sdk_url)
        .filter(|o| o != public_origin)
        .map(|o| format!(" {o}"))
        .unwrap_or_default();
    [
        "default-src 'self'".to_string(),
        format!("script-src 'self'{sdk}"),
        "style-src 'self'".to_string(),
        format!("img-src 'self' data:{sdk}"),
        format!("connect-src 'self'{sdk}"),
        format!("frame-src 'self'{sdk}"),
        "frame-ancestors 'self'".to_string(),
        "base-uri 'none'".to_string(),
        "object-src 'none'".to_string(),
        "form-action 'self'".to_string(),
    ]
    .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn live_sdk_origin_is_named() {
        let csp = hosted_page_csp(
            "https://js.klarna.com/web-sdk/v2/klarna.mjs",
            "https://pay.example",
            &["https://shop.example".into()],
            b"",
        );
        assert!(
            csp.contains("script-src 'self' 'wasm-unsafe-eval' https://js.klarna.com;"),
            "{csp}"
        );
        assert!(csp.contains("frame-src https://js.klarna.com;"), "{csp}");
        assert!(
            csp.contains("frame-ancestors 'self' https://shop.example;"),
            "{csp}"
        );
        assert!(csp.ends_with("form-action 'self'"), "{csp}");
    }

    #[test]
    fn own_origin_sdk_is_left_to_self() {
        let csp = hosted_page_csp(
            "http://127.0.0.1:8787/sandbox/klarna.js",
            "http://127.0.0.1:8787",
            &[],
            b"",
        );
        assert!(csp.contains("connect-src 'self';"), "{csp}");
        assert!(csp.contains("frame-ancestors 'self';"), "{csp}");
        assert!(!csp.contains("127.0.0.1"), "{csp}");
    }

    #[test]
    fn an_unknown_sessions_page_may_be_framed_anywhere_and_is_otherwise_the_same() {
        let sdk = "https://js.klarna.com/web-sdk/v2/klarna.mjs";
        let html = b"<head><script>abc</script></head>";
        let csp = unknown_session_csp(sdk, "https://pay.example", html);
        assert!(csp.contains("; frame-ancestors *;"), "{csp}");
        let known = hosted_page_csp(sdk, "https://pay.example", &[], html);
        assert_eq!(
            csp.replace("frame-ancestors *", "frame-ancestors 'self'"),
            known
        );
    }

    #[test]
    fn each_inline_script_is_allowed_by_its_hash_and_nothing_else() {
        let html = b"<head><script>abc</script><SCRIPT type=\"module\" src=\"/pkg/hpp.js\"></SCRIPT>\n<script>\n</script></head>";
        let hashes = inline_script_hashes(html);
        // SHA-256 of "abc" and of "\n", base64: what a browser computes for those texts.
        assert_eq!(
            hashes,
            [
                "'sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0='",
                "'sha256-AbpHGcgLb+kRsJGnwFEktk7uzpZOCcBY74+YBdrKVGs='"
            ]
        );
        let csp = hosted_page_csp(
            "http://127.0.0.1:8787/sandbox/klarna.js",
            "http://127.0.0.1:8787",
            &[],
            html,
        );
        assert!(
            csp.contains(&format!(
                "script-src 'self' 'wasm-unsafe-eval' {} {};",
                hashes[0], hashes[1]
            )),
            "{csp}"
        );
        // A document without inline scripts allows none.
        assert!(inline_script_hashes(b"<script src=\"/a.js\"></script>").is_empty());
        assert!(inline_script_hashes(b"<script>unclosed").is_empty());
    }
}
