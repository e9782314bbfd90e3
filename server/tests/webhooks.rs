//! Klarna webhooks: signature checks, dedupe, and `completed` finalizing.

mod common;

use axum::http::StatusCode;
use base64::Engine;
use checkout_server::webhook::{completed_envelope, sign};
use common::*;
use serde_json::{json, Value};

async fn post_webhook(
    app: &axum::Router,
    body: &str,
    key_id: Option<&str>,
    signature: Option<&str>,
) -> Answer {
    let mut headers = Vec::new();
    if let Some(k) = key_id {
        headers.push(("klarna-signing-key-id", k));
    }
    if let Some(s) = signature {
        headers.push(("klarna-signature", s));
    }
    send(
        app,
        "POST",
        "/v1/webhooks/klarna",
        None,
        Some(body),
        &headers,
    )
    .await
}

/// Posts a signed envelope, then lets the job runner handle what was stored.
async fn signed(t: &TestApp, envelope: &Value) -> Answer {
    let body = envelope.to_string();
    let sig = sign(SIGNING_SECRET, body.as_bytes());
    let a = post_webhook(&t.app, &body, Some(SIGNING_KEY_ID), Some(&sig)).await;
    checkout_server::jobs::drain(&t.state, "test-runner").await;
    a
}

fn event(event_type: &str, event_id: &str, payload: Value) -> Value {
    json!({"metadata": {"event_type": event_type, "event_id": event_id, "event_version": "v2",
                        "occurred_at": "2026-11-23T10:00:00Z"}, "payload": payload})
}

#[tokio::test]
async fn a_valid_signature_is_accepted_in_hex_and_base64() {
    let t = sandbox_app();
    let body = event("payment.request.state-change.submitted", "ev-1", json!({})).to_string();
    let hex_sig = sign(SIGNING_SECRET, body.as_bytes());
    let a = post_webhook(&t.app, &body, Some(SIGNING_KEY_ID), Some(&hex_sig)).await;
    assert_eq!(a.status, StatusCode::OK);
    let body = event("payment.request.state-change.submitted", "ev-2", json!({})).to_string();
    let raw = hex::decode(sign(SIGNING_SECRET, body.as_bytes())).unwrap();
    let b64 = base64::engine::general_purpose::STANDARD.encode(raw);
    assert_eq!(
        post_webhook(&t.app, &body, Some(SIGNING_KEY_ID), Some(&b64))
            .await
            .status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn wrong_key_tampered_body_and_missing_headers_are_400() {
    let t = sandbox_app();
    let body = event("payment.request.state-change.completed", "ev-x", json!({})).to_string();
    let sig = sign(SIGNING_SECRET, body.as_bytes());

    let a = post_webhook(&t.app, &body, Some("k-unknown"), Some(&sig)).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert_eq!(a.field_paths(), vec!["Klarna-Signing-Key-Id"]);

    let other_secret = sign("not-the-secret", body.as_bytes());
    let a = post_webhook(&t.app, &body, Some(SIGNING_KEY_ID), Some(&other_secret)).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert_eq!(a.field_paths(), vec!["Klarna-Signature"]);

    let tampered = body.replace("ev-x", "ev-y");
    let a = post_webhook(&t.app, &tampered, Some(SIGNING_KEY_ID), Some(&sig)).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);

    let a = post_webhook(&t.app, &body, None, Some(&sig)).await;
    assert_eq!(
        (a.status, a.field_paths()),
        (
            StatusCode::BAD_REQUEST,
            vec!["Klarna-Signing-Key-Id".to_string()]
        )
    );
    let a = post_webhook(&t.app, &body, Some(SIGNING_KEY_ID), None).await;
    assert_eq!(
        (a.status, a.field_paths()),
        (
            StatusCode::BAD_REQUEST,
            vec!["Klarna-Signature".to_string()]
        )
    );
    // None of these claimed the event id: a correctly signed delivery still runs.
    assert_eq!(
        post_webhook(&t.app, &body, Some(SIGNING_KEY_ID), Some(&sig))
            .await
            .json()["status"],
        "accepted"
    );
}

#[tokio::test]
async fn completed_finalizes_and_a_replayed_event_does_nothing() {
    let t = sandbox_app();
    let (id, secret) = create_session(&t.app, "customer+de+stepup@klarna.com").await;
    let (pr, token) = complete_step_up(&t.app, &id, &secret).await;
    let mut envelope = completed_envelope(&pr, &id, &token);
    envelope["metadata"]["event_id"] = json!("ev-completed-1");

    let a = signed(&t, &envelope).await;
    assert_eq!(
        a.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&a.bytes)
    );
    assert_eq!(a.json()["status"], "accepted");
    let view = merchant_view(&t.app, &id).await;
    assert_eq!(view["state"], "authorized");
    let txn = view["authorization"]["payment_transaction_id"].clone();

    let again = signed(&t, &envelope).await;
    assert_eq!(
        (again.status, again.json()["status"].as_str()),
        (StatusCode::OK, Some("duplicate"))
    );

    // The page's report arrives later and converges on the same authorization.
    let body = json!({"outcome": "authorized", "payment_request_id": pr, "klarna_network_session_token": token});
    let r = result(&t.app, &id, &secret, "late", &body).await;
    assert_eq!(r.json()["authorization"]["payment_transaction_id"], txn);
    let events = t.state.store.events(&id).await.unwrap();
    assert_eq!(
        events
            .iter()
            .filter(|e| e.kind == "final_authorization")
            .count(),
        1,
        "{events:?}"
    );
}

