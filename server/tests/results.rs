//! Result intake and idempotency: step-up final authorization through
//! `/result`, byte-identical replays, 409 on reuse, concurrent duplicates.

mod common;

use axum::http::StatusCode;
use common::*;
use serde_json::json;

#[tokio::test]
async fn step_up_then_result_with_token_authorizes_exactly_once() {
    let t = sandbox_app();
    let (id, secret) = create_session(&t.app, "customer+de+stepup@klarna.com").await;
    let (pr, token) = complete_step_up(&t.app, &id, &secret).await;
    assert_eq!(merchant_view(&t.app, &id).await["state"], "open");
    let body = json!({"outcome": "authorized", "payment_request_id": pr, "klarna_network_session_token": token});
    let first = result(&t.app, &id, &secret, "key-1", &body).await;
    assert_eq!(
        first.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&first.bytes)
    );
    let v = first.json();
    assert_eq!(v["state"], "authorized");
    let txn = v["authorization"]["payment_transaction_id"]
        .as_str()
        .unwrap()
        .to_string();

    // Replay: the first answer, byte for byte.
    let replay = result(&t.app, &id, &secret, "key-1", &body).await;
    assert_eq!(
        (replay.status, &replay.bytes),
        (StatusCode::OK, &first.bytes)
    );
    // Same key, another body: conflict.
    let other = json!({"outcome": "aborted"});
    let clash = result(&t.app, &id, &secret, "key-1", &other).await;
    assert_eq!(clash.status, StatusCode::CONFLICT);
    // A fresh key runs again and finds the same single authorization.
    let again = result(&t.app, &id, &secret, "key-2", &body).await;
    assert_eq!(
        again.json()["authorization"]["payment_transaction_id"],
        txn.as_str()
    );
    let events = t.state.store.events(&id).await.unwrap();
    let finals = events
        .iter()
        .filter(|e| e.kind == "final_authorization")
        .count();
    assert_eq!(finals, 1, "{events:?}");
    assert_eq!(
        merchant_view(&t.app, &id).await["authorization"]["payment_transaction_id"],
        txn.as_str()
    );
}

#[tokio::test]
async fn a_wrong_token_does_not_authorize() {
    let t = sandbox_app();
    let (id, secret) = create_session(&t.app, "customer+de+stepup@klarna.com").await;
    let (pr, _) = complete_step_up(&t.app, &id, &secret).await;
    let body = json!({"outcome": "authorized", "payment_request_id": pr, "klarna_network_session_token": "krn:guessed"});
    let a = result(&t.app, &id, &secret, "k", &body).await;
    // Klarna refuses the token: the page's input, named (not a 5xx of ours).
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert_eq!(a.field_paths(), vec!["klarna_network_session_token"]);
    assert_eq!(merchant_view(&t.app, &id).await["state"], "open");
    // Without a token at all the field is named.
    let a = result(
        &t.app,
        &id,
        &secret,
        "k2",
        &json!({"outcome": "authorized", "payment_request_id": pr}),
    )
    .await;
    assert_eq!(a.field_paths(), vec!["klarna_network_session_token"]);
}

#[tokio::test]
async fn result_requires_a_valid_idempotency_key() {
    let t = sandbox_app();
    let (id, secret) = create_session(&t.app, "a@b.example").await;
    let body = json!({"outcome": "error", "error_code": "TECHNICAL_ERROR"}).to_string();
    let path = format!("/v1/sessions/{id}/result");
    let a = send(&t.app, "POST", &path, Some(&secret), Some(&body), &[]).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert_eq!(a.field_paths(), vec!["Idempotency-Key"]);
    let long = "x".repeat(256);
    let a = send(
        &t.app,
        "POST",
        &path,
        Some(&secret),
        Some(&body),
        &[("idempotency-key", &long)],
    )
    .await;
    assert_eq!(a.field_paths(), vec!["Idempotency-Key"]);
    // Two keys: which one would a retry carry? Refused, not the first taken
    // silently (outside tester: a retry with the second key ran again).
    let a = send(
        &t.app,
        "POST",
        &path,
        Some(&secret),
        Some(&body),
        &[("idempotency-key", "k1"), ("idempotency-key", "k2")],
    )
    .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert_eq!(a.field_paths(), vec!["Idempotency-Key"]);
    assert!(a.json()["error"]["fields"][0]["reason"]
        .as_str()
        .unwrap()
        .contains("once"));
    let a = send(
        &t.app,
        "POST",
        &path,
        Some(&secret),
        Some("{\"outcome\":\"won\"}"),
        &[("idempotency-key", "k")],
    )
    .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert_eq!(a.field_paths(), vec!["outcome"]);
}

