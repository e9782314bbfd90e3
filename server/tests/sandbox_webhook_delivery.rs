//! End to end over real HTTP: the sandbox sends its signed `completed`
//! webhook to the server's own public URL, which finalizes the session
//! without any report from the page.

mod common;

use checkout_server::{app, AppState};
use common::*;
use serde_json::json;
use std::time::Duration;

#[tokio::test]
async fn the_sandbox_webhook_alone_authorizes_a_step_up_session() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let public = format!("http://{}", listener.local_addr().unwrap());
    let dir = tempfile::tempdir().unwrap();
    write_www(&dir);
    let s = settings(&dir, &[("CHECKOUT_PUBLIC_URL", &public)]);
    let state = AppState::new(s.clone(), open_store(&s)).unwrap();
    let router = app(state.clone());
    let server = tokio::spawn(async move { axum::serve(listener, router).await });
    // The webhook is stored and answered at once; this instance's job runner handles it.
    let runner = checkout_server::jobs::Runner::spawn(state.clone());

    let client = reqwest::Client::new();
    let mut body = session_body("customer+se+stepup@klarna.com");
    body["country"] = json!("SE");
    body["currency"] = json!("SEK");
    body["locale"] = json!("sv-SE");
    let created: serde_json::Value = client
        .post(format!("{public}/v1/sessions"))
        .bearer_auth(KEY_A)
        .json(&body)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let (id, secret) = (
        created["id"].as_str().unwrap(),
        created["client_secret"].as_str().unwrap(),
    );
    let step: serde_json::Value = client
        .post(format!("{public}/v1/sessions/{id}/klarna/authorize"))
        .bearer_auth(secret)
        .json(&json!({}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(step["result"], "STEP_UP_REQUIRED", "{step}");
    let url = step["payment_request_url"].as_str().unwrap();
    let done = client
        .post(format!("{url}/complete"))
        .bearer_auth(secret)
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert!(done.status().is_success());

    // The `final_authorization` line is written in the settle's transaction
    // (server/src/payments/finalize.rs): the first read that finds the
    // session authorized finds the line too.
    let mut state_now = String::new();
    let mut fin = None;
    for _ in 0..100 {
        let v: serde_json::Value = client
            .get(format!("{public}/v1/sessions/{id}"))
            .bearer_auth(KEY_A)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        state_now = v["state"].as_str().unwrap().to_string();
        if state_now == "authorized" {
            let events = state.store.events(id).await.unwrap();
            fin = events.into_iter().find(|e| e.kind == "final_authorization");
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(state_now, "authorized");
    let fin = fin.expect("finalized");
    assert_eq!(fin.detail["source"], "webhook");
    runner.stop().await;
    server.abort();
}
