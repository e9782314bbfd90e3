//! Issue 20, point 8: `POST /v1/sessions` with a returning shopper's
//! `klarna_network_session_token` and `"authorize": true` creates the
//! session and authorizes it at once, on the express token path, with the
//! create's `Idempotency-Key` rules.

mod common;

use axum::http::StatusCode;
use checkout_core::session::validate_new_session;
use common::*;
use serde_json::{json, Value};

const TOKEN: &str = "krn:sandbox:eu1:session-token:signin:1";

fn body(email: &str) -> Value {
    let mut b = session_body(email);
    b["klarna_network_session_token"] = json!(TOKEN);
    b["authorize"] = json!(true);
    b
}

async fn create(t: &TestApp, body: Value, key: Option<&str>) -> Answer {
    let headers: Vec<(&str, &str)> = key.map(|k| ("idempotency-key", k)).into_iter().collect();
    let body = body.to_string();
    send(
        &t.app,
        "POST",
        "/v1/sessions",
        Some(KEY_A),
        Some(&body),
        &headers,
    )
    .await
}

async fn klarna_authorizations(t: &TestApp, id: &str) -> Vec<Value> {
    let all = klarna_requests(&t.app, id).await;
    all.into_iter()
        .filter(|c| c["operation"] == "authorize")
        .collect()
}

#[tokio::test]
async fn approved_at_creation_answers_201_with_the_session_authorized() {
    let t = sandbox_app();
    let a = create(&t, body("customer+de@klarna.com"), Some("order-77")).await;
    assert_eq!(
        a.status,
        StatusCode::CREATED,
        "{}",
        String::from_utf8_lossy(&a.bytes)
    );
    let v = a.json();
    assert_eq!(v["state"], "authorized", "{v}");
    assert_eq!(v["outcome"]["result"], "APPROVED", "{v}");
    assert!(v["client_secret"]
        .as_str()
        .unwrap()
        .starts_with("hcs_secret_"));
    let id = v["id"].as_str().unwrap().to_string();
    let view = merchant_view(&t.app, &id).await;
    assert_eq!(view["state"], "authorized");
    assert_eq!(
        view["authorization"]["payment_transaction_id"],
        v["outcome"]["payment_transaction_id"]
    );
    let calls = klarna_authorizations(&t, &id).await;
    assert_eq!(calls.len(), 1, "{calls:?}");
    assert_eq!(calls[0]["klarna_network_session_token"], TOKEN);

    // The same key again: the first answer, its secrets included; no second call.
    let again = create(&t, body("customer+de@klarna.com"), Some("order-77")).await;
    assert_eq!((again.status, again.json()), (a.status, v.clone()));
    assert_eq!(klarna_authorizations(&t, &id).await.len(), 1);
}

#[tokio::test]
async fn declined_and_step_up_are_answered_with_the_session() {
    let t = sandbox_app();
    let v = create(&t, body("customer+denied@klarna.com"), None)
        .await
        .json();
    assert_eq!(
        (&v["state"], &v["outcome"]["result"]),
        (&json!("declined"), &json!("DECLINED")),
        "{v}"
    );

    let a = create(&t, body("customer+stepup@klarna.com"), None).await;
    assert_eq!(a.status, StatusCode::CREATED);
    let v = a.json();
    assert_eq!(v["outcome"]["result"], "STEP_UP_REQUIRED", "{v}");
    assert_eq!(v["state"], "open");
    assert!(
        v["outcome"]["payment_request_url"]
            .as_str()
            .is_some_and(|u| u.starts_with("http")),
        "{v}"
    );
}

#[tokio::test]
async fn a_failed_authorization_still_answers_the_session_it_created() {
    let t = sandbox_app();
    let a = create(&t, body("customer+error@klarna.com"), Some("k-err")).await;
    assert_eq!(a.status, StatusCode::CREATED);
    let v = a.json();
    assert_eq!(v["state"], "open", "{v}");
    assert!(
        v["authorize_error"]["status"].as_u64().unwrap() >= 500,
        "{v}"
    );
    assert!(v.get("outcome").is_none());
    let id = v["id"].as_str().unwrap();
    assert_eq!(merchant_view(&t.app, id).await["state"], "open");
}

