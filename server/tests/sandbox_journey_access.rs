//! The sandbox's stand-ins for Klarna's shopper (an outside tester's
//! finding): knowing a session id let anyone create a completed express
//! payment request for a real merchant's session (authorizing it with a
//! made-up profile), and knowing its payment request id (which
//! `/hpp/{id}/return` told anyone) complete or decline its journey. On a
//! session that is not the demo merchant's these endpoints need the
//! session's client secret; demo sessions stay open to the demo store.
mod common;

use axum::http::StatusCode;
use common::*;
use serde_json::{json, Value};

fn mallory(reference: &str) -> Value {
    json!({"payment_request_reference": reference, "amount": 11800, "currency": "EUR",
        "customer_profile": {"email": "customer+de@klarna.com", "given_name": "Mallory"}})
}

async fn create_express(t: &TestApp, bearer: Option<&str>, body: Value) -> Answer {
    call(
        &t.app,
        "POST",
        "/sandbox/klarna/payment-requests",
        bearer,
        Some(body),
    )
    .await
}

#[tokio::test]
async fn an_express_payment_request_for_a_real_merchants_session_needs_its_client_secret() {
    let t = sandbox_app();
    let (id, secret) = create_session(&t.app, "customer+de@klarna.com").await;
    for bearer in [None, Some(KEY_A), Some("hcs_secret_wrong")] {
        let a = create_express(&t, bearer, mallory(&id)).await;
        assert_eq!(a.status, StatusCode::UNAUTHORIZED, "{bearer:?}");
    }
    let events = t.state.store.events(&id).await.unwrap();
    assert!(
        !events.iter().any(|e| e.kind.contains("express")),
        "nothing recorded: {:?}",
        events.iter().map(|e| &e.kind).collect::<Vec<_>>()
    );
    let v = merchant_view(&t.app, &id).await;
    assert_eq!(v["state"], "open");
    assert!(v["customer_profile"].is_null(), "{v}");
    // With the session's client secret: as before.
    let a = create_express(&t, Some(&secret), mallory(&id)).await;
    assert_eq!(
        a.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&a.bytes)
    );
    assert_eq!(a.json()["state"], "COMPLETED");
}

#[tokio::test]
async fn a_real_merchants_journey_is_completed_or_declined_with_its_client_secret_only() {
    let t = sandbox_app();
    let mut body = session_body("customer+de+stepup@klarna.com");
    body["return_url"] = json!(
        "https://shop.example/back?pr={klarna.payment_request.id}&s={klarna.payment_request.state}"
    );
    let a = call(&t.app, "POST", "/v1/sessions", Some(KEY_A), Some(body)).await;
    assert_eq!(a.status, StatusCode::CREATED);
    let (id, secret) = {
        let v = a.json();
        let s = |k: &str| v[k].as_str().unwrap().to_string();
        (s("id"), s("client_secret"))
    };
    let a = authorize(&t.app, &id, &secret).await;
    let pr = a.json()["payment_request_id"].as_str().unwrap().to_string();
    // The way back (a link: no credentials) names no payment request while
    // the session is open.
    let back = call(&t.app, "GET", &format!("/hpp/{id}/return"), None, None).await;
    assert_eq!(back.status, StatusCode::SEE_OTHER);
    assert_eq!(back.header("location"), "https://shop.example/back?pr=&s=");

    let base = format!("/sandbox/klarna/payment-requests/{pr}");
    for action in ["", "/complete", "/decline", "/cancel"] {
        let method = if action.is_empty() { "GET" } else { "POST" };
        let body = (method == "POST").then(|| json!({}));
        for bearer in [None, Some(KEY_A), Some("hcs_secret_wrong")] {
            let a = call(
                &t.app,
                method,
                &format!("{base}{action}"),
                bearer,
                body.clone(),
            )
            .await;
            assert_eq!(a.status, StatusCode::UNAUTHORIZED, "{action} {bearer:?}");
        }
    }
    let view = call(&t.app, "GET", &base, Some(&secret), None).await;
    assert_eq!(view.json()["state"], "SUBMITTED");
    let done = call(
        &t.app,
        "POST",
        &format!("{base}/complete"),
        Some(&secret),
        Some(json!({})),
    )
    .await;
    assert_eq!(done.status, StatusCode::OK);
    assert_eq!(done.json()["state"], "COMPLETED");
}

#[tokio::test]
async fn demo_sessions_stay_open_to_the_demo_store() {
    let t = sandbox_app();
    let a = call(
        &t.app,
        "POST",
        "/demo/sessions",
        None,
        Some(json!({"persona": "stepup", "country": "DE"})),
    )
    .await;
    assert_eq!(
        a.status,
        StatusCode::CREATED,
        "{}",
        String::from_utf8_lossy(&a.bytes)
    );
    let v = a.json();
    let id = v["id"].as_str().unwrap().to_string();
    let secret = v["client_secret"].as_str().unwrap().to_string();
    let a = authorize(&t.app, &id, &secret).await;
    let pr = a.json()["payment_request_id"].as_str().unwrap().to_string();
    let base = format!("/sandbox/klarna/payment-requests/{pr}");
    assert_eq!(
        call(&t.app, "GET", &base, None, None).await.status,
        StatusCode::OK
    );
    let done = call(
        &t.app,
        "POST",
        &format!("{base}/complete"),
        None,
        Some(json!({})),
    )
    .await;
    assert_eq!(done.status, StatusCode::OK);
}
