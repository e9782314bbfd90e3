//! `GET /v1/messaging/config` for on-site messaging on merchant pages, and
//! CORS on the sandbox's SDK files.

mod common;

use axum::http::StatusCode;
use common::*;
use serde_json::Value;

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn the_messaging_config_is_public_cors_open_and_cacheable() {
    let t = sandbox_app();
    let a = send(
        &t.app,
        "GET",
        "/v1/messaging/config",
        None,
        None,
        &[("origin", "https://shop.example")],
    )
    .await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.header("access-control-allow-origin"), "*");
    assert_eq!(a.header("cache-control"), "public, max-age=300");
    assert!(a.header("content-type").starts_with("application/json"));
    let v = a.json();
    assert_eq!(v["sdk_url"], format!("{PUBLIC_URL}/sandbox/klarna.js"));
    assert_eq!(v["client_id"], "klarna_test_client_sandbox");
    assert_eq!(v["mode"], "sandbox");
    assert!(v.get("partner_account_id").is_none());
    let locales = strings(&v["locales"]);
    for l in ["de-DE", "en-US", "sv-SE", "fr-CA", "en-AU"] {
        assert!(locales.contains(&l.to_string()), "{l}");
    }
    assert!(
        !locales.contains(&"ro-RO".to_string()),
        "not in Klarna's messaging list"
    );
    let mut dedup = locales.clone();
    dedup.sort();
    dedup.dedup();
    assert_eq!(dedup.len(), locales.len());
    let currencies = strings(&v["currencies"]);
    for c in ["EUR", "SEK", "USD", "GBP", "AUD"] {
        assert!(currencies.contains(&c.to_string()), "{c}");
    }
    // Nothing secret: only the keys of the contract.
    let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
    assert_eq!(keys.len(), 5, "{keys:?}");
    // A preflight is answered too.
    let p = send(&t.app, "OPTIONS", "/v1/messaging/config", None, None, &[]).await;
    assert_eq!(p.status, StatusCode::NO_CONTENT);
    assert_eq!(p.header("access-control-allow-origin"), "*");
}

#[tokio::test]
async fn live_settings_are_handed_out_with_the_partner_account() {
    let t = app_with(&[
        ("KLARNA_MODE", "live"),
        ("CHECKOUT_PUBLIC_URL", "https://checkout.example"),
        ("KLARNA_API_KEY", "klarna_live_api_x"),
        ("KLARNA_CLIENT_ID", "klarna_live_client_x"),
        ("KLARNA_PARTNER_ACCOUNT_ID", "krn:partner:eu1:account:1"),
    ]);
    let v = call(&t.app, "GET", "/v1/messaging/config", None, None)
        .await
        .json();
    assert_eq!(v["sdk_url"], "https://js.klarna.com/web-sdk/v2/klarna.mjs");
    assert_eq!(v["client_id"], "klarna_live_client_x");
    assert_eq!(v["partner_account_id"], "krn:partner:eu1:account:1");
    assert_eq!(v["mode"], "live");
    assert!(!v.to_string().contains("klarna_live_api_x"));
}

#[tokio::test]
async fn sandbox_sdk_files_are_cors_open_and_the_api_is_not() {
    let t = sandbox_app();
    let a = send(
        &t.app,
        "GET",
        "/sandbox/klarna.js",
        None,
        None,
        &[("origin", "https://shop.example")],
    )
    .await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.header("access-control-allow-origin"), "*");
    let (id, secret) = create_session(&t.app, "customer+de@klarna.com").await;
    let a = call(
        &t.app,
        "GET",
        &format!("/v1/sessions/{id}/config"),
        Some(&secret),
        None,
    )
    .await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(
        a.header("access-control-allow-origin"),
        "",
        "the hosted API stays same-origin"
    );
    let a = call(
        &t.app,
        "GET",
        "/sandbox/klarna/payment-requests/nope",
        None,
        None,
    )
    .await;
    assert_eq!(a.header("access-control-allow-origin"), "");
    // The presentation fallback is still there.
    let a = call(
        &t.app,
        "GET",
        &format!("/v1/sessions/{id}/klarna/presentation"),
        Some(&secret),
        None,
    )
    .await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.json()["instruction"], "SHOW_KLARNA");
}
