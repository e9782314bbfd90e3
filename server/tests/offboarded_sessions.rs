//! An offboarded merchant's open sessions take no payment: authorize,
//! confirm, the page's config, presentation, network token and the final
//! authorization of `/result` answer `409` naming the merchant's state,
//! while its existing payments can still be captured, refunded and read and
//! its sessions canceled.

mod common;

use axum::http::StatusCode;
use common::*;
use serde_json::{json, Value};

const ADMIN: &str = "sk_admin_demo";

/// An active merchant (its own Klarna account: no onboarding) and its key.
async fn merchant(t: &TestApp) -> (String, String) {
    own_account_merchant(&t.app, "shop-off", "krn:partner:global:account:off").await
}

fn text(a: &Answer) -> String {
    String::from_utf8_lossy(&a.bytes).into_owned()
}

async fn session(t: &TestApp, key: &str, email: &str) -> (String, String) {
    let mut body = session_body(email);
    body.as_object_mut().unwrap().remove("allowed_origins");
    let s = call(&t.app, "POST", "/v1/sessions", Some(key), Some(body)).await;
    assert_eq!(s.status, StatusCode::CREATED, "{}", text(&s));
    let v = s.json();
    let id = v["id"].as_str().unwrap().to_string();
    (id, v["client_secret"].as_str().unwrap().to_string())
}

fn refused(a: &Answer, what: &str) {
    assert_eq!(a.status, StatusCode::CONFLICT, "{what}: {}", text(a));
    let m = a.json()["error"]["message"].as_str().unwrap().to_string();
    assert!(m.contains("offboarded (inactive)"), "{what}: {m}");
}

#[tokio::test]
async fn an_offboarded_merchants_sessions_take_no_payment_but_its_payments_go_on() {
    let t = sandbox_app();
    let (mid, key) = merchant(&t).await;
    // One paid before the merchant leaves, one in a step-up journey, one untouched.
    let (paid, paid_cs) = session(&t, &key, "customer+de@klarna.com").await;
    assert_eq!(
        authorize(&t.app, &paid, &paid_cs).await.json()["result"],
        "APPROVED"
    );
    let (stepped, stepped_cs) = session(&t, &key, "customer+de+stepup@klarna.com").await;
    let (pr, token) = complete_step_up(&t.app, &stepped, &stepped_cs).await;
    let (open, cs) = session(&t, &key, "customer+de@klarna.com").await;
    let (other, other_cs) = session(&t, &key, "customer+de@klarna.com").await;
    let off = call(
        &t.app,
        "DELETE",
        &format!("/v1/admin/merchants/{mid}"),
        Some(ADMIN),
        None,
    )
    .await;
    assert_eq!(off.json()["status"], "inactive", "{}", text(&off));

    let base = format!("/v1/sessions/{open}");
    refused(
        &call(&t.app, "GET", &format!("{base}/config"), Some(&cs), None).await,
        "config",
    );
    let body = json!({"payment_confirmation_token": "sandbox_pct_off"});
    let path = format!("/v1/sessions/{other}/klarna/confirm");
    refused(
        &call(&t.app, "POST", &path, Some(&other_cs), Some(body)).await,
        "confirm",
    );
    let path = format!("{base}/klarna/presentation");
    refused(
        &call(&t.app, "GET", &path, Some(&cs), None).await,
        "presentation",
    );
    let body = json!({"klarna_network_session_token": "krn:off"});
    let path = format!("{base}/network-token");
    refused(
        &call(&t.app, "POST", &path, Some(&cs), Some(body.clone())).await,
        "network-token",
    );
    refused(
        &call(&t.app, "POST", &path, Some(&key), Some(body)).await,
        "network-token (merchant)",
    );
    let body = json!({"outcome": "authorized", "payment_request_id": pr, "klarna_network_session_token": token});
    refused(
        &result(&t.app, &stepped, &stepped_cs, "r-1", &body).await,
        "final authorization",
    );
    refused(&authorize(&t.app, &open, &cs).await, "authorize");
    // Klarna was not asked for the untouched one, and both are still open.
    let path = format!("/sandbox/klarna/requests?session={open}");
    let seen: Value = call(&t.app, "GET", &path, Some(&key), None).await.json();
    assert_eq!(seen["requests"], json!([]), "{seen}");
    for id in [&open, &other, &stepped] {
        let v = call(
            &t.app,
            "GET",
            &format!("/v1/sessions/{id}"),
            Some(&key),
            None,
        )
        .await;
        assert_eq!(v.json()["state"], "open", "{}", text(&v));
    }

    // The existing payment goes on: capture, refund, read; sessions cancel.
    let p = format!("/v1/sessions/{paid}");
    let c = call(
        &t.app,
        "POST",
        &format!("{p}/captures"),
        Some(&key),
        Some(json!({"amount": 11800})),
    )
    .await;
    assert!(c.status.is_success(), "capture: {}", text(&c));
    let r = call(
        &t.app,
        "POST",
        &format!("{p}/refunds"),
        Some(&key),
        Some(json!({"amount": 1000})),
    )
    .await;
    assert!(r.status.is_success(), "refund: {}", text(&r));
    let v = call(&t.app, "GET", &p, Some(&key), None).await;
    assert_eq!(
        v.json()["payment"]["captured_amount"],
        11800,
        "{}",
        text(&v)
    );
    let c = call(
        &t.app,
        "POST",
        &format!("{base}/cancel"),
        Some(&key),
        Some(json!({})),
    )
    .await;
    assert!(c.status.is_success(), "cancel: {}", text(&c));
}
