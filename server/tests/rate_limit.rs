//! Rate limiting per client on the public endpoints: `429 rate_limited` with
//! `Retry-After`, counters per client IP and route group, kept in the store
//! so every instance on the database shares them.

mod common;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode};
use axum::Router;
use checkout_server::{app, AppState};
use common::*;
use http_body_util::BodyExt;
use serde_json::json;
use std::net::SocketAddr;
use tower::ServiceExt;

/// GET `path` as the client `peer` (None: no `ConnectInfo`, as in plain
/// `oneshot` tests) with extra headers; returns status and `Retry-After`.
async fn get_as(
    app: &Router,
    path: &str,
    bearer: &str,
    peer: Option<&str>,
    headers: &[(&str, &str)],
) -> (StatusCode, String, serde_json::Value) {
    let mut rb = Request::builder()
        .method("GET")
        .uri(path)
        .header("authorization", format!("Bearer {bearer}"));
    for (k, v) in headers {
        rb = rb.header(*k, *v);
    }
    let mut req = rb.body(Body::empty()).unwrap();
    if let Some(p) = peer {
        let addr: SocketAddr = p.parse().unwrap();
        req.extensions_mut().insert(ConnectInfo(addr));
    }
    let res = app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let retry = res
        .headers()
        .get("retry-after")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        retry,
        serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null),
    )
}

/// Waits, when the current one-minute window is about to end, for the next
/// one, so a test's requests all fall into one window.
async fn fresh_window() {
    let now = time::OffsetDateTime::now_utc();
    let into = now.unix_timestamp().rem_euclid(60);
    if into >= 55 {
        let wait = (60 - into) as u64 * 1000 + 100 - u64::from(now.millisecond());
        tokio::time::sleep(std::time::Duration::from_millis(wait)).await;
    }
}

async fn limited(n: &str) -> TestApp {
    fresh_window().await;
    app_with(&[("CHECKOUT_RATE_LIMIT", n)])
}

#[tokio::test]
async fn the_hosted_api_answers_429_with_retry_after_past_the_limit() {
    let t = limited("3").await;
    let (id, secret) = create_session(&t.app, "customer+de@klarna.com").await;
    let path = format!("/v1/sessions/{id}/config");
    for _ in 0..3 {
        let (st, _, _) = get_as(&t.app, &path, &secret, None, &[]).await;
        assert_eq!(st, StatusCode::OK);
    }
    let (st, retry, body) = get_as(&t.app, &path, &secret, None, &[]).await;
    assert_eq!(st, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(body["error"]["code"], "rate_limited");
    let secs: u64 = retry.parse().expect("Retry-After in seconds");
    assert!((1..=60).contains(&secs), "{secs}");
    // Every route of the group shares the counter.
    let a = authorize(&t.app, &id, &secret).await;
    assert_eq!(a.status, StatusCode::TOO_MANY_REQUESTS);
    // The merchant API (server to server, authenticated) is not limited.
    for _ in 0..6 {
        let a = call(
            &t.app,
            "GET",
            &format!("/v1/sessions/{id}"),
            Some(KEY_A),
            None,
        )
        .await;
        assert_eq!(a.status, StatusCode::OK);
    }
    // Another group has its own counter.
    let a = call(&t.app, "POST", "/v1/webhooks/klarna", None, Some(json!({}))).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST, "not rate limited");
}

#[tokio::test]
async fn every_public_group_is_limited() {
    let t = limited("1").await;
    let checks: Vec<(&str, &str, Option<serde_json::Value>)> = vec![
        ("POST", "/v1/webhooks/klarna", Some(json!({}))),
        (
            "POST",
            "/demo/sessions",
            Some(json!({"persona": "approve", "country": "DE"})),
        ),
        ("GET", "/sandbox/klarna/payment-requests/nope", None),
        ("GET", "/v1/messaging/config", None),
    ];
    for (method, path, body) in checks {
        let first = call(&t.app, method, path, None, body.clone()).await;
        assert_ne!(first.status, StatusCode::TOO_MANY_REQUESTS, "{path}");
        let second = call(&t.app, method, path, None, body).await;
        assert_eq!(second.status, StatusCode::TOO_MANY_REQUESTS, "{path}");
        assert!(!second.header("retry-after").is_empty(), "{path}");
    }
}

