//! Security properties of issue 5: merchants are isolated from each other,
//! ids and secrets are long random values, and the hosted page's headers
//! lock it down. (Secrets in logs: `security_logs.rs`.)

mod common;

use axum::http::StatusCode;
use checkout_server::ids;
use common::*;
use serde_json::json;
use std::collections::{BTreeMap, HashSet};

#[tokio::test]
async fn one_merchant_cannot_read_or_change_anothers_session() {
    let t = sandbox_app();
    let (id, secret) = create_session(&t.app, "customer+de@klarna.com").await;
    let before = merchant_view(&t.app, &id).await;
    let path = format!("/v1/sessions/{id}");

    let a = call(&t.app, "GET", &path, Some(KEY_B), None).await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    assert!(!String::from_utf8_lossy(&a.bytes).contains("11800"));
    let a = call(
        &t.app,
        "PATCH",
        &path,
        Some(KEY_B),
        Some(json!({"amount": 1, "order_lines": []})),
    )
    .await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    let a = call(
        &t.app,
        "POST",
        &format!("{path}/network-token"),
        Some(KEY_B),
        Some(json!({"klarna_network_session_token": "krn:evil"})),
    )
    .await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    // Nor with the client secret of one of its own sessions.
    let b = call(
        &t.app,
        "POST",
        "/v1/sessions",
        Some(KEY_B),
        Some(session_body("customer+de@klarna.com")),
    )
    .await
    .json();
    let b_secret = b["client_secret"].as_str().unwrap();
    for (method, tail, body) in [
        ("GET", "config", None),
        (
            "POST",
            "network-token",
            Some(json!({"klarna_network_session_token": "krn:evil"})),
        ),
        ("POST", "klarna/authorize", Some(json!({}))),
    ] {
        let a = call(
            &t.app,
            method,
            &format!("{path}/{tail}"),
            Some(b_secret),
            body,
        )
        .await;
        assert_eq!(a.status, StatusCode::UNAUTHORIZED, "{tail}");
    }
    // Credentials come first: without them, a body without its content type is 401 too.
    let raw = r#"{"klarna_network_session_token": "krn:evil"}"#;
    let a = send(
        &t.app,
        "POST",
        &format!("{path}/network-token"),
        None,
        None,
        &[],
    )
    .await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED);
    let headers = [("content-type", "text/plain")];
    let a = send(
        &t.app,
        "POST",
        &format!("{path}/network-token"),
        Some(b_secret),
        Some(raw),
        &headers,
    )
    .await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED);
    // A client secret is no merchant key.
    let a = call(&t.app, "GET", &path, Some(&secret), None).await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED);

    let after = merchant_view(&t.app, &id).await;
    assert_eq!(before, after, "nothing changed");
    assert_eq!(after["has_network_session_token"], false);
    // The owner still can.
    let a = call(
        &t.app,
        "PATCH",
        &path,
        Some(KEY_A),
        Some(json!({"amount": 5000, "order_lines": []})),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK);
}

fn assert_hex_shape(s: &str, prefix: &str, hex_len: usize) {
    let rest = s
        .strip_prefix(prefix)
        .unwrap_or_else(|| panic!("{s} lacks {prefix}"));
    assert_eq!(rest.len(), hex_len, "{s}");
    assert!(
        rest.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')),
        "{s}"
    );
}

/// Every hex digit at every position shows up about equally often: a
/// counter, a timestamp or a weak generator would skew some position.
fn assert_uniform(values: &[String], prefix_len: usize) {
    let n = values.len() as f64;
    let width = values[0].len() - prefix_len;
    let mut per_digit = [0usize; 16];
    for pos in 0..width {
        let mut counts = [0usize; 16];
        for v in values {
            let d = (v.as_bytes()[prefix_len + pos] as char)
                .to_digit(16)
                .unwrap();
            counts[d as usize] += 1;
            per_digit[d as usize] += 1;
        }
        let expected = n / 16.0;
        for c in counts {
            // ±40 % of the expectation is > 8 standard deviations at n = 4000.
            assert!(
                (c as f64 - expected).abs() < expected * 0.4,
                "position {pos} is skewed: {counts:?}"
            );
        }
    }
    let total: usize = per_digit.iter().sum();
    for c in per_digit {
        let share = c as f64 / total as f64;
        assert!((share - 1.0 / 16.0).abs() < 0.01, "{per_digit:?}");
    }
}

#[test]
fn ids_and_secrets_carry_128_and_256_random_bits() {
    let n = 4000;
    let ids: Vec<String> = (0..n).map(|_| ids::session_id()).collect();
    let secrets: Vec<String> = (0..n).map(|_| ids::client_secret()).collect();
    let signing: Vec<String> = (0..200).map(|_| ids::signing_secret()).collect();
    for id in &ids {
        assert_hex_shape(id, "hcs_", 32); // 32 hex = 128 bits
    }
    for s in &secrets {
        assert_hex_shape(s, "hcs_secret_", 64); // 64 hex = 256 bits
    }
    for s in &signing {
        assert_hex_shape(s, "", 64);
    }
    assert_eq!(ids.iter().collect::<HashSet<_>>().len(), n);
    assert_eq!(secrets.iter().collect::<HashSet<_>>().len(), n);
    assert_eq!(signing.iter().collect::<HashSet<_>>().len(), 200);
    assert_uniform(&ids, 4);
    assert_uniform(&secrets, 11);
}

