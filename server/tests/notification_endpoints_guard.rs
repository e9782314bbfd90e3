//! What a merchant's notification endpoint may point at, and how far a
//! delivery goes: internal addresses and URLs with a user are refused when
//! the endpoint is made, names resolving to internal addresses are refused
//! at delivery outside sandbox mode, redirects are not followed, and a burst
//! of creations stops at the per-merchant cap.
mod common;

use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use checkout_server::jobs;
use checkout_server::routes::notifications::MAX_ENDPOINTS;
use checkout_server::store::EndpointRecord;
use common::*;
use serde_json::{json, Value};
use std::sync::{Arc, Mutex};

/// Settings of a server in `KLARNA_MODE=test` (Klarna is never called here).
const TEST_MODE: [(&str, &str); 6] = [
    ("KLARNA_MODE", "test"),
    ("KLARNA_API_KEY", "user:pass"),
    ("KLARNA_CLIENT_ID", "klarna_test_client_x"),
    ("KLARNA_PARTNER_ACCOUNT_ID", "PA1"),
    ("KLARNA_API_BASE", "http://127.0.0.1:9"),
    ("CHECKOUT_JOB_RETRY_BASE_MS", "50"),
];

/// A receiver on 127.0.0.1 answering every POST with `status` (and
/// `location`, when given); returns its base URL and the bodies it got.
async fn receiver(status: u16, location: Option<String>) -> (String, Arc<Mutex<Vec<Vec<u8>>>>) {
    let got: Arc<Mutex<Vec<Vec<u8>>>> = Arc::default();
    let seen = got.clone();
    let app = axum::Router::new().route(
        "/hook",
        post(move |body: axum::body::Bytes| {
            let (seen, location) = (seen.clone(), location.clone());
            async move {
                seen.lock().unwrap().push(body.to_vec());
                let mut headers = HeaderMap::new();
                if let Some(l) = location {
                    headers.insert("location", l.parse().unwrap());
                }
                (StatusCode::from_u16(status).unwrap(), headers)
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (base, got)
}

async fn create_endpoint(t: &TestApp, url: &str) -> Answer {
    let body = json!({"url": url});
    call(
        &t.app,
        "POST",
        "/v1/webhook-endpoints",
        Some(KEY_A),
        Some(body),
    )
    .await
}

/// Makes a session of merchant A and cancels it: one `session.canceled` event.
async fn canceled_session_event(t: &TestApp) -> String {
    let (id, _) = create_session(&t.app, "customer+de@klarna.com").await;
    let path = format!("/v1/sessions/{id}/cancel");
    let c = call(&t.app, "POST", &path, Some(KEY_A), Some(json!({}))).await;
    assert_eq!(
        c.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&c.bytes)
    );
    let events = call(&t.app, "GET", "/v1/events", Some(KEY_A), None)
        .await
        .json();
    events["data"][0]["id"].as_str().unwrap().to_string()
}

async fn attempts(t: &TestApp, event: &str) -> Vec<Value> {
    let path = format!("/v1/events/{event}");
    let e = call(&t.app, "GET", &path, Some(KEY_A), None).await.json();
    assert_eq!(e["delivered"], false, "{e}");
    e["attempts"].as_array().unwrap().clone()
}

#[tokio::test]
async fn internal_hosts_and_urls_with_a_user_are_refused_in_every_mode() {
    let sandbox = sandbox_app();
    let test_mode = app_with(&TEST_MODE);
    let internal = [
        "https://169.254.169.254/latest/meta-data",
        "https://10.0.0.1/h",
        "https://172.16.5.4/h",
        "https://192.168.0.10/h",
        "https://100.64.0.1/h",
        "https://0.0.0.0/h",
        "https://255.255.255.255/h",
        "https://224.0.0.1/h",
        "https://192.0.2.10/h",
        "https://[fd00::1]/h",
        "https://[fe80::1]/h",
        "https://[::ffff:10.0.0.1]/h",
        "https://[::ffff:169.254.169.254]/h",
        "https://0xa000001/h",
    ];
    let loopback = [
        "https://127.0.0.1/h",
        "https://localhost/h",
        "https://LocalHost./h",
        "https://api.localhost/h",
        "https://[::1]/h",
        "https://2130706433/h",
        "https://[::ffff:127.0.0.1]/h",
    ];
    for (t, mode) in [(&sandbox, "sandbox"), (&test_mode, "test")] {
        for url in internal
            .iter()
            .chain(if mode == "test" { &loopback[..] } else { &[] })
        {
            let a = create_endpoint(t, url).await;
            assert_eq!(a.status, StatusCode::BAD_REQUEST, "{mode}: {url} was taken");
            assert_eq!(a.field_paths(), ["url"], "{mode}: {url}");
            let reason = a.json()["error"]["fields"][0]["reason"].to_string();
            assert!(
                reason.contains("expected a public host"),
                "{mode}: {url}: {reason}"
            );
        }
        let a = create_endpoint(t, "https://user:pass@shop.example/hooks").await;
        assert_eq!(
            a.status,
            StatusCode::BAD_REQUEST,
            "{mode}: userinfo was taken"
        );
        assert_eq!(a.field_paths(), ["url"]);
        assert!(a.json()["error"]["fields"][0]["reason"]
            .to_string()
            .contains("without user name or password"));
        let a = create_endpoint(t, "https://hooks.shop.example:8443/in").await;
        assert_eq!(a.status, StatusCode::CREATED, "{mode}: a public https host");
    }
    // The sandbox keeps taking loopback hosts (the demo store's receiver is one).
    for url in [
        "http://127.0.0.1:9/h",
        "http://localhost:9/h",
        "http://[::1]:9/h",
    ] {
        let a = create_endpoint(&sandbox, url).await;
        assert_eq!(a.status, StatusCode::CREATED, "sandbox: {url}");
    }
    let a = create_endpoint(&test_mode, "http://127.0.0.1:9/h").await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_redirect_is_a_failed_attempt_and_is_not_followed() {
    let t = sandbox_app(); // retried only after 10 s: one attempt here
    let (target, followed) = receiver(200, None).await;
    let location = format!("{target}/hook");
    let (redirecting, got) = receiver(307, Some(location.clone())).await;
    let a = create_endpoint(&t, &format!("{redirecting}/hook")).await;
    assert_eq!(a.status, StatusCode::CREATED);
    let event = canceled_session_event(&t).await;
    jobs::drain(&t.state, "runner").await;
    assert_eq!(got.lock().unwrap().len(), 1, "the endpoint was called once");
    assert!(
        followed.lock().unwrap().is_empty(),
        "the signed body went to the Location"
    );
    let attempts = attempts(&t, &event).await;
    assert_eq!(attempts[0]["status_code"], 307);
    let error = attempts[0]["error"].as_str().unwrap();
    assert!(
        error.contains("307") && error.contains(&location),
        "{error}"
    );
    assert!(!error.contains("could not connect"), "{error}");
}

#[tokio::test]
async fn outside_the_sandbox_deliveries_reach_public_addresses_only() {
    let t = app_with(&TEST_MODE);
    let (base, got) = receiver(200, None).await;
    let port = base.rsplit(':').next().unwrap();
    // Endpoints as they would be when a public name now resolves to an
    // internal address (`localhost`), or made before addresses were checked.
    let urls = [
        format!("http://localhost:{port}/hook"),
        format!("{base}/hook"),
        format!("http://2130706433:{port}/hook"),
    ];
    for (i, url) in urls.iter().enumerate() {
        let e = EndpointRecord {
            id: format!("we_internal_{i}"),
            merchant_id: "shop_a".into(),
            url: url.clone(),
            event_types: Vec::new(),
            secret: "whsec_x".into(),
            created_at: checkout_server::clock::now(),
        };
        t.state.store.insert_endpoint(&e).await.unwrap();
    }
    let event = canceled_session_event(&t).await;
    jobs::drain(&t.state, "runner").await;
    assert!(
        got.lock().unwrap().is_empty(),
        "an internal address was called"
    );
    let first = attempts(&t, &event).await;
    for url in &urls {
        assert!(
            first.iter().any(|a| a["url"] == url.as_str()),
            "{url} was not tried"
        );
    }
    for a in &first {
        let error = a["error"].as_str().unwrap();
        if a["url"].as_str().unwrap().contains("localhost") {
            let refused =
                error.starts_with("the endpoint's address ") && error.ends_with(" is not public");
            assert!(refused, "{error}");
        } else {
            assert_eq!(error, "the endpoint's address 127.0.0.1 is not public");
        }
        assert_eq!(a["status_code"], Value::Null);
    }
    // Retried like any failed delivery, and refused again.
    tokio::time::sleep(std::time::Duration::from_millis(150)).await;
    jobs::drain(&t.state, "runner").await;
    assert!(attempts(&t, &event).await.len() > first.len());
    assert!(got.lock().unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_burst_of_creations_stops_at_the_cap() {
    let t = sandbox_app();
    let tasks: Vec<_> = (0..30)
        .map(|i| {
            let app = t.app.clone();
            tokio::spawn(async move {
                let body = json!({"url": format!("https://h{i}.shop.example/hooks")});
                call(
                    &app,
                    "POST",
                    "/v1/webhook-endpoints",
                    Some(KEY_A),
                    Some(body),
                )
                .await
                .status
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for task in tasks {
        statuses.push(task.await.unwrap());
    }
    let created = statuses
        .iter()
        .filter(|s| **s == StatusCode::CREATED)
        .count();
    let refused = statuses
        .iter()
        .filter(|s| **s == StatusCode::CONFLICT)
        .count();
    assert_eq!(
        (created, refused),
        (MAX_ENDPOINTS, 30 - MAX_ENDPOINTS),
        "{statuses:?}"
    );
    let list = call(&t.app, "GET", "/v1/webhook-endpoints", Some(KEY_A), None).await;
    assert_eq!(list.json()["data"].as_array().unwrap().len(), MAX_ENDPOINTS);
    // Deleting one makes room for one more.
    let id = list.json()["data"][0]["id"].as_str().unwrap().to_string();
    let path = format!("/v1/webhook-endpoints/{id}");
    let del = call(&t.app, "DELETE", &path, Some(KEY_A), None).await;
    assert_eq!(del.status, StatusCode::NO_CONTENT);
    assert_eq!(
        create_endpoint(&t, "https://again.shop.example/h")
            .await
            .status,
        StatusCode::CREATED
    );
    assert_eq!(
        create_endpoint(&t, "https://more.shop.example/h")
            .await
            .status,
        StatusCode::CONFLICT
    );
}
