//! The sandbox's own endpoints stay the sandbox's (issue 17, point 9): the
//! record of Klarna calls shows a real merchant's sessions only to that
//! merchant, demo sessions belong to a sandbox-only merchant, and the demo
//! pages carry a CSP like the hosted page.

mod common;

use axum::http::StatusCode;
use common::*;
use serde_json::json;

#[tokio::test]
async fn a_merchants_klarna_calls_need_that_merchants_key() {
    let t = sandbox_app();
    let (id, secret) = create_session(&t.app, "customer+de@klarna.com").await;
    let token = "krn:network:secret-token";
    call(
        &t.app,
        "POST",
        &format!("/v1/sessions/{id}/klarna/authorize"),
        Some(&secret),
        Some(json!({"klarna_network_session_token": token})),
    )
    .await;
    let path = format!("/sandbox/klarna/requests?session={id}");
    let anyone = call(&t.app, "GET", &path, None, None).await;
    assert_eq!(anyone.status, StatusCode::UNAUTHORIZED);
    assert!(!String::from_utf8_lossy(&anyone.bytes).contains(token));
    let other = call(&t.app, "GET", &path, Some(KEY_B), None).await;
    assert_eq!(other.status, StatusCode::NOT_FOUND);
    let owner = call(&t.app, "GET", &path, Some(KEY_A), None).await;
    assert_eq!(owner.status, StatusCode::OK);
    assert_eq!(
        owner.json()["requests"][0]["klarna_network_session_token"],
        token
    );
}

#[tokio::test]
async fn another_merchants_transaction_is_unknown_and_names_nothing_of_it() {
    let t = sandbox_app();
    let (sid, _) = authorized_session(&t.app, "customer+de@klarna.com").await;
    let view = merchant_view(&t.app, &sid).await;
    let txn = view["payment"]["payment_transaction_id"].as_str().unwrap();
    let known = format!("/sandbox/klarna/transactions/{txn}");
    let unknown = "/sandbox/klarna/transactions/krn:payment:eu1:transaction:none";
    for (path, missing) in [
        (known.clone(), unknown.to_string()),
        (
            format!("/sandbox/klarna/requests?transaction={txn}"),
            "/sandbox/klarna/requests?transaction=krn:none".to_string(),
        ),
    ] {
        let other = call(&t.app, "GET", &path, Some(KEY_B), None).await;
        assert_eq!(other.status, StatusCode::NOT_FOUND, "{path}");
        let body = String::from_utf8_lossy(&other.bytes).into_owned();
        assert!(!body.contains(&sid), "{path} names the session: {body}");
        // The same answer as for a transaction that does not exist.
        let none = call(&t.app, "GET", &missing, Some(KEY_B), None).await;
        assert_eq!(none.status, StatusCode::NOT_FOUND);
        let shape = |b: &str, id: &str| b.replace(id, "<id>");
        let missing_id = missing.rsplit(['/', '=']).next().unwrap();
        assert_eq!(
            shape(&body, txn),
            shape(&String::from_utf8_lossy(&none.bytes), missing_id),
            "{path}"
        );
    }
    let owner = call(&t.app, "GET", &known, Some(KEY_A), None).await;
    assert_eq!(owner.status, StatusCode::OK);
}

#[tokio::test]
async fn demo_sessions_belong_to_the_sandbox_demo_merchant_not_a_configured_one() {
    let t = sandbox_app();
    let created = call(
        &t.app,
        "POST",
        "/demo/sessions",
        None,
        Some(json!({"persona": "approve", "country": "DE"})),
    )
    .await;
    assert_eq!(created.status, StatusCode::CREATED);
    let id = created.json()["id"].as_str().unwrap().to_string();
    // The first configured merchant (shop_a) does not own it.
    let a = call(
        &t.app,
        "GET",
        &format!("/v1/sessions/{id}"),
        Some(KEY_A),
        None,
    )
    .await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    // Its Klarna calls are open to the demo store.
    let seen = call(
        &t.app,
        "GET",
        &format!("/sandbox/klarna/requests?session={id}"),
        None,
        None,
    )
    .await;
    assert_eq!(seen.status, StatusCode::OK);
}

#[test]
fn no_configured_merchant_may_take_the_demo_merchants_id() {
    let dir = tempfile::tempdir().unwrap();
    let e = checkout_server::Settings::from_env(&env(&[
        ("CHECKOUT_DATA_DIR", dir.path().to_str().unwrap()),
        ("CHECKOUT_MERCHANT_KEYS", "demo:sk_test_anything_long"),
    ]))
    .unwrap_err()
    .to_string();
    assert!(
        e.starts_with("CHECKOUT_MERCHANT_KEYS:") && e.contains("reserved"),
        "{e}"
    );
}

#[tokio::test]
async fn the_demo_pages_carry_a_csp() {
    let t = sandbox_app();
    let a = call(&t.app, "GET", "/", None, None).await;
    assert_eq!(a.status, StatusCode::OK);
    let csp = a.header("content-security-policy");
    for part in [
        "default-src 'self'",
        "script-src 'self'",
        "frame-ancestors 'self'",
        "object-src 'none'",
        "base-uri 'none'",
    ] {
        assert!(csp.contains(part), "{part} missing from {csp:?}");
    }
    assert!(!csp.contains("unsafe-inline"), "{csp}");
}
