//! Limits on what Klarna may cost us: the hosted config's optional
//! `sdk_token` exchange gives up after 3 s (the page's own call limit is
//! 15 s), and the real client's answers are capped in size and time.

mod common;
#[path = "support/klarna_mock.rs"]
mod klarna_mock;

use axum::http::StatusCode;
use checkout_server::app;
use checkout_server::klarna::{KlarnaApi, KlarnaError};
use common::*;
use klarna_mock::mock;
use serde_json::json;
use std::time::{Duration, Instant};

#[tokio::test]
async fn a_slow_sdk_token_exchange_is_given_up_after_three_seconds() {
    let (m, base) = mock().await;
    let (_dir, state) = test_mode_state(&base);
    let router = app(state);
    let mut body = session_body("customer+de@klarna.com");
    body["klarna_network_session_token"] = json!("krn:network:eu1:test:session-token:abc");
    let a = call(&router, "POST", "/v1/sessions", Some(KEY_A), Some(body)).await;
    assert_eq!(
        a.status,
        StatusCode::CREATED,
        "{}",
        String::from_utf8_lossy(&a.bytes)
    );
    let (id, secret) = (
        a.json()["id"].as_str().unwrap().to_string(),
        a.json()["client_secret"].as_str().unwrap().to_string(),
    );
    m.answer(200, json!({"sdk_token": "sdk-slow"}));
    *m.delay_ms.lock().unwrap() = 6_000;
    let started = Instant::now();
    let path = format!("/v1/sessions/{id}/config");
    let a = call(&router, "GET", &path, Some(&secret), None).await;
    let took = started.elapsed();
    assert_eq!(
        a.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&a.bytes)
    );
    assert!(m.last().path.contains("sdk-tokens"), "{}", m.last().path);
    assert!(took < Duration::from_millis(4_500), "{took:?}");
    assert!(took >= Duration::from_millis(2_900), "{took:?}");
    let v = a.json();
    assert!(v["klarna"].get("sdk_token").is_none(), "{v}");
    // The rest of the config is all there: the page initializes without it.
    assert_eq!(v["klarna"]["partner_account_id"], "PA9", "{v}");
}

/// A one-answer-per-connection server on 127.0.0.1:0 that reads a request,
/// then writes `head`, waits `pause` before the head and again before `body`.
async fn raw_server(head: String, body: Vec<u8>, pause: Duration) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        while let Ok((mut sock, _)) = listener.accept().await {
            let (head, body) = (head.clone(), body.clone());
            tokio::spawn(async move {
                // The whole request (headers and its small JSON body).
                let mut req = Vec::new();
                let mut buf = [0u8; 4096];
                loop {
                    let n = sock.read(&mut buf).await.unwrap_or(0);
                    req.extend_from_slice(&buf[..n]);
                    let text = String::from_utf8_lossy(&req).to_ascii_lowercase();
                    if let Some(end) = text.find("\r\n\r\n") {
                        let len = text
                            .lines()
                            .find_map(|l| l.strip_prefix("content-length:"))
                            .and_then(|v| v.trim().parse::<usize>().ok())
                            .unwrap_or(0);
                        if req.len() >= end + 4 + len {
                            break;
                        }
                    }
                    if n == 0 {
                        return;
                    }
                }
                tokio::time::sleep(pause).await;
                let _ = sock.write_all(head.as_bytes()).await;
                let _ = sock.flush().await;
                tokio::time::sleep(pause).await;
                let _ = sock.write_all(&body).await;
                let _ = sock.shutdown().await;
            });
        }
    });
    base
}

/// A JSON sdk-token answer of about `size` bytes.
fn padded_answer(size: usize) -> Vec<u8> {
    json!({"sdk_token": "sdk-big", "pad": "x".repeat(size)})
        .to_string()
        .into_bytes()
}

#[tokio::test]
async fn an_answer_over_one_mebibyte_is_an_upstream_error_naming_its_size() {
    let body = padded_answer(2 << 20);
    let n = body.len();
    // Announced in Content-Length: refused without reading it.
    let head =
        format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {n}\r\n\r\n");
    let base = raw_server(head, body.clone(), Duration::ZERO).await;
    match klarna_mock::client(&base).sdk_token("tok").await {
        Err(KlarnaError::Upstream(m)) => {
            assert!(m.contains(&n.to_string()) && m.contains("1048576"), "{m}")
        }
        other => panic!("{other:?}"),
    }
    // Unannounced (the body ends when the connection closes): read up to the cap.
    let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n";
    let base = raw_server(head.into(), body, Duration::ZERO).await;
    match klarna_mock::client(&base).sdk_token("tok").await {
        Err(KlarnaError::Upstream(m)) => assert!(m.contains("more than the 1048576"), "{m}"),
        other => panic!("{other:?}"),
    }
    // An answer under the cap is read as before.
    let body = padded_answer(1000 << 10);
    let base = raw_server(head.into(), body, Duration::ZERO).await;
    let token = klarna_mock::client(&base).sdk_token("tok").await.unwrap();
    assert_eq!(token, "sdk-big");
}

#[tokio::test]
async fn the_call_limit_covers_headers_and_body_together() {
    // Headers after 700 ms, the body 700 ms later: each wait is under the
    // 1 s limit, both together are not.
    let body = padded_answer(10);
    let head = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
        body.len()
    );
    let base = raw_server(head, body, Duration::from_millis(700)).await;
    let k = klarna_mock::client(&base).with_call_timeout(Duration::from_secs(1));
    let started = Instant::now();
    match k.sdk_token("tok").await {
        Err(KlarnaError::Upstream(m)) => assert!(m.contains("timed out"), "{m}"),
        other => panic!("{other:?}"),
    }
    assert!(
        started.elapsed() < Duration::from_millis(1_300),
        "{:?}",
        started.elapsed()
    );
    // With time enough the same answer is read.
    let k = klarna_mock::client(&base).with_call_timeout(Duration::from_secs(5));
    assert_eq!(k.sdk_token("tok").await.unwrap(), "sdk-big");
}
