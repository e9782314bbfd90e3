//! The server as a process on a real socket (issue 17, points 3 and 7):
//! `SIGTERM` drains requests in flight and exits 0, and slow or idle
//! clients can't hold connections forever or past the connection limit.

#[path = "support/server_process.rs"]
mod server_process;

use serde_json::{json, Value};
use server_process::{create_session, http, ServerProcess, MERCHANT_KEY};
use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

/// Reads until the server closes the connection (or `limit` passes);
/// returns what arrived and whether it closed.
fn read_until_closed(s: &mut TcpStream, limit: Duration) -> (String, bool) {
    s.set_read_timeout(Some(Duration::from_millis(100)))
        .unwrap();
    let (mut got, mut buf, started) = (Vec::new(), [0u8; 4096], Instant::now());
    while started.elapsed() < limit {
        match s.read(&mut buf) {
            Ok(0) => return (String::from_utf8_lossy(&got).into(), true),
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
            Err(_) => return (String::from_utf8_lossy(&got).into(), true),
        }
    }
    (String::from_utf8_lossy(&got).into(), false)
}

#[tokio::test]
async fn sigterm_finishes_the_request_in_flight_and_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    let mut server = ServerProcess::start(
        dir.path(),
        &[
            ("CHECKOUT_FAULT_POINTS", "authorize.after_klarna=pause:1500"),
            ("CHECKOUT_ALLOW_FAULTS", "yes-this-is-a-test"),
        ],
    );
    let (id, secret) = create_session(&server).await;
    let in_flight = http()
        .post(format!("{}/v1/sessions/{id}/klarna/authorize", server.base))
        .bearer_auth(secret)
        .json(&json!({}))
        .send();
    let in_flight = tokio::spawn(in_flight);
    server
        .wait_for_stderr(
            "fault point reached: authorize.after_klarna",
            Duration::from_secs(10),
        )
        .await;
    server.terminate();
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(
        TcpStream::connect(&server.addr).is_err(),
        "no new connections once draining"
    );
    let answer = in_flight
        .await
        .unwrap()
        .expect("the request in flight is answered");
    assert_eq!(answer.status(), 200);
    let outcome: Value = answer.json().await.unwrap();
    assert_eq!(outcome["result"], "APPROVED");
    assert_eq!(server.wait_exit(Duration::from_secs(10)), Some(0));
    // The approval was written before the process left.
    let again = ServerProcess::start(dir.path(), &[]);
    let session: Value = http()
        .get(format!("{}/v1/sessions/{id}", again.base))
        .bearer_auth(MERCHANT_KEY)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(session["state"], "authorized");
}

const FAST_LIMITS: [(&str, &str); 2] = [
    ("CHECKOUT_HEADER_TIMEOUT_MS", "400"),
    ("CHECKOUT_BODY_TIMEOUT_MS", "400"),
];

/// With `CHECKOUT_DRAIN_NOTICE_MS` the server answers `503 draining` on
/// `/readyz` after `SIGTERM` (the load balancer's cue) before it stops
/// accepting connections; it refused connections at once before.
#[tokio::test]
async fn after_sigterm_readyz_answers_503_for_the_drain_notice() {
    let dir = tempfile::tempdir().unwrap();
    let mut server = ServerProcess::start(dir.path(), &[("CHECKOUT_DRAIN_NOTICE_MS", "1500")]);
    let ready = http()
        .get(format!("{}/readyz", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(ready.status(), 200);
    server.terminate();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let draining = http()
        .get(format!("{}/readyz", server.base))
        .send()
        .await
        .expect("still accepting during the notice");
    assert_eq!(draining.status(), 503);
    let v: Value = draining.json().await.unwrap();
    assert!(
        v["problems"][0].as_str().unwrap().starts_with("draining"),
        "{v}"
    );
    let healthy = http()
        .get(format!("{}/healthz", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(healthy.status(), 200);
    assert_eq!(server.wait_exit(Duration::from_secs(10)), Some(0));
    assert!(TcpStream::connect(&server.addr).is_err());
}

#[test]
fn a_client_that_never_finishes_its_headers_is_disconnected() {
    let dir = tempfile::tempdir().unwrap();
    let server = ServerProcess::start(dir.path(), &FAST_LIMITS);
    let mut s = TcpStream::connect(&server.addr).unwrap();
    s.write_all(b"GET /v1/sessions/x HTTP/1.1\r\nHost: a\r\n")
        .unwrap();
    let (_, closed) = read_until_closed(&mut s, Duration::from_secs(5));
    assert!(closed, "a slow-header connection stays open");
}

#[test]
fn an_idle_kept_alive_connection_is_closed() {
    let dir = tempfile::tempdir().unwrap();
    let server = ServerProcess::start(dir.path(), &FAST_LIMITS);
    let mut s = TcpStream::connect(&server.addr).unwrap();
    s.write_all(b"GET /v1/nothing HTTP/1.1\r\nHost: a\r\n\r\n")
        .unwrap();
    let (got, closed) = read_until_closed(&mut s, Duration::from_secs(5));
    assert!(got.starts_with("HTTP/1.1 404"), "{got}");
    assert!(closed, "an idle connection stays open");
}

#[test]
fn a_body_that_never_arrives_is_answered_408_in_the_error_envelope() {
    let dir = tempfile::tempdir().unwrap();
    let server = ServerProcess::start(dir.path(), &FAST_LIMITS);
    let mut s = TcpStream::connect(&server.addr).unwrap();
    let head = format!(
        "POST /v1/sessions HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer {MERCHANT_KEY}\r\n\
         Content-Type: application/json\r\nContent-Length: 200\r\n\r\n{{\"amount\":"
    );
    s.write_all(head.as_bytes()).unwrap();
    let (got, closed) = read_until_closed(&mut s, Duration::from_secs(5));
    assert!(got.starts_with("HTTP/1.1 408"), "{got}");
    assert!(got.contains("\"code\":\"invalid_request\""), "{got}");
    assert!(closed);
}

#[test]
fn connections_past_the_limit_wait_for_a_free_one() {
    let dir = tempfile::tempdir().unwrap();
    let server = ServerProcess::start(
        dir.path(),
        &[
            ("CHECKOUT_MAX_CONNECTIONS", "2"),
            ("CHECKOUT_HEADER_TIMEOUT_MS", "3000"),
        ],
    );
    let hold_a = TcpStream::connect(&server.addr).unwrap();
    let _hold_b = TcpStream::connect(&server.addr).unwrap();
    std::thread::sleep(Duration::from_millis(200));
    let mut third = TcpStream::connect(&server.addr).unwrap();
    third
        .write_all(b"GET /v1/nothing HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
        .unwrap();
    let (got, _) = read_until_closed(&mut third, Duration::from_millis(600));
    assert!(
        got.is_empty(),
        "a third connection was served past the limit: {got}"
    );
    drop(hold_a);
    let (got, closed) = read_until_closed(&mut third, Duration::from_secs(5));
    assert!(got.starts_with("HTTP/1.1 404") && closed, "{got}");
}

/// A SIGTERM that arrives as soon as the port answers (before the server
/// has served anything) is a graceful stop with exit 0, not the signal's
/// default action: the handler is installed before the listener is bound.
#[test]
fn a_sigterm_right_after_start_is_a_graceful_stop() {
    let dir = tempfile::tempdir().unwrap();
    let mut server = ServerProcess::start(dir.path(), &[]);
    server.terminate();
    assert_eq!(server.wait_exit(Duration::from_secs(10)), Some(0));
}
