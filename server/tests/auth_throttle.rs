//! Keys guessed online: after 20 answers of `401` to one client in a minute,
//! the merchant API, its notification endpoints and the operator API answer
//! that client `429` with `Retry-After` until the minute ends, without
//! looking at its key (a right guess past the limit tells nothing), while
//! other clients go on. `CHECKOUT_RATE_LIMIT=0` turns it off.

mod common;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode};
use checkout_server::auth_throttle::FAILURES_PER_MINUTE;
use common::*;
use std::net::{IpAddr, SocketAddr};
use tower::ServiceExt;

/// `GET path` with `key` from `ip`, as the server sees a connection.
async fn from(t: &TestApp, ip: &str, path: &str, key: &str) -> (StatusCode, Option<String>) {
    let mut req = Request::builder()
        .uri(path)
        .header("authorization", format!("Bearer {key}"))
        .body(Body::empty())
        .unwrap();
    let addr = SocketAddr::new(ip.parse::<IpAddr>().unwrap(), 40000);
    req.extensions_mut().insert(ConnectInfo(addr));
    let res = t.app.clone().oneshot(req).await.unwrap();
    let retry = res
        .headers()
        .get("retry-after")
        .map(|v| v.to_str().unwrap().to_string());
    (res.status(), retry)
}

/// Waits for the next one-minute window when fewer than 15 s are left of
/// this one, so a test's guesses all fall into one window (the counters are
/// per window: guesses split across two would never reach the limit).
async fn a_whole_window() {
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let (_, left) = checkout_server::ratelimit::window(now);
    if left < 15 {
        tokio::time::sleep(std::time::Duration::from_secs(left as u64 + 1)).await;
    }
}

#[tokio::test]
async fn a_client_guessing_keys_is_turned_away_and_others_go_on() {
    let t = sandbox_app();
    a_whole_window().await;
    let guesser = "203.0.113.9";
    for i in 0..FAILURES_PER_MINUTE {
        let path = [
            "/v1/sessions/hcs_x",
            "/v1/admin/merchants",
            "/v1/webhook-endpoints",
        ][i as usize % 3];
        assert_eq!(
            from(&t, guesser, path, &format!("sk_guess_{i}")).await.0,
            StatusCode::UNAUTHORIZED,
            "{i}"
        );
    }
    // Past the limit: 429 with Retry-After, for a wrong key and for the right one alike.
    for key in ["sk_guess_more", KEY_A] {
        let (status, retry) = from(&t, guesser, "/v1/sessions?limit=1", key).await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{key}");
        let secs: i64 = retry.expect("Retry-After").parse().unwrap();
        assert!((1..=60).contains(&secs), "{secs}");
    }
    // Another client, and the same one's neighbour in another /64, go on.
    assert_eq!(
        from(&t, "198.51.100.4", "/v1/sessions?limit=1", KEY_A)
            .await
            .0,
        StatusCode::OK
    );
    assert_eq!(
        from(&t, "198.51.100.4", "/v1/sessions?limit=1", "sk_nope")
            .await
            .0,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn an_ipv6_guesser_is_one_client_per_64() {
    let t = sandbox_app();
    a_whole_window().await;
    for i in 0..FAILURES_PER_MINUTE {
        let ip = format!("2001:db8:7:7::{:x}", i + 1);
        assert_eq!(
            from(&t, &ip, "/v1/admin/merchants", "sk_admin_guess")
                .await
                .0,
            StatusCode::UNAUTHORIZED
        );
    }
    let (status, _) = from(
        &t,
        "2001:db8:7:7::ffff",
        "/v1/admin/merchants",
        "sk_admin_guess",
    )
    .await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    let (status, _) = from(
        &t,
        "2001:db8:7:8::1",
        "/v1/admin/merchants",
        "sk_admin_guess",
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn successes_do_not_count_and_zero_turns_it_off() {
    let t = sandbox_app();
    for _ in 0..(FAILURES_PER_MINUTE + 5) {
        assert_eq!(
            from(&t, "203.0.113.20", "/v1/sessions?limit=1", KEY_A)
                .await
                .0,
            StatusCode::OK
        );
    }
    let t = app_with(&[("CHECKOUT_RATE_LIMIT", "0")]);
    for _ in 0..(FAILURES_PER_MINUTE + 5) {
        assert_eq!(
            from(&t, "203.0.113.21", "/v1/sessions?limit=1", "sk_guess")
                .await
                .0,
            StatusCode::UNAUTHORIZED
        );
    }
}
