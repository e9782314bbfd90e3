//! The server's own webhook subscription at Klarna (issue 19): created by
//! the operator call or at start, for the event types the server handles at
//! its URL; signing keys rotated with the old key honoured until an event
//! signed with the new one arrives; `/readyz`'s check of a missing
//! subscription; and the sandbox delivering its events through it.

mod common;

use axum::http::StatusCode;
use checkout_server::klarna::notifications::{KlarnaNotifications, HANDLED_EVENT_TYPES};
use checkout_server::sandbox::SandboxNotifications;
use checkout_server::subscription::{self, sync, KeyState};
use checkout_server::webhook;
use common::*;
use serde_json::{json, Value};
use std::time::Duration;

const ADMIN: &str = "sk_admin_demo";
const PATH: &str = "/v1/admin/klarna/webhook-subscription";

async fn admin(t: &TestApp, method: &str, path: &str, body: Option<Value>) -> Answer {
    call(&t.app, method, path, Some(ADMIN), body).await
}

/// Posts `envelope` to our webhook endpoint signed with `(key_id, secret)`.
async fn deliver(t: &TestApp, key_id: &str, secret: &str, envelope: &Value) -> Answer {
    let body = envelope.to_string();
    let sig = webhook::sign(secret, body.as_bytes());
    send(
        &t.app,
        "POST",
        "/v1/webhooks/klarna",
        None,
        Some(&body),
        &[
            (webhook::KEY_ID_HEADER, key_id),
            (webhook::SIGNATURE_HEADER, &sig),
        ],
    )
    .await
}

fn event(kind: &str) -> Value {
    json!({"metadata": {"event_type": kind, "event_id": format!("evt-{}", checkout_server::ids::random_hex(8)),
        "event_version": "v2", "occurred_at": "2026-11-30T10:00:00Z", "live": false}, "payload": {}})
}

async fn keys(t: &TestApp) -> Vec<(String, String, KeyState)> {
    let (s, _) = subscription::load(&t.state).await.unwrap();
    s.keys
        .iter()
        .map(|k| (k.key_id.clone(), k.secret.clone(), k.state))
        .collect()
}

