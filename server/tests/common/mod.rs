//! Shared test harness: a sandbox app on a real SQLite file in a tempdir,
//! driven through `app()` with `oneshot`.
#![allow(dead_code)]

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use checkout_server::store::{self, Backend};
use checkout_server::{app, AppState, Settings};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::Arc;
use tempfile::TempDir;
use tower::ServiceExt;

pub const KEY_A: &str = "sk_test_shop_a_0001";
pub const KEY_B: &str = "sk_test_shop_b_0002";
pub const SIGNING_KEY_ID: &str = "k1";
pub const SIGNING_SECRET: &str = "whsec_test_secret_1";
/// Nothing listens on the discard port, so sandbox webhooks fail fast.
pub const PUBLIC_URL: &str = "http://127.0.0.1:9";

pub struct TestApp {
    pub dir: TempDir,
    pub state: AppState,
    pub app: Router,
}

/// A lookup over fixed pairs, for `Settings::from_env`.
pub fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
    let map: HashMap<String, String> = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    move |k| map.get(k).cloned()
}

#[path = "../support/pg.rs"]
pub mod pg;

/// Settings for a tempdir: sandbox, two merchants, one signing key, plus `extra`.
/// With `CHECKOUT_TEST_SERVER_ON_POSTGRES=1` (and `CHECKOUT_TEST_DATABASE_URL`)
/// the store is a fresh schema on PostgreSQL instead of SQLite in the tempdir.
pub fn settings(dir: &TempDir, extra: &[(&str, &str)]) -> Settings {
    let data = dir.path().join("data");
    let www = dir.path().join("www");
    let (data, www) = (
        data.to_str().unwrap().to_string(),
        www.to_str().unwrap().to_string(),
    );
    let keys = format!("shop_a:{KEY_A},shop_b:{KEY_B}");
    let signing = format!("{SIGNING_KEY_ID}:{SIGNING_SECRET}");
    let mut pairs: Vec<(&str, &str)> = vec![
        ("CHECKOUT_DATA_DIR", &data),
        ("CHECKOUT_WWW_DIR", &www),
        ("CHECKOUT_MERCHANT_KEYS", &keys),
        ("CHECKOUT_PUBLIC_URL", PUBLIC_URL),
        ("KLARNA_WEBHOOK_SIGNING_KEYS", &signing),
    ];
    // One schema per tempdir (kept in a file there), so apps built twice on
    // one dir share the database as they would on SQLite.
    let pg = (std::env::var("CHECKOUT_TEST_SERVER_ON_POSTGRES").as_deref() == Ok("1"))
        .then(|| {
            let file = dir.path().join("postgres-url");
            std::fs::read_to_string(&file).ok().or_else(|| {
                let url = pg::fresh_url("server test")?;
                std::fs::write(&file, &url).unwrap();
                Some(url)
            })
        })
        .flatten();
    if let Some(url) = &pg {
        pairs.push(("CHECKOUT_DATABASE_URL", url));
        // Suites of a thousand concurrent requests on a loaded 2-core machine:
        // a longer wait for a pooled connection than production's 5 s.
        pairs.push(("CHECKOUT_DATABASE_TIMEOUT_MS", "30000"));
    }
    pairs.retain(|(k, _)| !extra.iter().any(|(e, _)| e == k));
    pairs.extend_from_slice(extra);
    Settings::from_env(&env(&pairs)).expect("test settings are valid")
}

/// A complete live-mode setting (https everywhere, a public URL).
pub const LIVE: [(&str, &str); 6] = [
    ("KLARNA_MODE", "live"),
    ("CHECKOUT_MERCHANT_KEYS", "m1:sk_live_0123456789"),
    ("KLARNA_API_KEY", "klarna_live_api_secretvalue"),
    ("KLARNA_CLIENT_ID", "klarna_live_client_x"),
    ("KLARNA_PARTNER_ACCOUNT_ID", "krn:partner:eu1:account:1"),
    ("CHECKOUT_PUBLIC_URL", "https://pay.example"),
];

