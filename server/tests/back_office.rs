//! What a merchant's back office (the demo store's orders page) relies on:
//! `GET /v1/sessions` lists the merchant's orders with their payments, and
//! the store's own notification endpoint (sandbox) keeps only what its
//! signature proves.

mod common;

use axum::http::StatusCode;
use checkout_core::notification::sign;
use checkout_server::routes::demo_inbox;
use checkout_server::settings::DEMO_MERCHANT;
use common::*;
use serde_json::{json, Value};

#[tokio::test]
async fn sessions_are_listed_newest_first_with_their_payment() {
    let t = sandbox_app();
    let (first, secret) = create_session(&t.app, "customer+de@klarna.com").await;
    assert_eq!(
        authorize(&t.app, &first, &secret).await.json()["result"],
        "APPROVED"
    );
    let (second, _) = create_session(&t.app, "customer+de@klarna.com").await;
    let (_, _) = {
        // Another merchant's session is not in shop A's list.
        let body = session_body("customer+de@klarna.com");
        let a = call(&t.app, "POST", "/v1/sessions", Some(KEY_B), Some(body)).await;
        assert_eq!(a.status, StatusCode::CREATED);
        (a.json()["id"].clone(), ())
    };

    let a = call(&t.app, "GET", "/v1/sessions", Some(KEY_A), None).await;
    assert_eq!(a.status, StatusCode::OK);
    let ids: Vec<Value> = a.json()["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].clone())
        .collect();
    assert_eq!(ids, [json!(second), json!(first)]);
    let paid = &a.json()["data"][1];
    assert_eq!(paid["state"], "authorized");
    assert_eq!(paid["payment"]["authorized_amount"], paid["amount"]);

    let one = call(&t.app, "GET", "/v1/sessions?limit=1", Some(KEY_A), None).await;
    assert_eq!(one.json()["data"].as_array().unwrap().len(), 1);
    for bad in ["0", "101", "x", "-1"] {
        let a = call(
            &t.app,
            "GET",
            &format!("/v1/sessions?limit={bad}"),
            Some(KEY_A),
            None,
        )
        .await;
        assert_eq!(a.field_paths(), vec!["limit"], "{bad}");
    }
    let a = call(&t.app, "GET", "/v1/sessions", None, None).await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED);
}

async fn demo_session(t: &TestApp) -> String {
    let body = json!({"persona": "approve", "country": "DE"});
    let a = call(&t.app, "POST", "/demo/sessions", None, Some(body)).await;
    assert_eq!(a.status, StatusCode::CREATED);
    a.json()["id"].as_str().unwrap().to_string()
}

async fn deliver(t: &TestApp, body: &str, signature: &str) -> StatusCode {
    let headers = [("checkout-signature", signature)];
    send(
        &t.app,
        "POST",
        demo_inbox::RECEIVER_PATH,
        None,
        Some(body),
        &headers,
    )
    .await
    .status
}

