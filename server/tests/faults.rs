//! Fault injection (`CHECKOUT_FAULTS`): refused outside tests, and each kind
//! does what the fault-injection e2e suite relies on.

mod common;

use axum::http::StatusCode;
use checkout_server::faults::{FaultKind, FaultTarget};
use checkout_server::settings::Settings;
use common::*;
use serde_json::json;
use std::time::Duration;

const ALLOW: (&str, &str) = ("CHECKOUT_ALLOW_FAULTS", "yes-this-is-a-test");

fn settings_err(pairs: &[(&str, &str)]) -> String {
    match Settings::from_env(&env(pairs)) {
        Ok(_) => panic!("expected {pairs:?} to be refused"),
        Err(e) => e.to_string(),
    }
}

fn faulty(spec: &str) -> TestApp {
    app_with(&[("CHECKOUT_FAULTS", spec), ALLOW])
}

#[test]
fn faults_are_refused_unless_sandbox_and_explicitly_allowed() {
    let live = [
        ("KLARNA_MODE", "live"),
        ("CHECKOUT_FAULTS", "rate=0.3,kinds=5xx"),
        ALLOW,
    ];
    for mode in ["live", "test"] {
        let mut pairs = live.to_vec();
        pairs[0] = ("KLARNA_MODE", mode);
        let e = settings_err(&pairs);
        assert!(e.starts_with("CHECKOUT_FAULTS: "), "{e}");
        assert!(e.contains(mode) && !e.contains('\n'), "{e}");
    }
    let e = settings_err(&[("CHECKOUT_FAULTS", "rate=0.3,kinds=5xx")]);
    assert!(
        e.starts_with("CHECKOUT_FAULTS: ")
            && e.contains("CHECKOUT_ALLOW_FAULTS=yes-this-is-a-test"),
        "{e}"
    );
    let e = settings_err(&[
        ("CHECKOUT_FAULTS", "rate=0.3,kinds=5xx"),
        ("CHECKOUT_ALLOW_FAULTS", "yes"),
    ]);
    assert!(e.starts_with("CHECKOUT_FAULTS: "), "{e}");
    // Without CHECKOUT_FAULTS nothing is injected, whatever the allow flag says.
    let s = Settings::from_env(&env(&[ALLOW])).unwrap();
    assert!(s.faults.is_none());
}

#[test]
fn the_fault_spec_is_parsed_with_defaults_and_named_errors() {
    let s = Settings::from_env(&env(&[
        (
            "CHECKOUT_FAULTS",
            "rate=0.3,kinds=5xx+delay+drop,delay_ms=20000,paths=hosted",
        ),
        ALLOW,
    ]))
    .unwrap();
    let f = s.faults.unwrap();
    assert_eq!(f.rate, 0.3);
    assert_eq!(
        f.kinds,
        vec![FaultKind::ServerError, FaultKind::Delay, FaultKind::Drop]
    );
    assert_eq!(f.delay, Duration::from_secs(20));
    assert_eq!(f.targets, vec![FaultTarget::Hosted]);
    let f = Settings::from_env(&env(&[("CHECKOUT_FAULTS", "kinds=drop,rate=1"), ALLOW]))
        .unwrap()
        .faults
        .unwrap();
    assert_eq!(
        (f.delay, f.targets),
        (Duration::from_millis(20_000), vec![FaultTarget::Hosted])
    );
    for bad in [
        "rate=1.5,kinds=5xx",
        "rate=0.3",
        "kinds=5xx",
        "rate=0.3,kinds=boom",
        "rate=0.3,kinds=5xx,paths=everything",
        "rate=0.3,kinds=5xx,delay_ms=-1",
        "rate=0.3,kinds=5xx,color=red",
        "nonsense",
    ] {
        let e = settings_err(&[("CHECKOUT_FAULTS", bad), ALLOW]);
        assert!(e.starts_with("CHECKOUT_FAULTS: "), "{bad}: {e}");
    }
}

#[test]
fn the_binary_refuses_faults_in_production_with_exit_2_and_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_checkout-server"))
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("KLARNA_MODE", "live")
        .env("CHECKOUT_FAULTS", "rate=0.3,kinds=5xx+delay+drop")
        .env("CHECKOUT_ALLOW_FAULTS", "yes-this-is-a-test")
        .env("CHECKOUT_DATA_DIR", dir.path())
        .env("CHECKOUT_ADDR", "127.0.0.1:0")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("CHECKOUT_FAULTS: "), "{err}");
    // Sandbox without the explicit allow value is refused the same way.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_checkout-server"))
        .env_clear()
        .env("CHECKOUT_FAULTS", "rate=0.3,kinds=5xx")
        .env("CHECKOUT_DATA_DIR", dir.path())
        .env("CHECKOUT_ADDR", "127.0.0.1:0")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("CHECKOUT_FAULTS: ") && err.lines().count() == 1,
        "{err}"
    );
}

async fn result_events(t: &TestApp, id: &str) -> usize {
    t.state
        .store
        .events(id)
        .await
        .unwrap()
        .iter()
        .filter(|e| e.kind.starts_with("result."))
        .count()
}