/// The one-line error `pairs` stop the server with (a test fails when they
/// are accepted).
pub fn settings_err(pairs: &[(&str, &str)]) -> String {
    match Settings::from_env(&env(pairs)) {
        Ok(_) => panic!("expected an error for {pairs:?}"),
        Err(e) => e.to_string(),
    }
}

/// Writes the static files the page routes serve.
pub fn write_www(dir: &TempDir) {
    let www = dir.path().join("www");
    std::fs::create_dir_all(www.join("pkg")).unwrap();
    std::fs::create_dir_all(www.join("demo")).unwrap();
    std::fs::create_dir_all(www.join("sandbox")).unwrap();
    std::fs::write(
        www.join("hpp.html"),
        "<!doctype html><title>Payment</title><main id=app></main>",
    )
    .unwrap();
    std::fs::write(
        www.join("demo/index.html"),
        "<!doctype html><title>Demo store</title>",
    )
    .unwrap();
    std::fs::write(
        www.join("sandbox/klarna.js"),
        "export async function KlarnaSDK(c) { return {}; }\n".repeat(20),
    )
    .unwrap();
    std::fs::write(
        www.join("pkg/klarna_hosted_checkout_bg.wasm"),
        b"\0asm\x01\0\0\0",
    )
    .unwrap();
    std::fs::write(
        www.join("pkg/klarna_hosted_checkout.js"),
        "export default function init() {}\n",
    )
    .unwrap();
    std::fs::write(www.join("pkg/app-3f9a1c2b.js"), "export const x = 1;\n").unwrap();
    std::fs::create_dir_all(www.join("pkg/snippets")).unwrap();
    std::fs::write(www.join("pkg/snippets/module.mjs"), "export const y = 2;\n").unwrap();
}

/// The store the settings name, through `store::open_blocking` as the server
/// opens it.
pub fn open_store(settings: &Settings) -> Arc<dyn Backend> {
    store::open_blocking(settings).expect("store opens")
}

/// A sandbox app with static files.
/// The app's state in `KLARNA_MODE=test` with Klarna's API at `klarna_base`
/// (a mock), on a fresh tempdir (kept alive by the caller).
pub fn test_mode_state(klarna_base: &str) -> (TempDir, AppState) {
    let dir = tempfile::tempdir().unwrap();
    write_www(&dir);
    let s = settings(
        &dir,
        &[
            ("KLARNA_MODE", "test"),
            ("KLARNA_API_BASE", klarna_base),
            ("KLARNA_API_KEY", "user:pass"),
            ("KLARNA_CLIENT_ID", "klarna_test_client_x"),
            ("KLARNA_PARTNER_ACCOUNT_ID", "PA9"),
        ],
    );
    let state = AppState::new(s.clone(), open_store(&s)).unwrap();
    (dir, state)
}

pub fn sandbox_app() -> TestApp {
    app_with(&[])
}

/// An app with extra settings.
pub fn app_with(extra: &[(&str, &str)]) -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    write_www(&dir);
    let s = settings(&dir, extra);
    let store = open_store(&s);
    let state = AppState::new(s, store).expect("state");
    TestApp {
        app: app(state.clone()),
        state,
        dir,
    }
}