#[tokio::test]
async fn sessions_created_through_the_api_get_fresh_ids_and_hashed_secrets() {
    let t = sandbox_app();
    let mut seen = HashSet::new();
    for _ in 0..40 {
        let (id, secret) = create_session(&t.app, "customer+de@klarna.com").await;
        assert_hex_shape(&id, "hcs_", 32);
        assert_hex_shape(&secret, "hcs_secret_", 64);
        assert!(seen.insert(id.clone()) && seen.insert(secret.clone()));
        let stored = t.state.store.session(&id).await.unwrap().unwrap();
        assert_eq!(
            stored.client_secret_hash,
            ids::sha256_hex(secret.as_bytes())
        );
        assert!(!stored.client_secret_hash.contains(&secret[11..]));
    }
}

/// The CSP as directive → sources.
fn csp_map(csp: &str) -> BTreeMap<String, Vec<String>> {
    csp.split(';')
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(|d| {
            let mut parts = d.split_whitespace().map(str::to_string);
            let name = parts.next().unwrap();
            (name, parts.collect())
        })
        .collect()
}

async fn page_headers(t: &TestApp) -> Answer {
    let (id, _) = create_session(&t.app, "customer+de@klarna.com").await;
    let a = send(&t.app, "GET", &format!("/hpp/{id}"), None, None, &[]).await;
    assert_eq!(a.status, StatusCode::OK);
    a
}

fn check_common(a: &Answer) -> BTreeMap<String, Vec<String>> {
    let csp = a.header("content-security-policy");
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    assert!(!csp.contains("'unsafe-eval'"), "{csp}");
    assert!(!csp.contains('*'), "no wildcard sources: {csp}");
    let map = csp_map(&csp);
    assert_eq!(map["default-src"], vec!["'self'"]);
    assert_eq!(map["object-src"], vec!["'none'"]);
    assert_eq!(map["base-uri"], vec!["'none'"]);
    assert_eq!(
        map["frame-ancestors"],
        vec!["'self'", "https://shop.example", "https://www.shop.example"],
        "the session's allowed_origins"
    );
    assert_eq!(a.header("referrer-policy"), "no-referrer");
    assert_eq!(a.header("x-content-type-options"), "nosniff");
    let pp = a.header("permissions-policy");
    assert!(
        pp.contains("camera=()") && pp.contains("payment=(self)"),
        "{pp}"
    );
    assert_eq!(a.header("cache-control"), "no-store");
    map
}

#[tokio::test]
async fn the_hosted_pages_headers_allow_only_itself_and_the_sdk_origin() {
    // Sandbox: the SDK is served by this server, so 'self' covers it.
    let t = sandbox_app();
    let map = check_common(&page_headers(&t).await);
    assert_eq!(map["script-src"], vec!["'self'", "'wasm-unsafe-eval'"]);

    // An external SDK: exactly its origin is added, not its path.
    let t = app_with(&[(
        "KLARNA_SDK_URL",
        "https://js.klarna.com/web-sdk/v2/klarna.mjs",
    )]);
    let map = check_common(&page_headers(&t).await);
    assert_eq!(
        map["script-src"],
        vec!["'self'", "'wasm-unsafe-eval'", "https://js.klarna.com"]
    );
    assert_eq!(map["frame-src"], vec!["https://js.klarna.com"]);
    for (name, sources) in &map {
        for s in sources {
            assert!(
                s.starts_with('\'')
                    || s == "data:"
                    || s == "https://js.klarna.com"
                    || (name == "frame-ancestors" && s.ends_with("shop.example")),
                "{name} allows {s}"
            );
        }
    }
}

#[tokio::test]
async fn a_session_without_allowed_origins_can_be_framed_only_by_the_server() {
    let t = sandbox_app();
    let mut body = session_body("customer+de@klarna.com");
    body.as_object_mut().unwrap().remove("allowed_origins");
    let v = call(&t.app, "POST", "/v1/sessions", Some(KEY_A), Some(body))
        .await
        .json();
    let a = send(
        &t.app,
        "GET",
        &format!("/hpp/{}", v["id"].as_str().unwrap()),
        None,
        None,
        &[],
    )
    .await;
    let map = csp_map(&a.header("content-security-policy"));
    assert_eq!(map["frame-ancestors"], vec!["'self'"]);
}

#[tokio::test]
async fn the_hosted_pages_inline_script_is_allowed_by_its_hash_and_no_other() {
    let t = sandbox_app();
    // The built page inlines www/early.src.js before its stylesheet; a module script by URL beside it.
    std::fs::write(
        t.dir.path().join("www/hpp.html"),
        "<!doctype html><head><meta charset=\"utf-8\"><script>performance.mark('khc:boot')</script>\
         <script type=\"module\" src=\"/pkg/hpp.js\"></script></head><main id=app></main>",
    )
    .unwrap();
    let a = page_headers(&t).await;
    let map = check_common(&a);
    let body = String::from_utf8_lossy(&a.bytes).to_string();
    assert!(body.contains("<script>performance.mark"), "{body}");
    // The browser hashes the text between the tags exactly; base64 of its SHA-256.
    use base64::Engine;
    use sha2::Digest;
    let digest = sha2::Sha256::digest(b"performance.mark('khc:boot')");
    let hash = base64::engine::general_purpose::STANDARD.encode(digest);
    assert_eq!(
        map["script-src"],
        vec![
            "'self'".to_string(),
            "'wasm-unsafe-eval'".to_string(),
            format!("'sha256-{hash}'")
        ]
    );
}