#[tokio::test]
async fn the_operator_creates_one_subscription_for_the_handled_events_at_the_server_url() {
    let t = sandbox_app();
    // 1. Operator key required.
    assert_eq!(
        call(&t.app, "POST", PATH, None, None).await.status,
        StatusCode::UNAUTHORIZED
    );
    // 2. Created: a signing key, the webhook for every handled event type.
    let a = admin(&t, "POST", PATH, None).await;
    assert_eq!(
        a.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&a.bytes)
    );
    let v = a.json();
    assert_eq!(v["status"], "active", "{v}");
    assert_eq!(v["url"], format!("{PUBLIC_URL}/v1/webhooks/klarna"));
    let types: Vec<&str> = v["event_types"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap())
        .collect();
    assert_eq!(types, HANDLED_EVENT_TYPES);
    assert!(
        !v.to_string().contains("whsec"),
        "no secret in the view: {v}"
    );
    // 3. Klarna (the sandbox) has exactly that webhook, signed with that key.
    let klarna = SandboxNotifications::new(t.state.store.clone(), t.state.http.clone());
    let hooks = klarna.list_webhooks().await.unwrap();
    assert_eq!(hooks.len(), 1);
    assert_eq!(
        Some(hooks[0].webhook_id.clone()),
        v["webhook_id"].as_str().map(str::to_string)
    );
    assert_eq!(
        hooks[0].signing_key_id.as_deref(),
        v["signing_keys"][0]["signing_key_id"].as_str()
    );
    // 4. Again: the same webhook, no second one, no new key.
    let again = admin(&t, "POST", PATH, None).await.json();
    assert_eq!(again["webhook_id"], v["webhook_id"]);
    assert_eq!(klarna.list_webhooks().await.unwrap().len(), 1);
    assert_eq!(keys(&t).await.len(), 1);
    // 5. The subscription's key verifies; an unknown key does not.
    let (id, secret, _) = keys(&t).await.remove(0);
    assert_eq!(
        deliver(&t, &id, &secret, &event("payment.transaction.captured"))
            .await
            .status,
        StatusCode::OK
    );
    let forged = deliver(
        &t,
        &id,
        "whsec_not_the_key",
        &event("payment.transaction.captured"),
    )
    .await;
    assert_eq!(forged.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_rotation_honours_the_old_key_until_an_event_signed_with_the_new_one_arrives() {
    let t = sandbox_app();
    admin(&t, "POST", PATH, None).await;
    let (old_id, old_secret, _) = keys(&t).await.remove(0);
    // 1. Rotate: a pending key, the webhook now signs with it.
    let r = admin(&t, "POST", &format!("{PATH}/rotate"), None).await;
    assert_eq!(
        r.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&r.bytes)
    );
    let v = r.json();
    assert_eq!(v["status"], "rotating", "{v}");
    assert_eq!(v["simulate"]["requested"], true, "{v}");
    let ks = keys(&t).await;
    let (new_id, new_secret, state) = ks.last().unwrap().clone();
    assert_eq!(state, KeyState::Pending);
    let klarna = SandboxNotifications::new(t.state.store.clone(), t.state.http.clone());
    assert_eq!(
        klarna.list_webhooks().await.unwrap()[0]
            .signing_key_id
            .as_deref(),
        Some(new_id.as_str())
    );
    // 2. A second rotation while one is under way reuses the pending key.
    admin(&t, "POST", &format!("{PATH}/rotate"), None).await;
    assert_eq!(keys(&t).await.len(), 2);
    // 3. Events signed with the old key still verify (Klarna's retries).
    let e = event("payment.transaction.captured");
    assert_eq!(
        deliver(&t, &old_id, &old_secret, &e).await.status,
        StatusCode::OK
    );
    assert_eq!(
        keys(&t).await[0].2,
        KeyState::Active,
        "not confirmed by the old key"
    );
    // 4. One signed with the new key confirms it: new active, old retired.
    assert_eq!(
        deliver(
            &t,
            &new_id,
            &new_secret,
            &event("payment.transaction.captured")
        )
        .await
        .status,
        StatusCode::OK
    );
    let ks = keys(&t).await;
    assert_eq!(
        (ks[0].0.as_str(), ks[0].2),
        (old_id.as_str(), KeyState::Retired)
    );
    assert_eq!(
        (ks[1].0.as_str(), ks[1].2),
        (new_id.as_str(), KeyState::Active)
    );
    let v = admin(&t, "GET", PATH, None).await.json();
    assert_eq!(v["status"], "active");
    // 5. The retired key still verifies within its grace period (the clock
    //    rules past it are in time_rules.rs).
    assert_eq!(
        deliver(
            &t,
            &old_id,
            &old_secret,
            &event("payment.transaction.captured")
        )
        .await
        .status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn readiness_reports_a_missing_subscription_when_the_server_manages_it() {
    // Not managed: nothing to report.
    let t = sandbox_app();
    assert_eq!(subscription::readiness(&t.state).await, Ok(()));
    // Managed: missing until the start job created it.
    let url = "http://127.0.0.1:9/v1/webhooks/klarna";
    let t = app_with(&[
        ("KLARNA_WEBHOOK_SUBSCRIBE", "on"),
        ("KLARNA_WEBHOOK_URL", url),
    ]);
    let problem = subscription::readiness(&t.state).await.unwrap_err();
    assert!(problem.contains("missing"), "{problem}");
    // `/readyz` names it as a warning: the instance still takes payments
    // (they don't depend on Klarna's webhooks), so the balancer keeps it.
    let a = call(&t.app, "GET", "/readyz", None, None).await;
    assert_eq!(a.status, StatusCode::OK);
    let v = a.json();
    assert!(
        v["warnings"][0]
            .as_str()
            .unwrap()
            .starts_with("Klarna webhook subscription missing"),
        "{v}"
    );
    let now = checkout_server::clock::now_ms();
    t.state.store.enqueue_jobs(&[sync::job(now)]).await.unwrap();
    checkout_server::jobs::drain(&t.state, "runner").await;
    assert_eq!(subscription::readiness(&t.state).await, Ok(()));
    let a = call(&t.app, "GET", "/readyz", None, None).await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(a.json().get("warnings").is_none(), "{}", a.json());
    let v = admin(&t, "GET", PATH, None).await.json();
    assert_eq!(
        (v["managed"].as_bool(), v["problem"].is_null()),
        (Some(true), true),
        "{v}"
    );
    // A subscription at another URL is reported too.
    let moved = app_with(&[
        ("KLARNA_WEBHOOK_SUBSCRIBE", "on"),
        (
            "KLARNA_WEBHOOK_URL",
            "http://127.0.0.1:10/v1/webhooks/klarna",
        ),
    ]);
    let doc = t
        .state
        .store
        .document(subscription::DOCUMENT)
        .await
        .unwrap()
        .unwrap()
        .0;
    moved
        .state
        .store
        .write_document(subscription::DOCUMENT, &doc, 0)
        .await
        .unwrap();
    let problem = subscription::readiness(&moved.state).await.unwrap_err();
    assert!(problem.contains("instead of"), "{problem}");
}

#[tokio::test]
async fn simulate_checks_its_event_type_and_needs_a_subscription() {
    let t = sandbox_app();
    let none = admin(&t, "POST", &format!("{PATH}/simulate"), Some(json!({}))).await;
    assert_eq!(none.status, StatusCode::CONFLICT);
    admin(&t, "POST", PATH, None).await;
    let bad = admin(
        &t,
        "POST",
        &format!("{PATH}/simulate"),
        Some(json!({"event_type": "payment.*"})),
    )
    .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad.field_paths(), vec!["event_type"]);
    let extra = admin(
        &t,
        "POST",
        &format!("{PATH}/simulate"),
        Some(json!({"type": "x"})),
    )
    .await;
    assert_eq!(extra.field_paths(), vec!["type"]);
    let ok = admin(
        &t,
        "POST",
        &format!("{PATH}/simulate"),
        Some(json!({"event_type": "payment.transaction.expired"})),
    )
    .await;
    assert_eq!(ok.status, StatusCode::ACCEPTED);
}

/// A real listener for the app, so the sandbox's deliveries reach it.
async fn served(extra: &[(&str, &str)]) -> (TestApp, String) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let mut pairs = vec![("CHECKOUT_PUBLIC_URL", base.as_str())];
    pairs.extend_from_slice(extra);
    let t = app_with(&pairs);
    let app = t.app.clone();
    tokio::spawn(async move { axum::serve(listener, app).await });
    (t, base)
}