#[tokio::test]
async fn a_5xx_fault_answers_503_before_the_handler_runs() {
    let t = faulty("rate=1,kinds=5xx");
    // The merchant API is not in the default group.
    let (id, secret) = create_session(&t.app, "customer+de@klarna.com").await;
    let a = result(&t.app, &id, &secret, "k-1", &json!({"outcome": "aborted"})).await;
    assert_eq!(a.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(a.json()["error"]["code"], "internal");
    assert_eq!(result_events(&t, &id).await, 0, "the handler did not run");
    for path in ["config", "klarna/presentation"] {
        let a = call(
            &t.app,
            "GET",
            &format!("/v1/sessions/{id}/{path}"),
            Some(&secret),
            None,
        )
        .await;
        assert_eq!(a.status, StatusCode::SERVICE_UNAVAILABLE, "{path}");
    }
    for path in ["klarna/authorize", "klarna/confirm", "network-token"] {
        let a = call(
            &t.app,
            "POST",
            &format!("/v1/sessions/{id}/{path}"),
            Some(&secret),
            Some(json!({})),
        )
        .await;
        assert_eq!(a.status, StatusCode::SERVICE_UNAVAILABLE, "{path}");
    }
    assert_eq!(merchant_view(&t.app, &id).await["state"], "open");
}

#[tokio::test]
async fn path_groups_choose_where_faults_go() {
    let t = faulty("rate=1,kinds=5xx,paths=merchant");
    let a = call(
        &t.app,
        "POST",
        "/v1/sessions",
        Some(KEY_A),
        Some(session_body("customer+de@klarna.com")),
    )
    .await;
    assert_eq!(a.status, StatusCode::SERVICE_UNAVAILABLE);
    let t = faulty("rate=0,kinds=5xx+delay+drop");
    let (id, secret) = create_session(&t.app, "customer+de@klarna.com").await;
    assert_eq!(authorize(&t.app, &id, &secret).await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_delay_fault_runs_the_handler_and_holds_the_answer_past_the_timeout() {
    let t = faulty("rate=1,kinds=delay,delay_ms=5000");
    let (id, secret) = create_session(&t.app, "customer+de@klarna.com").await;
    let body = json!({"outcome": "aborted"});
    let started = std::time::Instant::now();
    let timed_out = tokio::time::timeout(
        Duration::from_millis(1500),
        result(&t.app, &id, &secret, "k-1", &body),
    )
    .await
    .is_err();
    assert!(timed_out, "the answer came within the client's timeout");
    assert!(started.elapsed() < Duration::from_millis(4000));
    assert_eq!(result_events(&t, &id).await, 1, "the handler ran");
    // The retry with the same key (here on an instance without faults, on
    // the same database) gets the stored first answer; nothing is stored twice.
    let s = settings(&t.dir, &[]);
    let clean =
        checkout_server::app(checkout_server::AppState::new(s.clone(), open_store(&s)).unwrap());
    let a = result(&clean, &id, &secret, "k-1", &body).await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.json()["state"], "open");
    assert_eq!(result_events(&t, &id).await, 1, "stored once");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn drops_break_the_connection_before_or_after_the_handler() {
    let t = faulty("rate=1,kinds=drop");
    let (id, secret) = create_session(&t.app, "customer+de@klarna.com").await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let router = t.app.clone();
    tokio::spawn(async move { axum::serve(listener, router).await });
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    let n = 24;
    for i in 0..n {
        let sent = http
            .post(format!("{base}/v1/sessions/{id}/result"))
            .bearer_auth(&secret)
            .header("idempotency-key", format!("drop-{i}"))
            .json(&json!({"outcome": "aborted"}))
            .send()
            .await;
        let answer = match sent {
            Ok(res) => res.bytes().await.map(|_| ()),
            Err(e) => Err(e),
        };
        assert!(answer.is_err(), "request {i} got a whole answer");
    }
    let ran = result_events(&t, &id).await;
    assert!(
        ran > 0 && ran < n,
        "half of the drops come after the handler ran: {ran} of {n} ran"
    );
}

#[tokio::test]
async fn outside_sandbox_the_router_never_adds_the_fault_layer() {
    // Settings are plain data; even a hand-built one can't turn faults on in test mode.
    let dir = tempfile::tempdir().unwrap();
    write_www(&dir);
    let mut s = settings(
        &dir,
        &[
            ("KLARNA_MODE", "test"),
            ("KLARNA_API_BASE", "http://127.0.0.1:9"),
            ("KLARNA_API_KEY", "user:pass"),
            ("KLARNA_CLIENT_ID", "klarna_test_client_x"),
            ("KLARNA_PARTNER_ACCOUNT_ID", "PA9"),
        ],
    );
    s.faults = faulty("rate=1,kinds=5xx").state.settings.faults.clone();
    assert!(s.faults.is_some());
    let router =
        checkout_server::app(checkout_server::AppState::new(s.clone(), open_store(&s)).unwrap());
    let (id, secret) = create_session(&router, "customer+de@klarna.com").await;
    let a = call(
        &router,
        "GET",
        &format!("/v1/sessions/{id}/config"),
        Some(&secret),
        None,
    )
    .await;
    assert_eq!(a.status, StatusCode::OK);
}
