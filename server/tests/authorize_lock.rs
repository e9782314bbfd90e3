//! Overlapping authorizations of one session (two tabs, a reload mid-request,
//! retries with new keys) reach Klarna once: the others wait, then find the
//! session paid and get `409`, never a second charge.

mod common;

use axum::http::StatusCode;
use common::*;

#[tokio::test]
async fn concurrent_authorizes_with_different_keys_charge_once() {
    let t = sandbox_app();
    let (id, secret) = create_session(&t.app, "customer+de@klarna.com").await;
    let path = format!("/v1/sessions/{id}/klarna/authorize");
    let calls = (0..6).map(|i| {
        let (app, path, secret) = (t.app.clone(), path.clone(), secret.clone());
        tokio::spawn(async move {
            let key = format!("tab-{i}");
            send(
                &app,
                "POST",
                &path,
                Some(&secret),
                Some("{}"),
                &[("idempotency-key", &key)],
            )
            .await
        })
    });
    let answers: Vec<Answer> = futures_join(calls).await;
    let approved = answers
        .iter()
        .filter(|a| a.status == StatusCode::OK)
        .count();
    let conflicts = answers
        .iter()
        .filter(|a| a.status == StatusCode::CONFLICT)
        .count();
    assert_eq!(approved, 1, "exactly one attempt is approved");
    assert_eq!(conflicts, 5, "the others find the session paid");
    let seen = klarna_requests(&t.app, &id).await;
    let initial = seen.iter().filter(|r| r["step"] == "initial").count();
    assert_eq!(initial, 1, "Klarna saw one authorization");
    assert_eq!(merchant_view(&t.app, &id).await["state"], "authorized");
}

async fn futures_join<T: Send + 'static>(
    handles: impl Iterator<Item = tokio::task::JoinHandle<T>>,
) -> Vec<T> {
    let mut out = Vec::new();
    for h in handles {
        out.push(h.await.unwrap());
    }
    out
}
