//! The server binary's logs and traces: JSON log lines carrying the request
//! id, and OpenTelemetry spans sent over OTLP/HTTP to a local receiver stub
//! when `OTEL_EXPORTER_OTLP_ENDPOINT` is set, flushed on `SIGTERM`, exit 0.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::routing::post;
use axum::Router;
use std::io::Read;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

type Received = Arc<Mutex<Vec<(String, Vec<u8>)>>>;

async fn receive(State(r): State<Received>, headers: HeaderMap, body: Bytes) -> &'static str {
    let ct = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    r.lock().unwrap().push((ct, body.to_vec()));
    ""
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn traces_go_to_the_otlp_endpoint_and_logs_carry_the_request_id() {
    // A local OTLP receiver: records what reaches POST /v1/traces.
    let received: Received = Arc::default();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let otlp = format!("http://{}", listener.local_addr().unwrap());
    let stub = Router::new()
        .route("/v1/traces", post(receive))
        .with_state(received.clone());
    tokio::spawn(async move { axum::serve(listener, stub).await });

    let dir = tempfile::tempdir().unwrap();
    let www = dir.path().join("www");
    std::fs::create_dir_all(&www).unwrap();
    std::fs::write(www.join("hpp.html"), "<!doctype html>").unwrap();
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let mut child = Command::new(env!("CARGO_BIN_EXE_checkout-server"))
        .env_clear()
        .env("CHECKOUT_ADDR", format!("127.0.0.1:{port}"))
        .env("CHECKOUT_PUBLIC_URL", &base)
        .env("CHECKOUT_DATA_DIR", dir.path())
        .env("CHECKOUT_WWW_DIR", &www)
        .env("CHECKOUT_METRICS_ADDR", "off")
        .env("OTEL_EXPORTER_OTLP_ENDPOINT", &otlp)
        .env("OTEL_SERVICE_NAME", "checkout-under-test")
        .env("RUST_LOG", "info")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the server binary starts");

    let http = reqwest::Client::new();
    let started = Instant::now();
    loop {
        if http.get(format!("{base}/healthz")).send().await.is_ok() {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "server did not start"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let res = http
        .get(format!("{base}/readyz"))
        .header("x-request-id", "trace-me-0042")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["x-request-id"], "trace-me-0042");

    // SIGTERM: the server drains, flushes its spans and exits 0.
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = tokio::task::spawn_blocking(move || {
        let status = child.wait().unwrap();
        let mut err = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut err)
            .unwrap();
        (status, err)
    })
    .await
    .unwrap();
    let (status, logs) = status;
    assert!(status.success(), "exit {status:?}\n{logs}");

    // Every log line is JSON; the request's lines carry its id.
    let lines: Vec<serde_json::Value> = logs
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|_| panic!("not JSON: {l}")))
        .collect();
    let ours: Vec<_> = lines
        .iter()
        .filter(|l| l["span"]["request_id"] == "trace-me-0042")
        .collect();
    assert!(!ours.is_empty(), "{logs}");
    assert_eq!(ours[0]["fields"]["path"], "/readyz");

    let got = received.lock().unwrap().clone();
    assert!(!got.is_empty(), "no OTLP export arrived");
    let (ct, body) = &got[0];
    assert_eq!(ct, "application/x-protobuf");
    let all: Vec<u8> = got.iter().flat_map(|(_, b)| b.clone()).collect();
    let has = |needle: &str| all.windows(needle.len()).any(|w| w == needle.as_bytes());
    assert!(body.len() > 20);
    assert!(has("checkout-under-test"), "service name missing");
    assert!(has("request"), "the request span is missing");
    assert!(has("trace-me-0042"), "the request id is not on the span");
}