#[tokio::test]
async fn clients_are_told_apart_by_ip_and_forwarded_for_only_behind_a_trusted_proxy() {
    let t = limited("2").await;
    let (id, secret) = create_session(&t.app, "customer+de@klarna.com").await;
    let path = format!("/v1/sessions/{id}/config");
    let (one, two) = (Some("192.0.2.1:5000"), Some("192.0.2.2:5000"));
    for _ in 0..2 {
        assert_eq!(
            get_as(&t.app, &path, &secret, one, &[]).await.0,
            StatusCode::OK
        );
    }
    assert_eq!(
        get_as(&t.app, &path, &secret, one, &[]).await.0,
        StatusCode::TOO_MANY_REQUESTS
    );
    // Another port of the same address is the same client.
    assert_eq!(
        get_as(&t.app, &path, &secret, Some("192.0.2.1:6000"), &[])
            .await
            .0,
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(
        get_as(&t.app, &path, &secret, two, &[]).await.0,
        StatusCode::OK
    );
    // Without CHECKOUT_TRUST_PROXY a forged X-Forwarded-For changes nothing.
    let xff = [("x-forwarded-for", "198.51.100.9")];
    assert_eq!(
        get_as(&t.app, &path, &secret, one, &xff).await.0,
        StatusCode::TOO_MANY_REQUESTS
    );

    fresh_window().await;
    let t = app_with(&[("CHECKOUT_RATE_LIMIT", "1"), ("CHECKOUT_TRUST_PROXY", "1")]);
    let (id, secret) = create_session(&t.app, "customer+de@klarna.com").await;
    let path = format!("/v1/sessions/{id}/config");
    let proxy = Some("127.0.0.1:4000");
    // The load balancer appends the address it was connected from: the
    // last hop. What comes before it is the client's to write, so an
    // invented first hop is not a new client.
    let a = [("x-forwarded-for", "10.9.1.1, 198.51.100.1")];
    let a_again = [("x-forwarded-for", "10.9.1.2, 198.51.100.1")];
    let b = [("x-forwarded-for", "198.51.100.1, 198.51.100.2")];
    assert_eq!(
        get_as(&t.app, &path, &secret, proxy, &a).await.0,
        StatusCode::OK
    );
    assert_eq!(
        get_as(&t.app, &path, &secret, proxy, &a_again).await.0,
        StatusCode::TOO_MANY_REQUESTS,
        "only the hop the proxy appended counts"
    );
    assert_eq!(
        get_as(&t.app, &path, &secret, proxy, &b).await.0,
        StatusCode::OK
    );

    // Two proxies (CDN, then load balancer): the second hop from the end.
    let t = app_with(&[("CHECKOUT_RATE_LIMIT", "1"), ("CHECKOUT_TRUST_PROXY", "2")]);
    let (id, secret) = create_session(&t.app, "customer+de@klarna.com").await;
    let path = format!("/v1/sessions/{id}/config");
    let a = [("x-forwarded-for", "10.9.1.1, 198.51.100.1, 192.0.2.50")];
    let a_again = [("x-forwarded-for", "198.51.100.1, 192.0.2.51")];
    let b = [("x-forwarded-for", "198.51.100.1, 198.51.100.2, 192.0.2.50")];
    assert_eq!(
        get_as(&t.app, &path, &secret, proxy, &a).await.0,
        StatusCode::OK
    );
    assert_eq!(
        get_as(&t.app, &path, &secret, proxy, &a_again).await.0,
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(
        get_as(&t.app, &path, &secret, proxy, &b).await.0,
        StatusCode::OK
    );
}

/// The outside tester's probe: six requests behind one proxy, each with an
/// invented first hop, under a limit of 3.
#[tokio::test]
async fn an_invented_first_forwarded_hop_does_not_escape_the_limit() {
    fresh_window().await;
    let t = app_with(&[("CHECKOUT_RATE_LIMIT", "3"), ("CHECKOUT_TRUST_PROXY", "1")]);
    let (id, secret) = create_session(&t.app, "customer+de@klarna.com").await;
    let path = format!("/v1/sessions/{id}/config");
    let mut statuses = Vec::new();
    for i in 0..6 {
        let xff = format!("10.9.1.{i}, 198.51.100.9");
        let h = [("x-forwarded-for", xff.as_str())];
        statuses.push(
            get_as(&t.app, &path, &secret, Some("127.0.0.1:4000"), &h)
                .await
                .0,
        );
    }
    let limited = statuses
        .iter()
        .filter(|s| **s == StatusCode::TOO_MANY_REQUESTS)
        .count();
    assert_eq!(limited, 3, "{statuses:?}");
}

#[tokio::test]
async fn instances_on_one_database_share_the_counters() {
    let t = limited("4").await;
    let (id, secret) = create_session(&t.app, "customer+de@klarna.com").await;
    let s = settings(&t.dir, &[("CHECKOUT_RATE_LIMIT", "4")]);
    let other = app(AppState::new(s.clone(), open_store(&s)).unwrap());
    let path = format!("/v1/sessions/{id}/config");
    let peer = Some("192.0.2.7:1234");
    for app in [&t.app, &other, &t.app, &other] {
        assert_eq!(
            get_as(app, &path, &secret, peer, &[]).await.0,
            StatusCode::OK
        );
    }
    assert_eq!(
        get_as(&other, &path, &secret, peer, &[]).await.0,
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(
        get_as(&t.app, &path, &secret, peer, &[]).await.0,
        StatusCode::TOO_MANY_REQUESTS
    );
}

#[tokio::test]
async fn zero_disables_and_the_default_is_600() {
    let t = limited("0").await;
    let (id, secret) = create_session(&t.app, "customer+de@klarna.com").await;
    for _ in 0..30 {
        let a = call(
            &t.app,
            "GET",
            &format!("/v1/sessions/{id}/config"),
            Some(&secret),
            None,
        )
        .await;
        assert_eq!(a.status, StatusCode::OK);
    }
    assert_eq!(sandbox_app().state.settings.rate_limit, 600);
    let e = checkout_server::Settings::from_env(&env(&[("CHECKOUT_RATE_LIMIT", "lots")]))
        .unwrap_err()
        .to_string();
    assert!(e.starts_with("CHECKOUT_RATE_LIMIT: "), "{e}");
    for bad in ["maybe", "-1", "11"] {
        let e = checkout_server::Settings::from_env(&env(&[("CHECKOUT_TRUST_PROXY", bad)]))
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("CHECKOUT_TRUST_PROXY: "), "{e}");
    }
    for (v, hops) in [("0", 0), ("1", 1), ("true", 1), ("false", 0), ("3", 3)] {
        let s = checkout_server::Settings::from_env(&env(&[("CHECKOUT_TRUST_PROXY", v)])).unwrap();
        assert_eq!(s.trust_proxy, hops, "{v}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_real_listener_limits_by_the_connections_address() {
    let t = limited("2").await;
    let (id, secret) = create_session(&t.app, "customer+de@klarna.com").await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let service = t
        .app
        .clone()
        .into_make_service_with_connect_info::<SocketAddr>();
    tokio::spawn(async move { axum::serve(listener, service).await });
    let http = reqwest::Client::new();
    let mut statuses = Vec::new();
    for _ in 0..3 {
        let r = http
            .get(format!("{base}/v1/sessions/{id}/config"))
            .bearer_auth(&secret)
            .send()
            .await
            .unwrap();
        statuses.push(r.status().as_u16());
    }
    assert_eq!(statuses, vec![200, 200, 429]);
    // The counter was keyed by the peer's address, not the fallback key.
    let hits = t
        .state
        .store
        .rate_limit_hit(
            "hosted:127.0.0.1",
            checkout_server::ratelimit::window(time::OffsetDateTime::now_utc().unix_timestamp()).0,
        )
        .await
        .unwrap();
    assert!(hits >= 4, "{hits}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_requests_are_counted_exactly() {
    let t = limited("15").await;
    let (id, secret) = create_session(&t.app, "customer+de@klarna.com").await;
    let path = format!("/v1/sessions/{id}/config");
    let mut tasks = Vec::new();
    for i in 0..40 {
        let (app, path, secret) = (t.app.clone(), path.clone(), secret.clone());
        tasks.push(tokio::spawn(async move {
            // Results, which write to the store too, race with the counter.
            if i % 4 == 0 {
                let body = json!({"outcome": "aborted"});
                let p = path.replace("/config", "/result");
                let key = format!("k-{i}");
                return send(
                    &app,
                    "POST",
                    &p,
                    Some(&secret),
                    Some(&body.to_string()),
                    &[("idempotency-key", &key)],
                )
                .await
                .status;
            }
            get_as(&app, &path, &secret, Some("192.0.2.9:1"), &[])
                .await
                .0
        }));
    }
    let mut ok = 0;
    let mut limited_n = 0;
    for task in tasks {
        match task.await.unwrap() {
            StatusCode::OK => ok += 1,
            StatusCode::TOO_MANY_REQUESTS => limited_n += 1,
            other => panic!("{other}"),
        }
    }
    // The 10 results come from the fallback client key, the 30 configs from one address.
    assert_eq!(
        (ok, limited_n),
        (25, 15),
        "exactly the limit got through per client"
    );
}