#[tokio::test]
async fn authorize_needs_a_token_and_a_boolean() {
    let t = sandbox_app();
    let mut b = body("customer+de@klarna.com");
    b.as_object_mut()
        .unwrap()
        .remove("klarna_network_session_token");
    let a = create(&t, b, None).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert_eq!(a.field_paths(), vec!["klarna_network_session_token"]);
    let mut b = body("customer+de@klarna.com");
    b["authorize"] = json!("yes");
    b["amount"] = json!(-1);
    let a = create(&t, b, None).await;
    let paths = a.field_paths();
    assert!(
        paths.contains(&"authorize".to_string()) && paths.contains(&"amount".to_string()),
        "{paths:?}"
    );
    // "authorize": false is a plain create.
    let mut b = body("customer+de@klarna.com");
    b["authorize"] = json!(false);
    let v = create(&t, b, None).await.json();
    assert_eq!(v["state"], "open");
    assert!(v.get("outcome").is_none());
    assert!(klarna_authorizations(&t, v["id"].as_str().unwrap())
        .await
        .is_empty());
}

/// A create whose answer was lost (the server died after creating, or
/// after Klarna answered): the same request runs again and finds the
/// session it made; Klarna sees a replay, never a second transaction.
#[tokio::test]
async fn a_rerun_after_a_lost_answer_resumes_the_same_session() {
    use checkout_server::payments::create_authorize;
    let t = sandbox_app();
    let v = create(&t, body("customer+de@klarna.com"), Some("lost-1"))
        .await
        .json();
    let id = v["id"].as_str().unwrap().to_string();
    let rec = t.state.store.session(&id).await.unwrap().unwrap();
    assert_eq!(
        create_authorize::session_id(&t.state, &rec.merchant_id, Some("lost-1"))
            .await
            .unwrap(),
        id
    );

    // Settled before the crash: the settled outcome, no Klarna call.
    let again = Box::pin(create_authorize::run(
        &t.state,
        &rec.merchant_id,
        rec.data.clone(),
        Some("lost-1"),
    ))
    .await
    .unwrap();
    let again = serde_json::to_value(&again).unwrap();
    assert_eq!(
        (&again["id"], &again["state"]),
        (&json!(id), &json!("authorized"))
    );
    assert_eq!(
        again["outcome"]["payment_transaction_id"],
        v["outcome"]["payment_transaction_id"]
    );
    assert!(again.get("client_secret").is_none());
    assert_eq!(klarna_authorizations(&t, &id).await.len(), 1);

    // Created but not settled (killed before Klarna answered, or between
    // its answer and our write): that session is authorized, no second one.
    let data = validate_new_session(&body_without_flag()).unwrap();
    let first = create_authorize::session_id(&t.state, &rec.merchant_id, Some("lost-2"))
        .await
        .unwrap();
    checkout_server::sessions::insert_with_id(
        &t.state,
        &rec.merchant_id,
        first.clone(),
        data.clone(),
    )
    .await
    .unwrap();
    let v = serde_json::to_value(
        Box::pin(create_authorize::run(
            &t.state,
            &rec.merchant_id,
            data,
            Some("lost-2"),
        ))
        .await
        .unwrap(),
    )
    .unwrap();
    assert_eq!(
        (&v["id"], &v["outcome"]["result"]),
        (&json!(first), &json!("APPROVED")),
        "{v}"
    );
}

fn body_without_flag() -> Value {
    let mut b = body("customer+de@klarna.com");
    b.as_object_mut().unwrap().remove("authorize");
    b
}

/// A derived session id is keyed with the instances' shared secret: it is not
/// sha256 of the merchant id and the `Idempotency-Key`, which anyone knowing an
/// order number could compute (and open the session's payment link and
/// return redirect with).
#[tokio::test]
async fn derived_session_ids_cannot_be_computed_from_the_key() {
    let t = sandbox_app();
    use checkout_server::payments::create_authorize;
    let id = create_authorize::session_id(&t.state, "mer_x", Some("order-125"))
        .await
        .unwrap();
    let guess = checkout_server::ids::sha256_hex(b"create-authorize\nmer_x\norder-125");
    assert_ne!(id, format!("hcs_{}", &guess[..32]));
    let again = create_authorize::session_id(&t.state, "mer_x", Some("order-125"))
        .await
        .unwrap();
    assert_eq!(id, again, "stable for retries on every instance");
}