#[tokio::test]
async fn concurrent_duplicate_results_answer_alike_and_authorize_once() {
    let t = sandbox_app();
    let (id, secret) = create_session(&t.app, "customer+de+stepup@klarna.com").await;
    let (pr, token) = complete_step_up(&t.app, &id, &secret).await;
    let body = json!({"outcome": "authorized", "payment_request_id": pr, "klarna_network_session_token": token});
    let mut tasks = Vec::new();
    for i in 0..6 {
        let (app, id, secret, body) = (t.app.clone(), id.clone(), secret.clone(), body.clone());
        // Half share one key, half use their own: both kinds must converge.
        let key = if i % 2 == 0 {
            "same".to_string()
        } else {
            format!("own-{i}")
        };
        tasks.push(tokio::spawn(async move {
            result(&app, &id, &secret, &key, &body).await
        }));
    }
    let mut answers = Vec::new();
    for task in tasks {
        answers.push(task.await.unwrap());
    }
    let txns: std::collections::HashSet<String> = answers
        .iter()
        .map(|a| {
            assert_eq!(
                a.status,
                StatusCode::OK,
                "{}",
                String::from_utf8_lossy(&a.bytes)
            );
            a.json()["authorization"]["payment_transaction_id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(txns.len(), 1, "{txns:?}");
    let same: Vec<&Vec<u8>> = answers.iter().step_by(2).map(|a| &a.bytes).collect();
    assert!(
        same.windows(2).all(|w| w[0] == w[1]),
        "same key, same bytes"
    );
}

#[tokio::test]
async fn authorize_honours_an_idempotency_key() {
    let t = sandbox_app();
    let (id, secret) = create_session(&t.app, "customer+de+stepup@klarna.com").await;
    let path = format!("/v1/sessions/{id}/klarna/authorize");
    let first = send(
        &t.app,
        "POST",
        &path,
        Some(&secret),
        Some("{}"),
        &[("idempotency-key", "auth-1")],
    )
    .await;
    let again = send(
        &t.app,
        "POST",
        &path,
        Some(&secret),
        Some("{}"),
        &[("idempotency-key", "auth-1")],
    )
    .await;
    assert_eq!(first.status, StatusCode::OK);
    assert_eq!(
        first.bytes, again.bytes,
        "one payment request, answered twice"
    );
    let fresh = send(
        &t.app,
        "POST",
        &path,
        Some(&secret),
        Some("{}"),
        &[("idempotency-key", "auth-2")],
    )
    .await;
    assert_ne!(
        fresh.json()["payment_request_id"],
        first.json()["payment_request_id"]
    );
}

/// Issue 20: the page's `declined` report is a hint, never a decline: only
/// Klarna's answer (our authorize call or a verified webhook) declines a
/// session; the hint makes the server ask Klarna about the payment request.
#[tokio::test]
async fn a_declined_report_alone_never_declines_the_session() {
    let t = sandbox_app();
    let (id, secret) = create_session(&t.app, "customer+de+stepup@klarna.com").await;
    let step = authorize(&t.app, &id, &secret).await.json();
    let pr = step["payment_request_id"].as_str().unwrap().to_string();
    let body = json!({"outcome": "declined", "payment_request_id": pr});
    let a = result(&t.app, &id, &secret, "hint-1", &body).await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.json()["state"], "open");
    checkout_server::jobs::drain(&t.state, "runner").await;
    assert_eq!(
        merchant_view(&t.app, &id).await["state"],
        "open",
        "Klarna did not decline"
    );
    // Klarna does decline at the end of the journey: the next hint is confirmed.
    let d = call(
        &t.app,
        "POST",
        &format!("/sandbox/klarna/payment-requests/{pr}/decline"),
        Some(&secret),
        Some(json!({})),
    )
    .await;
    assert_eq!(d.status, StatusCode::OK);
    result(&t.app, &id, &secret, "hint-2", &body).await;
    checkout_server::jobs::drain(&t.state, "runner").await;
    assert_eq!(merchant_view(&t.app, &id).await["state"], "declined");
}

#[tokio::test]
async fn a_declined_report_without_a_payment_request_changes_nothing() {
    let t = sandbox_app();
    let (id, secret) = create_session(&t.app, "customer+de@klarna.com").await;
    let a = result(
        &t.app,
        &id,
        &secret,
        "hint-3",
        &json!({"outcome": "declined"}),
    )
    .await;
    assert_eq!(a.json()["state"], "open");
    checkout_server::jobs::drain(&t.state, "runner").await;
    assert_eq!(merchant_view(&t.app, &id).await["state"], "open");
}

/// The merchant changes the amount while the shopper is in Klarna's step-up
/// journey: the journey's payment request (for the old amount) is canceled,
/// its completion is refused naming it, the session stays open, and the
/// shopper pays the new amount. Before, the final authorization ran at the
/// new amount against the old request and the session ended `declined` for
/// good, though the shopper had approved (outside tester of the browser side).
#[tokio::test]
async fn an_amount_changed_during_a_step_up_journey_cancels_it_and_the_shopper_pays_again() {
    let t = sandbox_app();
    let (id, secret) = create_session(&t.app, "customer+de+stepup@klarna.com").await;
    let a = authorize(&t.app, &id, &secret).await;
    assert_eq!(a.json()["result"], "STEP_UP_REQUIRED");
    let pr = a.json()["payment_request_id"].as_str().unwrap().to_string();
    let patch = call(
        &t.app,
        "PATCH",
        &format!("/v1/sessions/{id}"),
        Some(KEY_A),
        Some(json!({"amount": 5900, "order_lines": [{"name": "Socks", "quantity": 1, "unit_price": 5900, "total_amount": 5900}]})),
    )
    .await;
    assert_eq!(patch.status, StatusCode::OK);
    // The shopper finishes the old journey anyway.
    let done = call(
        &t.app,
        "POST",
        &format!("/sandbox/klarna/payment-requests/{pr}/complete"),
        Some(&secret),
        Some(json!({})),
    )
    .await;
    let token = done.json()["klarna_network_session_token"]
        .as_str()
        .map(str::to_string);
    let body = json!({"outcome": "authorized", "payment_request_id": pr, "klarna_network_session_token": token.unwrap_or_else(|| "krn:none".into())});
    let r = result(&t.app, &id, &secret, "amount-changed-1", &body).await;
    assert_eq!(
        r.status,
        StatusCode::CONFLICT,
        "{}",
        String::from_utf8_lossy(&r.bytes)
    );
    assert_eq!(r.field_paths(), vec!["payment_request_id"]);
    assert_eq!(merchant_view(&t.app, &id).await["state"], "open");
    // A new journey at the new amount pays.
    let (pr2, token2) = complete_step_up(&t.app, &id, &secret).await;
    assert_ne!(pr2, pr);
    let body = json!({"outcome": "authorized", "payment_request_id": pr2, "klarna_network_session_token": token2});
    let paid = result(&t.app, &id, &secret, "amount-changed-2", &body).await;
    assert_eq!(
        paid.json()["state"],
        "authorized",
        "{}",
        String::from_utf8_lossy(&paid.bytes)
    );
    assert_eq!(
        merchant_view(&t.app, &id).await["authorization"]["amount"],
        5900
    );
}
