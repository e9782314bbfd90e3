//! Operating the server: `/healthz`, `/readyz`, the request id (answer,
//! logs' span, `Partner-Correlation-Id` to Klarna) and the Prometheus metrics.

mod common;
#[path = "support/klarna_mock.rs"]
mod klarna_mock;

use axum::http::StatusCode;
use checkout_server::{app, ops, AppState};
use common::*;
use klarna_mock::{approved, mock};
use std::sync::atomic::Ordering;

#[tokio::test]
async fn health_and_readiness() {
    let t = sandbox_app();
    let a = call(&t.app, "GET", "/healthz", None, None).await;
    assert_eq!(
        (a.status, a.json()["status"].clone()),
        (StatusCode::OK, "ok".into())
    );
    let a = call(&t.app, "GET", "/readyz", None, None).await;
    assert_eq!(
        a.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&a.bytes)
    );
    assert_eq!(a.json()["status"], "ready");
    // After SIGTERM the load balancer is told to stop sending.
    t.state.draining.store(true, Ordering::Relaxed);
    let a = call(&t.app, "GET", "/readyz", None, None).await;
    assert_eq!(a.status, StatusCode::SERVICE_UNAVAILABLE);
    let v = a.json();
    assert!(
        v["problems"][0].as_str().unwrap().starts_with("draining"),
        "{v}"
    );
    assert_eq!(v["error"]["code"], "internal");
    // Liveness stays green while draining.
    assert_eq!(
        call(&t.app, "GET", "/healthz", None, None).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn readiness_names_a_broken_store() {
    let dir = tempfile::tempdir().unwrap();
    write_www(&dir);
    let path = dir.path().join("broken.sqlite");
    let url = format!("sqlite://{}", path.display());
    let s = settings(&dir, &[("CHECKOUT_DATABASE_URL", &url)]);
    let router = app(AppState::new(s.clone(), open_store(&s)).unwrap());
    assert_eq!(
        call(&router, "GET", "/readyz", None, None).await.status,
        StatusCode::OK
    );
    // Someone drops a table under the running server.
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute_batch("DROP TABLE rate_limits")
        .unwrap();
    let a = call(&router, "GET", "/readyz", None, None).await;
    assert_eq!(a.status, StatusCode::SERVICE_UNAVAILABLE);
    let problem = a.json()["problems"][0].as_str().unwrap().to_string();
    assert!(problem.starts_with("store (sqlite): "), "{problem}");
    assert!(problem.contains("schema"), "{problem}");
}

#[tokio::test]
async fn request_ids_are_taken_or_made_and_reach_klarna() {
    let (m, base) = mock().await;
    m.answer(200, approved());
    let (_dir, state) = test_mode_state(&base);
    let router = app(state);
    let (id, secret) = create_session(&router, "customer+de@klarna.com").await;
    // The load balancer's id is kept, answered and sent to Klarna.
    let a = send(
        &router,
        "POST",
        &format!("/v1/sessions/{id}/klarna/authorize"),
        Some(&secret),
        Some("{}"),
        &[("x-request-id", "lb-7f3a-0001")],
    )
    .await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.header("x-request-id"), "lb-7f3a-0001");
    assert_eq!(m.last().headers["partner-correlation-id"], "lb-7f3a-0001");
    // A missing or unsafe one is replaced by a fresh id.
    for given in [None, Some("bad id with spaces")] {
        let headers: Vec<(&str, &str)> = given.map(|g| ("x-request-id", g)).into_iter().collect();
        let a = send(&router, "GET", "/healthz", None, None, &headers).await;
        let made = a.header("x-request-id");
        assert_eq!(made.len(), 32, "{made:?}");
        assert!(made.bytes().all(|b| b.is_ascii_hexdigit()));
    }
}