#[tokio::test]
async fn the_store_keeps_verified_notifications_once_and_shows_refused_ones() {
    let t = sandbox_app();
    demo_inbox::register(&t.state).await.unwrap();
    demo_inbox::register(&t.state).await.unwrap(); // idempotent: still one endpoint
    let endpoints = t.state.store.endpoints(DEMO_MERCHANT.0).await.unwrap();
    assert_eq!(endpoints.len(), 1);
    assert!(endpoints[0].url.ends_with(demo_inbox::RECEIVER_PATH));
    let secret = endpoints[0].secret.clone();
    // A receiver of another public URL (an earlier start) is replaced, not kept beside it.
    let stale = checkout_server::store::EndpointRecord {
        url: format!("http://127.0.0.1:1{}", demo_inbox::RECEIVER_PATH),
        id: "we_stale".into(),
        ..endpoints[0].clone()
    };
    t.state.store.insert_endpoint(&stale).await.unwrap();
    demo_inbox::register(&t.state).await.unwrap();
    let after = t.state.store.endpoints(DEMO_MERCHANT.0).await.unwrap();
    assert_eq!(
        after.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(),
        [endpoints[0].id.as_str()]
    );

    let id = demo_session(&t).await;
    let body =
        json!({"id": "evt_1", "type": "session.authorized", "created_at": "2026-11-30T00:00:00Z",
                      "data": {"id": id}})
        .to_string();
    let now = checkout_server::clock::now().unix_timestamp();
    let good = sign(&secret, now, body.as_bytes());
    assert_eq!(deliver(&t, &body, &good).await, StatusCode::NO_CONTENT);
    assert_eq!(deliver(&t, &body, &good).await, StatusCode::NO_CONTENT); // a redelivery

    // Signed with another secret, or too old: refused, and shown as refused.
    let forged = sign("whsec_someone_else", now, body.as_bytes());
    assert_eq!(
        deliver(&t, &body.replace("evt_1", "evt_2"), &forged).await,
        StatusCode::BAD_REQUEST
    );
    let stale_body = body.replace("evt_1", "evt_3");
    let stale = sign(&secret, now - 3600, stale_body.as_bytes());
    assert_eq!(
        deliver(&t, &stale_body, &stale).await,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        deliver(&t, &body.replace("evt_1", "evt_4"), "").await,
        StatusCode::BAD_REQUEST
    );
    // A bad copy of an event already verified is not kept again.
    assert_eq!(deliver(&t, &body, &forged).await, StatusCode::BAD_REQUEST);

    let a = call(&t.app, "GET", demo_inbox::RECEIVER_PATH, None, None).await;
    let list = a.json()["data"].as_array().unwrap().clone();
    let verified: Vec<&Value> = list.iter().filter(|n| n["verified"] == true).collect();
    assert_eq!(verified.len(), 1, "{list:?}");
    assert_eq!(verified[0]["event_id"], "evt_1");
    assert_eq!(verified[0]["session_id"], id.as_str());
    let refused: Vec<&str> = list
        .iter()
        .filter(|n| n["verified"] == false)
        .map(|n| n["event_id"].as_str().unwrap())
        .collect();
    assert_eq!(refused.len(), 3, "{list:?}");
    assert!(list
        .iter()
        .all(|n| n["verified"] == true || n["refusal"].is_string()));

    // One session's, and only the demo merchant's sessions.
    let path = format!("{}?session={id}", demo_inbox::RECEIVER_PATH);
    assert_eq!(
        call(&t.app, "GET", &path, None, None).await.json()["data"]
            .as_array()
            .unwrap()
            .len(),
        4
    );
    let (other, _) = create_session(&t.app, "customer+de@klarna.com").await;
    let path = format!("{}?session={other}", demo_inbox::RECEIVER_PATH);
    assert_eq!(
        call(&t.app, "GET", &path, None, None).await.status,
        StatusCode::NOT_FOUND
    );
}

/// The demo store's receiver takes the largest notification the server
/// sends: an event carries the session, which may be as large as its 1 MiB
/// creation body (1000 order lines) plus its payment. It answered `413` to
/// those, so their deliveries were retried for 72 hours (outside tester).
#[tokio::test]
async fn the_demo_receiver_takes_the_largest_notification() {
    let t = sandbox_app();
    demo_inbox::register(&t.state).await.unwrap();
    let secret = t.state.store.endpoints(DEMO_MERCHANT.0).await.unwrap()[0]
        .secret
        .clone();
    let id = demo_session(&t).await;
    let lines: Vec<Value> = (0..1000)
        .map(|i| json!({"name": format!("{i:0>250}"), "image_url": format!("https://shop.example/{}", "i".repeat(1500))}))
        .collect();
    let body =
        json!({"id": "evt_big", "type": "session.authorized", "created_at": "2026-11-30T00:00:00Z",
        "data": {"id": id, "order_lines": lines}})
        .to_string();
    assert!(body.len() > 1_500_000, "{}", body.len());
    let now = checkout_server::clock::now().unix_timestamp();
    let signed = sign(&secret, now, body.as_bytes());
    assert_eq!(deliver(&t, &body, &signed).await, StatusCode::NO_CONTENT);
}
