//! What the answers kept for `Idempotency-Key` replays may hold: erasing a
//! session's personal data (`POST /v1/sessions/{id}/erase`, the retention
//! round) erases it from them too, so a replay answers the erased view and
//! still never makes a second session; and a replay returns the first
//! answer, the secrets it showed included.
mod common;

use axum::http::StatusCode;
use checkout_server::jobs;
use checkout_server::payments::idempotency::request_hash;
use checkout_server::store::IdempotencyBegin;
use common::*;
use serde_json::{json, Value};

const PERSONAL: [&str; 5] = ["customer+de", "Erika", "Mustermann", "1234567", "Hauptstr"];

fn holds_personal_data(a: &Answer) -> bool {
    let s = String::from_utf8_lossy(&a.bytes);
    PERSONAL.iter().any(|p| s.contains(p))
}

async fn keyed(t: &TestApp, method: &str, path: &str, key: &str, body: &Value) -> Answer {
    let body = body.to_string();
    send(
        &t.app,
        method,
        path,
        Some(KEY_A),
        Some(&body),
        &[("idempotency-key", key)],
    )
    .await
}

fn body_with_customer() -> Value {
    let mut body = session_body("customer+de@klarna.com");
    // No lines, so a PATCH changes the amount alone.
    body.as_object_mut().unwrap().remove("order_lines");
    body["customer"] = json!({"email": "customer+de@klarna.com", "given_name": "Erika",
        "family_name": "Mustermann", "phone": "+49 30 1234567",
        "billing_address": {"street_address": "Hauptstr. 1", "postal_code": "10115", "city": "Berlin", "country": "DE"}});
    body
}