#[tokio::test]
async fn token_under_state_context_and_correlation_by_reference() {
    let t = sandbox_app();
    let (id, secret) = create_session(&t.app, "customer+de+stepup@klarna.com").await;
    let (pr, token) = complete_step_up(&t.app, &id, &secret).await;
    let payload = json!({"payment_request_id": pr, "payment_request_reference": id, "state": "COMPLETED",
                         "state_context": {"klarna_network_session_token": token}});
    let a = signed(
        &t,
        &event("payment.request.state-change.completed", "ev-sc", payload),
    )
    .await;
    assert_eq!(a.json()["status"], "accepted");
    assert_eq!(merchant_view(&t.app, &id).await["state"], "authorized");
}

#[tokio::test]
async fn declined_declines_and_canceled_keeps_the_session_open() {
    let t = sandbox_app();
    let (id, secret) = create_session(&t.app, "customer+de+abort@klarna.com").await;
    let pr = authorize(&t.app, &id, &secret).await.json()["payment_request_id"]
        .as_str()
        .unwrap()
        .to_string();
    let a = signed(
        &t,
        &event(
            "payment.request.state-change.canceled",
            "ev-c",
            json!({"payment_request_id": pr}),
        ),
    )
    .await;
    assert_eq!(a.json()["status"], "accepted");
    assert_eq!(merchant_view(&t.app, &id).await["state"], "open");
    assert_eq!(
        t.state
            .store
            .payment_request(&pr)
            .await
            .unwrap()
            .unwrap()
            .state,
        "CANCELED"
    );

    let a = signed(
        &t,
        &event(
            "payment.request.state-change.declined",
            "ev-d",
            json!({"payment_request_id": pr}),
        ),
    )
    .await;
    assert_eq!(a.json()["status"], "accepted");
    assert_eq!(merchant_view(&t.app, &id).await["state"], "declined");
}

#[tokio::test]
async fn unknown_payment_requests_are_acknowledged_and_ignored() {
    let t = sandbox_app();
    let payload =
        json!({"payment_request_id": "krn:unknown", "klarna_network_session_token": "krn:t"});
    let a = signed(
        &t,
        &event("payment.request.state-change.completed", "ev-u", payload),
    )
    .await;
    assert_eq!(
        (a.status, a.json()["status"].as_str()),
        (StatusCode::OK, Some("accepted"))
    );
    assert_eq!(
        checkout_server::jobs::drain(&t.state, "r").await,
        0,
        "handled, not retried"
    );
}

#[tokio::test]
async fn events_of_the_other_mode_are_refused() {
    let t = sandbox_app();
    let mut e = event(
        "payment.request.state-change.submitted",
        "ev-live",
        json!({}),
    );
    e["metadata"]["live"] = json!(true);
    let a = signed(&t, &e).await;
    assert_eq!(
        (a.status, a.field_paths()),
        (StatusCode::BAD_REQUEST, vec!["metadata.live".to_string()])
    );
    e["metadata"]["live"] = json!(false);
    assert_eq!(signed(&t, &e).await.json()["status"], "accepted");
}

/// A correctly signed event whose `event_id` is empty or past 255
/// characters, or whose `payload` is not an object, is refused `400` naming
/// the field (as any malformed envelope is; Klarna retries a `4xx` for 12
/// hours at most), and nothing of it is stored or queued.
#[tokio::test]
async fn signed_events_with_a_malformed_id_or_payload_are_refused_and_not_kept() {
    let t = sandbox_app();
    let jobs = |t: &TestApp| {
        let store = t.state.store.clone();
        async move {
            let counts = store.job_counts().await.unwrap();
            counts.iter().map(|(_, n)| n).sum::<u64>()
        }
    };
    let before = jobs(&t).await;
    let long = "e".repeat(100_000);
    let kind = "payment.request.state-change.completed";
    for (e, field) in [
        (event(kind, "", json!({})), "metadata.event_id"),
        (event(kind, "   ", json!({})), "metadata.event_id"),
        (event(kind, &long, json!({})), "metadata.event_id"),
        (event(kind, "ev-str", json!("x")), "payload"),
        (event(kind, "ev-arr", json!([1, 2])), "payload"),
    ] {
        let a = signed(&t, &e).await;
        assert_eq!(
            (a.status, a.field_paths()),
            (StatusCode::BAD_REQUEST, vec![field.to_string()]),
            "{}",
            String::from_utf8_lossy(&a.bytes)
        );
    }
    assert_eq!(jobs(&t).await, before, "no job was queued");
    let at = checkout_server::clock::now();
    for id in ["", long.as_str(), "ev-str", "ev-arr"] {
        assert!(
            t.state
                .store
                .claim_webhook_event(id, kind, at)
                .await
                .unwrap(),
            "event id {:.20} was not kept",
            id
        );
    }
    // The same event well formed is accepted.
    let ok = event(
        kind,
        "ev-ok",
        json!({"payment_request_id": "krn:pr:unknown"}),
    );
    assert_eq!(signed(&t, &ok).await.json()["status"], "accepted");
}
