//! The final authorization's `final_authorization` line in the session's
//! event log is written in the transaction that settles the session: a
//! reader who finds the session authorized finds the line, whenever it
//! reads. It was written in a second store call after the settle, and a
//! read between the two (CI's load found one) saw the state without it.

mod common;

use axum::http::StatusCode;
use checkout_core::state::SessionState;
use common::*;
use serde_json::json;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// Rounds of the race below; each is one step-up session finalized while a
/// reader polls the store as fast as it can.
const ROUNDS: usize = 12;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_reader_who_sees_the_final_authorization_sees_its_log_line() {
    let t = sandbox_app();
    let mut seen_settled = 0;
    for round in 0..ROUNDS {
        let (id, secret) = create_session(&t.app, "customer+de+stepup@klarna.com").await;
        let path = format!("/v1/sessions/{id}/klarna/authorize");
        let a = call(&t.app, "POST", &path, Some(&secret), Some(json!({}))).await;
        assert_eq!(a.json()["result"], "STEP_UP_REQUIRED", "{}", a.json());
        let pr = a.json()["payment_request_id"].as_str().unwrap().to_string();
        let done_path = format!("/sandbox/klarna/payment-requests/{pr}/complete");
        let done = call(&t.app, "POST", &done_path, Some(&secret), Some(json!({}))).await;
        let token = done.json()["klarna_network_session_token"].clone();

        // The reader: session first, then its log, until it sees the session
        // settled; returns whether the line was there at that moment.
        let stop = Arc::new(AtomicBool::new(false));
        let (store, sid, halt) = (t.state.store.clone(), id.clone(), stop.clone());
        let reader = tokio::spawn(async move {
            while !halt.load(Ordering::Relaxed) {
                let s = store.session(&sid).await.unwrap().unwrap();
                if s.state == SessionState::Authorized {
                    let log = store.events(&sid).await.unwrap();
                    return Some(log.iter().any(|e| e.kind == "final_authorization"));
                }
                tokio::task::yield_now().await;
            }
            None
        });
        let body = json!({"outcome": "authorized", "payment_request_id": pr, "klarna_network_session_token": token});
        let r = result(&t.app, &id, &secret, &format!("final-{round}"), &body).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.json());
        stop.store(true, Ordering::Relaxed);
        if let Some(had_line) = reader.await.unwrap() {
            seen_settled += 1;
            assert!(
                had_line,
                "round {round}: session {id} read as authorized before its final_authorization line"
            );
        }
        // Exactly one line, with what Klarna answered and who asked.
        let log = t.state.store.events(&id).await.unwrap();
        let lines: Vec<_> = log
            .iter()
            .filter(|e| e.kind == "final_authorization")
            .collect();
        assert_eq!(lines.len(), 1, "{log:?}");
        assert_eq!(lines[0].detail["outcome"], "approved");
        assert_eq!(lines[0].detail["source"], "result");
        assert_eq!(lines[0].detail["payment_request_id"], json!(pr));
    }
    println!("the reader saw {seen_settled} of {ROUNDS} sessions settle");
    assert!(seen_settled > 0, "the reader never saw a session settle");
}