async fn wait_for(mut done: impl AsyncFnMut() -> bool, what: &str) {
    for _ in 0..100 {
        if done().await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("timed out waiting for {what}");
}

#[tokio::test]
async fn klarnas_simulated_event_confirms_a_rotation_end_to_end() {
    let (t, _base) = served(&[]).await;
    admin(&t, "POST", PATH, None).await;
    // The sandbox's Klarna sends the simulated event to our endpoint, signed
    // with the pending key; its arrival confirms the rotation.
    let v = admin(&t, "POST", &format!("{PATH}/rotate"), None)
        .await
        .json();
    assert_eq!(v["simulate"]["requested"], true, "{v}");
    wait_for(
        async || admin(&t, "GET", PATH, None).await.json()["status"] == "active",
        "the rotation to be confirmed",
    )
    .await;
    let ks = keys(&t).await;
    assert_eq!(
        ks.iter().map(|k| k.2).collect::<Vec<_>>(),
        vec![KeyState::Retired, KeyState::Active]
    );
}

#[tokio::test]
async fn the_sandbox_delivers_a_completed_journey_through_the_subscription() {
    // No configured key can verify: only the subscription's key can.
    let (t, _base) = served(&[(
        "KLARNA_WEBHOOK_SIGNING_KEYS",
        "other:whsec_unrelated_secret",
    )])
    .await;
    admin(&t, "POST", PATH, None).await;
    let (id, secret) = create_session(&t.app, "customer+de+stepup@klarna.com").await;
    complete_step_up(&t.app, &id, &secret).await;
    wait_for(
        async || {
            checkout_server::jobs::drain(&t.state, "runner").await;
            merchant_view(&t.app, &id).await["state"] == "authorized"
        },
        "the completed webhook to authorize the session",
    )
    .await;
}
