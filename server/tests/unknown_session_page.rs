//! `/hpp/{id}` for a well-formed id no session has: a browser gets the hosted
//! page itself (which then says the link is not valid and tells an embedding
//! page `session_unavailable`), framable by any page; other clients and
//! malformed ids keep the JSON 404.

mod common;

use axum::http::StatusCode;
use common::*;

const UNKNOWN: &str = "/hpp/hcs_00000000000000000000000000000000";
const BROWSER: &[(&str, &str)] = &[(
    "accept",
    "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
)];

#[tokio::test]
async fn a_browser_gets_the_page_for_an_unknown_well_formed_id() {
    let t = sandbox_app();
    let a = send(&t.app, "GET", UNKNOWN, None, None, BROWSER).await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    let body = String::from_utf8_lossy(&a.bytes);
    assert!(
        a.header("content-type").starts_with("text/html"),
        "{:?} {body}",
        a.headers
    );
    assert!(body.contains("<main id=app>"), "{body}");
    let csp = a.header("content-security-policy");
    assert!(csp.contains("; frame-ancestors *;"), "{csp}");
    assert!(csp.contains("default-src 'self';"), "{csp}");
    assert_eq!(a.header("cache-control"), "no-store");
    assert_eq!(a.header("referrer-policy"), "no-referrer");
    // No preloads of Klarna's SDK or a language table: there is no session.
    assert!(!String::from_utf8_lossy(&a.bytes).contains("modulepreload"));
}

#[tokio::test]
async fn other_clients_and_malformed_ids_keep_the_json_404() {
    let t = sandbox_app();
    let a = send(&t.app, "GET", UNKNOWN, None, None, &[]).await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    assert_eq!(a.json()["error"]["code"], "not_found");
    for path in [
        "/hpp/hcs_123",
        "/hpp/nope",
        "/hpp/hcs_0000000000000000000000000000000z",
    ] {
        let a = send(&t.app, "GET", path, None, None, BROWSER).await;
        assert_eq!(a.status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(a.json()["error"]["code"], "not_found", "{path}");
    }
}
