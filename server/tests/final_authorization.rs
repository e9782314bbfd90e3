//! The final authorization after a purchase journey resends the initial
//! authorization's payload (Klarna: "submit the same request payload that
//! was used in the initial authorization"), `payment_option_id` included,
//! whether the page's `/result` or Klarna's `completed` webhook runs it.

mod common;

use axum::http::StatusCode;
use checkout_server::store::SandboxCall;
use checkout_server::webhook::completed_envelope;
use common::*;
use serde_json::{json, Value};

/// Authorizes with the option the shopper picked; Klarna asks for a journey,
/// which the sandbox's shopper completes. Returns the request and its token.
async fn step_up_with_option(t: &TestApp, id: &str, secret: &str) -> (String, String) {
    let body = json!({"payment_option_id": "SAVED_PAYMENT_OPTION"});
    let path = format!("/v1/sessions/{id}/klarna/authorize");
    let a = call(&t.app, "POST", &path, Some(secret), Some(body)).await;
    assert_eq!(a.json()["result"], "STEP_UP_REQUIRED", "{}", a.json());
    let pr = a.json()["payment_request_id"].as_str().unwrap().to_string();
    let done_path = format!("/sandbox/klarna/payment-requests/{pr}/complete");
    let done = call(&t.app, "POST", &done_path, Some(secret), Some(json!({}))).await;
    assert_eq!(done.status, StatusCode::OK);
    let token = done.json()["klarna_network_session_token"]
        .as_str()
        .unwrap()
        .to_string();
    (pr, token)
}

/// The authorize calls "Klarna" received for the session.
async fn authorize_calls(t: &TestApp, id: &str) -> Vec<SandboxCall> {
    let calls = t.state.sandbox.sandbox_calls(Some(id), None).await.unwrap();
    calls
        .into_iter()
        .filter(|c| c.operation == "authorize")
        .collect()
}

fn step(c: &SandboxCall) -> &str {
    c.detail["step"].as_str().unwrap_or("")
}

/// The initial and the final call carry the same option and the same
/// payload (all but `step_up_config` / `payment_request_id`).
fn assert_same_payload(calls: &[SandboxCall]) {
    let initial: Vec<&SandboxCall> = calls.iter().filter(|c| step(c) == "initial").collect();
    let finals: Vec<&SandboxCall> = calls.iter().filter(|c| step(c) == "final").collect();
    assert_eq!((initial.len(), finals.len()), (1, 1), "{calls:?}");
    let (i, f) = (&initial[0].detail, &finals[0].detail);
    assert_eq!(f["payment_option_id"], "SAVED_PAYMENT_OPTION", "{f}");
    assert_eq!(f["payment_option_id"], i["payment_option_id"]);
    assert_eq!(f["payload_sha256"], i["payload_sha256"]);
    assert!(f["payload_sha256"].as_str().is_some_and(|s| s.len() == 64));
}

#[tokio::test]
async fn the_final_authorization_by_result_resends_the_initial_option() {
    let t = sandbox_app();
    let (id, secret) = create_session(&t.app, "customer+de+stepup@klarna.com").await;
    let (pr, token) = step_up_with_option(&t, &id, &secret).await;

    let body = json!({"outcome": "authorized", "payment_request_id": pr, "klarna_network_session_token": token});
    let r = result(&t.app, &id, &secret, "final-1", &body).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.json());
    assert_eq!(r.json()["state"], "authorized");
    assert_same_payload(&authorize_calls(&t, &id).await);
}

#[tokio::test]
async fn the_final_authorization_by_klarnas_webhook_resends_the_initial_option() {
    let t = sandbox_app();
    let (id, secret) = create_session(&t.app, "customer+de+stepup@klarna.com").await;
    let (pr, token) = step_up_with_option(&t, &id, &secret).await;

    let mut envelope = completed_envelope(&pr, &id, &token);
    envelope["metadata"]["event_id"] = json!("ev-final-option");
    let a = post_signed_webhook(&t.app, &envelope).await;
    assert_eq!(a.status, StatusCode::OK);
    checkout_server::jobs::drain(&t.state, "test-runner").await;

    assert_eq!(merchant_view(&t.app, &id).await["state"], "authorized");
    assert_same_payload(&authorize_calls(&t, &id).await);
}

#[tokio::test]
async fn the_sandbox_refuses_a_final_authorization_with_another_payload() {
    // As Klarna would: the sandbox checks the final payload against the
    // initial one, so a client that drops the option can't pass unnoticed.
    let t = sandbox_app();
    let (id, secret) = create_session(&t.app, "customer+de+stepup@klarna.com").await;
    let (pr, token) = step_up_with_option(&t, &id, &secret).await;
    let session = t.state.store.session(&id).await.unwrap().unwrap();
    let step = checkout_server::klarna::AuthorizeStep::Final {
        payment_request_id: pr.clone(),
    };
    let call =
        checkout_server::payments::authorize::call_for(&session, step, Some(token), None, 0, None);
    let err = t.state.klarna.authorize(&call).await.unwrap_err();
    assert!(
        matches!(&err, checkout_server::klarna::KlarnaError::Rejected { status: 400, message } if message.contains("initial authorization's payload")),
        "{err:?}"
    );
    let last: Value = authorize_calls(&t, &id)
        .await
        .last()
        .unwrap()
        .detail
        .clone();
    assert_eq!(last["step"], "final");
    assert_eq!(last["payment_option_id"], Value::Null);
}