/// One request's answer.
pub struct Answer {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub bytes: Vec<u8>,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.bytes)
            .unwrap_or_else(|_| panic!("not JSON: {}", String::from_utf8_lossy(&self.bytes)))
    }
    pub fn header(&self, name: &str) -> String {
        self.headers
            .get(name)
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default()
    }
    /// Paths of the error body's fields.
    pub fn field_paths(&self) -> Vec<String> {
        let v = self.json();
        v["error"]["fields"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|f| f["path"].as_str().unwrap().to_string())
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// Sends one request through the router.
pub async fn send(
    app: &Router,
    method: &str,
    path: &str,
    bearer: Option<&str>,
    body: Option<&str>,
    headers: &[(&str, &str)],
) -> Answer {
    let mut rb = Request::builder().method(method).uri(path);
    if let Some(b) = bearer {
        rb = rb.header("authorization", format!("Bearer {b}"));
    }
    if body.is_some() {
        rb = rb.header("content-type", "application/json");
    }
    for (k, v) in headers {
        rb = rb.header(*k, *v);
    }
    let req = rb
        .body(
            body.map(|b| Body::from(b.to_string()))
                .unwrap_or_else(Body::empty),
        )
        .unwrap();
    let res = app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = res.into_body().collect().await.unwrap().to_bytes().to_vec();
    Answer {
        status,
        headers,
        bytes,
    }
}

/// JSON request with a bearer token.
pub async fn call(
    app: &Router,
    method: &str,
    path: &str,
    bearer: Option<&str>,
    body: Option<Value>,
) -> Answer {
    let body = body.map(|b| b.to_string());
    send(app, method, path, bearer, body.as_deref(), &[]).await
}

/// A valid creation body for DE with `email`.
pub fn session_body(email: &str) -> Value {
    json!({
        "amount": 11800, "currency": "EUR", "country": "DE", "locale": "de-DE",
        "merchant_reference": "order-123",
        "order_lines": [{"name": "Sneakers", "quantity": 1, "unit_price": 11800, "total_amount": 11800}],
        "customer": {"email": email},
        "return_url": "https://shop.example/return",
        "allowed_origins": ["https://shop.example", "https://www.shop.example"]
    })
}

/// Creates a session for merchant A; returns `(id, client_secret)`.
pub async fn create_session(app: &Router, email: &str) -> (String, String) {
    let a = call(
        app,
        "POST",
        "/v1/sessions",
        Some(KEY_A),
        Some(session_body(email)),
    )
    .await;
    assert_eq!(
        a.status,
        StatusCode::CREATED,
        "{}",
        String::from_utf8_lossy(&a.bytes)
    );
    let v = a.json();
    (
        v["id"].as_str().unwrap().to_string(),
        v["client_secret"].as_str().unwrap().to_string(),
    )
}

/// `POST …/klarna/authorize` with the client secret.
pub async fn authorize(app: &Router, id: &str, secret: &str) -> Answer {
    call(
        app,
        "POST",
        &format!("/v1/sessions/{id}/klarna/authorize"),
        Some(secret),
        Some(json!({})),
    )
    .await
}

/// `POST …/result` with an idempotency key.
pub async fn result(app: &Router, id: &str, secret: &str, key: &str, body: &Value) -> Answer {
    let body = body.to_string();
    send(
        app,
        "POST",
        &format!("/v1/sessions/{id}/result"),
        Some(secret),
        Some(&body),
        &[("idempotency-key", key)],
    )
    .await
}

/// `POST /v1/webhooks/klarna` with `envelope` signed by the test signing key,
/// as Klarna sends it (the job runner has not handled it yet).
pub async fn post_signed_webhook(app: &Router, envelope: &Value) -> Answer {
    post_webhook_signed_with(app, SIGNING_KEY_ID, SIGNING_SECRET, envelope).await
}

/// [`post_signed_webhook`] with signing key `key_id` and its `secret`.
pub async fn post_webhook_signed_with(
    app: &Router,
    key_id: &str,
    secret: &str,
    envelope: &Value,
) -> Answer {
    let body = envelope.to_string();
    let sig = checkout_server::webhook::sign(secret, body.as_bytes());
    let headers = [
        ("klarna-signing-key-id", key_id),
        ("klarna-signature", sig.as_str()),
    ];
    send(
        app,
        "POST",
        "/v1/webhooks/klarna",
        None,
        Some(&body),
        &headers,
    )
    .await
}

/// What the sandbox's Klarna recorded for session `id`
/// (`GET /sandbox/klarna/requests`), oldest first.
pub async fn klarna_requests(app: &Router, id: &str) -> Vec<Value> {
    let path = format!("/sandbox/klarna/requests?session={id}");
    let seen = call(app, "GET", &path, Some(KEY_A), None).await.json();
    seen["requests"].as_array().cloned().unwrap_or_default()
}

/// The merchant's view of a session.
/// A session of `email` that the sandbox's Klarna approved: `(id, client secret)`.
pub async fn authorized_session(app: &Router, email: &str) -> (String, String) {
    let (id, secret) = create_session(app, email).await;
    assert_eq!(
        authorize(app, &id, &secret).await.json()["result"],
        "APPROVED"
    );
    (id, secret)
}

/// An active merchant onboarded through the operator API on its own Klarna
/// partner account `partner` (no onboarding at Klarna), with a key of its
/// own: `(merchant id, secret)`.
pub async fn own_account_merchant(
    app: &Router,
    reference: &str,
    partner: &str,
) -> (String, String) {
    const ADMIN: &str = "sk_admin_demo";
    let body = json!({
        "reference": reference, "name": format!("Shop {reference}"), "contact": {"email": "ops@shop.example"},
        "business_entity": {
            "registered_name": "Shop GmbH", "registration_number": "HRB 1", "country": "DE",
            "address": {"street_address": "Hauptstraße 1", "postal_code": "10115", "city": "Berlin", "country": "DE"}
        },
        "merchant_category_code": "5661",
        "stores": [{"name": "Web", "url": format!("https://{reference}.shop.example")}],
        "klarna": {"partner_account_id": partner}
    });
    let m = call(app, "POST", "/v1/admin/merchants", Some(ADMIN), Some(body)).await;
    assert_eq!(
        m.status,
        StatusCode::CREATED,
        "{}",
        String::from_utf8_lossy(&m.bytes)
    );
    assert_eq!(m.json()["klarna"]["onboarding"], "active");
    let id = m.json()["id"].as_str().unwrap().to_string();
    let path = format!("/v1/admin/merchants/{id}/keys");
    let key = call(app, "POST", &path, Some(ADMIN), None).await.json();
    (id, key["secret"].as_str().unwrap().to_string())
}

/// The partner accounts the sandbox's Klarna was asked on for `op` of
/// session `sid` (calls that did not fail), in order.
pub async fn klarna_accounts(t: &TestApp, sid: &str, op: &str) -> Vec<Value> {
    let calls = t
        .state
        .sandbox
        .sandbox_calls(Some(sid), None)
        .await
        .unwrap();
    calls
        .iter()
        .filter(|c| c.operation == op && c.outcome != "failed")
        .map(|c| c.detail["partner_account_id"].clone())
        .collect()
}

/// Moves merchant `mid` to Klarna partner account `partner` (the
/// operator's `PATCH`), checking that it took.
pub async fn move_merchant(app: &Router, mid: &str, partner: &str) {
    let path = format!("/v1/admin/merchants/{mid}");
    let body = json!({"klarna": {"partner_account_id": partner}});
    let moved = call(app, "PATCH", &path, Some("sk_admin_demo"), Some(body)).await;
    assert_eq!(
        moved.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&moved.bytes)
    );
    assert_eq!(moved.json()["klarna"]["partner_account_id"], partner);
}

pub async fn merchant_view(app: &Router, id: &str) -> Value {
    let a = call(app, "GET", &format!("/v1/sessions/{id}"), Some(KEY_A), None).await;
    assert_eq!(a.status, StatusCode::OK);
    a.json()
}

/// Runs a step-up journey to completion: returns `(payment_request_id, token)`.
pub async fn complete_step_up(app: &Router, id: &str, secret: &str) -> (String, String) {
    let a = authorize(app, id, secret).await;
    assert_eq!(a.status, StatusCode::OK);
    let v = a.json();
    assert_eq!(v["result"], "STEP_UP_REQUIRED", "{v}");
    let pr = v["payment_request_id"].as_str().unwrap().to_string();
    let done = call(
        app,
        "POST",
        &format!("/sandbox/klarna/payment-requests/{pr}/complete"),
        Some(secret),
        Some(json!({})),
    )
    .await;
    assert_eq!(
        done.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&done.bytes)
    );
    let dv = done.json();
    assert_eq!(dv["state"], "COMPLETED");
    (
        pr,
        dv["klarna_network_session_token"]
            .as_str()
            .unwrap()
            .to_string(),
    )
}