#[tokio::test]
async fn metrics_count_requests_klarna_calls_and_authorizations() {
    let handle = ops::metrics::install().expect("recorder installs");
    let t = sandbox_app();
    let (id, secret) = create_session(&t.app, "customer+de@klarna.com").await;
    assert_eq!(authorize(&t.app, &id, &secret).await.status, StatusCode::OK);
    let (id2, secret2) = create_session(&t.app, "customer+de+denied@klarna.com").await;
    authorize(&t.app, &id2, &secret2).await;
    // A job that failed and waits out its backoff is no backlog but retrying,
    // aged from its creation.
    let now = checkout_server::clock::now_ms();
    let failing = checkout_server::store::NewJob {
        id: "job_metrics_failing".into(),
        kind: "metrics_failing".into(),
        payload: serde_json::json!({}),
        run_at_ms: now - 7_000,
        dedupe_key: None,
    };
    t.state.store.enqueue_jobs(&[failing]).await.unwrap();
    let claimed = t
        .state
        .store
        .claim_jobs("probe", now, 60_000, 50)
        .await
        .unwrap();
    assert!(claimed.iter().any(|j| j.id == "job_metrics_failing"));
    let retry = checkout_server::store::JobFinish::Retry {
        run_at_ms: now + 600_000,
        error: "could not connect".into(),
    };
    let finished = t
        .state
        .store
        .finish_job("job_metrics_failing", "probe", &retry);
    assert!(finished.await.unwrap());
    // A job waiting 5 s past its due time is backlog, with its age.
    let waiting = checkout_server::store::NewJob {
        id: "job_metrics_probe".into(),
        kind: "metrics_probe".into(),
        payload: serde_json::json!({}),
        run_at_ms: checkout_server::clock::now_ms() - 5_000,
        dedupe_key: None,
    };
    t.state.store.enqueue_jobs(&[waiting]).await.unwrap();
    // The metrics listener's own app renders them, with the pool's gauges.
    let metrics = ops::metrics::router(t.state.clone(), handle);
    let a = call(&metrics, "GET", "/metrics", None, None).await;
    assert_eq!(a.status, StatusCode::OK);
    let text = String::from_utf8(a.bytes).unwrap();
    for want in [
        r#"checkout_http_requests_total{method="POST",route="/v1/sessions",status="201"}"#,
        r#"checkout_http_request_duration_seconds_bucket{method="POST",route="/v1/sessions/{id}/klarna/authorize",le="0.005"}"#,
        r#"checkout_klarna_calls_total{operation="authorize",outcome="approved"}"#,
        r#"checkout_klarna_calls_total{operation="authorize",outcome="declined"}"#,
        r#"checkout_authorizations_total{outcome="approved"}"#,
        r#"checkout_store_connections{state="max"}"#,
        "checkout_http_writes_in_flight 0",
        r#"checkout_store_ready{backend="#,
    ] {
        assert!(text.contains(want), "missing {want} in\n{text}");
    }
    let gauge = |name: &str| -> f64 {
        let line = text
            .lines()
            .find(|l| l.starts_with(name))
            .unwrap_or_else(|| panic!("missing {name} in\n{text}"));
        line.rsplit(' ').next().unwrap().parse().unwrap()
    };
    assert_eq!(gauge(r#"checkout_job_backlog{kind="metrics_probe"}"#), 1.0);
    let age = gauge(r#"checkout_job_backlog_age_seconds{kind="metrics_probe"}"#);
    assert!((5.0..60.0).contains(&age), "{age}");
    assert_eq!(
        gauge(r#"checkout_job_retrying{kind="metrics_failing"}"#),
        1.0
    );
    let age = gauge(r#"checkout_job_retrying_age_seconds{kind="metrics_failing"}"#);
    assert!((0.0..60.0).contains(&age), "{age}");
    assert!(
        !text.contains(r#"checkout_job_backlog{kind="metrics_failing"} 1"#),
        "{text}"
    );
    assert!(!text.contains(r#"checkout_job_retrying{kind="metrics_probe"}"#));
}