/// The tester's repro: a keyed PATCH and cancel, the erasure, the same
/// requests again; `erase` erases it (by request or by the retention round).
async fn replays_answer_the_erased_view(t: &TestApp, erase: impl AsyncFnOnce(&TestApp, &str)) {
    let create = keyed(t, "POST", "/v1/sessions", "k0", &body_with_customer()).await;
    assert_eq!(create.status, StatusCode::CREATED);
    let id = create.json()["id"].as_str().unwrap().to_string();
    let path = format!("/v1/sessions/{id}");
    let (amount, empty) = (json!({"amount": 11700}), json!({}));
    let patch = || keyed(t, "PATCH", &path, "k1", &amount);
    let cancel_path = format!("{path}/cancel");
    let cancel = || keyed(t, "POST", &cancel_path, "k2", &empty);
    let (patched, canceled) = (patch().await, cancel().await);
    assert_eq!(patched.status, StatusCode::OK, "{}", patched.json());
    assert_eq!(canceled.status, StatusCode::OK, "{}", canceled.json());
    assert!(holds_personal_data(&patched) && holds_personal_data(&canceled));
    assert_eq!(
        patch().await.bytes,
        patched.bytes,
        "replayed before the erasure"
    );

    erase(t, &id).await;
    let view = merchant_view(&t.app, &id).await;
    let at = view["personal_data_erased_at"].clone();
    assert!(at.is_string(), "{view}");
    for (again, first) in [(patch().await, patched), (cancel().await, canceled)] {
        assert_eq!(again.status, StatusCode::OK);
        assert!(!holds_personal_data(&again), "{}", again.json());
        let (v, before) = (again.json(), first.json());
        assert_eq!(v["personal_data_erased_at"], at, "{v}");
        for k in ["customer", "customer_profile", "shipping"] {
            assert!(v.get(k).is_none(), "{k} kept: {v}");
        }
        for k in ["id", "state", "amount", "order_lines", "merchant_reference"] {
            assert_eq!(v[k], before[k], "{k} stays");
        }
    }
    // The records stay: the create's replay names the same session, no second one.
    let again = keyed(t, "POST", "/v1/sessions", "k0", &body_with_customer()).await;
    assert_eq!(
        (again.status, &again.json()["id"]),
        (StatusCode::CREATED, &json!(id))
    );
    let list = call(&t.app, "GET", "/v1/sessions", Some(KEY_A), None).await;
    assert_eq!(list.json()["data"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn erasure_on_request_reaches_the_replayed_answers() {
    let t = sandbox_app();
    replays_answer_the_erased_view(&t, async |t, id| {
        let path = format!("/v1/sessions/{id}/erase");
        let a = call(&t.app, "POST", &path, Some(KEY_A), None).await;
        assert_eq!(a.status, StatusCode::OK);
    })
    .await;
}

#[tokio::test]
async fn the_retention_rounds_erasure_reaches_the_replayed_answers() {
    let t = app_with(&[("CHECKOUT_PERSONAL_DATA_DAYS", "0")]);
    replays_answer_the_erased_view(&t, async |t, id| {
        // Times are kept to the second: finished before now.
        tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
        jobs::maintenance::tick(&t.state).await;
        let v = merchant_view(&t.app, id).await;
        assert!(v["personal_data_erased_at"].is_string(), "{v}");
    })
    .await;
}

/// `POST /v1/sessions` and `POST /v1/webhook-endpoints` answer a secret
/// that exists nowhere else in clear: a replay of the same key returns the
/// first answer byte for byte, secrets included (the public contract), so a
/// merchant whose first answer was lost can still use its session or verify
/// its endpoint's signatures; and no second session or endpoint is made.
#[tokio::test]
async fn a_replay_returns_the_first_answer_with_its_secrets() {
    let t = sandbox_app();
    let body = session_body("customer+de@klarna.com");
    let first = keyed(&t, "POST", "/v1/sessions", "c1", &body).await;
    assert_eq!(first.status, StatusCode::CREATED);
    let v = first.json();
    let secret = v["client_secret"].as_str().unwrap().to_string();
    assert!(secret.starts_with("hcs_secret_"));
    let again = keyed(&t, "POST", "/v1/sessions", "c1", &body).await;
    assert_eq!(again.status, StatusCode::CREATED);
    assert_eq!(again.bytes, first.bytes);
    // The replayed secret works; no second session.
    let id = v["id"].as_str().unwrap();
    let replayed = again.json()["client_secret"].as_str().unwrap().to_string();
    let config = call(
        &t.app,
        "GET",
        &format!("/v1/sessions/{id}/config"),
        Some(&replayed),
        None,
    )
    .await;
    assert_eq!(config.status, StatusCode::OK);
    let list = call(&t.app, "GET", "/v1/sessions", Some(KEY_A), None).await;
    assert_eq!(list.json()["data"].as_array().unwrap().len(), 1);

    let ep = json!({"url": "http://127.0.0.1:9/hook"});
    let first = keyed(&t, "POST", "/v1/webhook-endpoints", "w1", &ep).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.json());
    assert!(first.json()["secret"]
        .as_str()
        .unwrap()
        .starts_with("whsec_"));
    let again = keyed(&t, "POST", "/v1/webhook-endpoints", "w1", &ep).await;
    assert_eq!(again.status, StatusCode::CREATED);
    assert_eq!(again.bytes, first.bytes);
    let list = call(&t.app, "GET", "/v1/webhook-endpoints", Some(KEY_A), None).await;
    assert_eq!(list.json()["data"].as_array().unwrap().len(), 1);
}

/// The kept answers' secrets are sealed under the merchant's API key (security
/// tester's follow-up): the store's copy of a create's answer holds neither
/// the client secret nor the endpoint's signing secret, a replay with the same
/// API key still returns the first answer byte for byte, and a replay with
/// another key of the same merchant (the key rotated) is `409
/// idempotency_key_reused` naming the header, not an answer without its
/// secrets.
#[tokio::test]
async fn the_kept_answers_secrets_are_sealed_under_the_callers_key() {
    const OTHER_KEY_A: &str = "sk_test_shop_a_rotated_0003";
    let t = sandbox_app();
    // The same data after the operator rotated shop_a's key.
    let keys = format!("shop_a:{OTHER_KEY_A},shop_b:{KEY_B}");
    let s = settings(&t.dir, &[("CHECKOUT_MERCHANT_KEYS", &keys)]);
    let rotated =
        checkout_server::app(checkout_server::AppState::new(s.clone(), open_store(&s)).unwrap());
    let body = session_body("customer+de@klarna.com");
    let first = keyed(&t, "POST", "/v1/sessions", "s1", &body).await;
    assert_eq!(first.status, StatusCode::CREATED);
    let secret = first.json()["client_secret"].as_str().unwrap().to_string();
    let ep = json!({"url": "http://127.0.0.1:9/hook"});
    let endpoint = keyed(&t, "POST", "/v1/webhook-endpoints", "w1", &ep).await;
    assert_eq!(endpoint.status, StatusCode::CREATED);
    let signing = endpoint.json()["secret"].as_str().unwrap().to_string();

    for (key, path, sent, shown) in [
        ("s1", "/v1/sessions", &body, &secret),
        ("w1", "/v1/webhook-endpoints", &ep, &signing),
    ] {
        // What the store keeps: the record as a replay reads it.
        let mut fingerprint = format!("POST {path}\n").into_bytes();
        fingerprint.extend_from_slice(request_hash(sent.to_string().as_bytes()).as_bytes());
        let begin = t
            .state
            .store
            .idempotency_begin(
                "merchant:shop_a",
                key,
                &request_hash(&fingerprint),
                checkout_server::clock::now(),
                time::Duration::seconds(8),
            )
            .await
            .unwrap();
        let IdempotencyBegin::Replay { body: kept, .. } = begin else {
            panic!("{path}: no kept answer: {begin:?}");
        };
        let kept = String::from_utf8(kept).unwrap();
        assert!(
            !kept.contains(shown.as_str()),
            "{path}: kept in clear: {kept}"
        );
        assert!(kept.contains("khc-sealed:v1:"), "{kept}");

        let other = send(
            &rotated,
            "POST",
            path,
            Some(OTHER_KEY_A),
            Some(&sent.to_string()),
            &[("idempotency-key", key)],
        )
        .await;
        assert_eq!(other.status, StatusCode::CONFLICT, "{}", other.json());
        let e = &other.json()["error"];
        assert_eq!(e["code"], "idempotency_key_reused", "{e}");
        assert_eq!(e["fields"][0]["path"], "Idempotency-Key", "{e}");
    }
    let again = keyed(&t, "POST", "/v1/sessions", "s1", &body).await;
    assert_eq!(
        (again.status, &again.bytes),
        (StatusCode::CREATED, &first.bytes)
    );
    let again = keyed(&t, "POST", "/v1/webhook-endpoints", "w1", &ep).await;
    assert_eq!(again.bytes, endpoint.bytes);
}
