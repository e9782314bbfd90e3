//! Merchants as data (issue 18): the operator API, onboarding to Klarna in
//! the job runner (the sandbox emulates Klarna's setup delay), keys that work
//! at once and stop at once, and each merchant's checkout on its own Klarna
//! account.

mod common;

use axum::http::StatusCode;
use checkout_server::jobs;
use common::*;
use serde_json::{json, Value};
use std::time::Duration;

const ADMIN: &str = "sk_admin_demo";

fn merchant_body(reference: &str, store: &str) -> Value {
    json!({
        "reference": reference,
        "name": format!("Shop {reference}"),
        "contact": {"email": "ops@shop.example"},
        "business_entity": {
            "registered_name": "Shop GmbH", "registration_number": "HRB 1", "country": "DE",
            "address": {"street_address": "Hauptstraße 1", "postal_code": "10115", "city": "Berlin", "country": "DE"}
        },
        "merchant_category_code": "5661",
        "stores": [{"name": "Web", "url": store}],
        "other_methods": [{"id": "card", "labels": {"en": "Card", "de": "Kreditkarte"}}]
    })
}

async fn admin(t: &TestApp, method: &str, path: &str, body: Option<Value>) -> Answer {
    call(&t.app, method, path, Some(ADMIN), body).await
}

/// Runs the job runner until `id`'s onboarding is no longer pending.
async fn onboarded(t: &TestApp, id: &str) -> Value {
    for _ in 0..60 {
        jobs::drain(&t.state, "test-runner").await;
        let m = admin(t, "GET", &format!("/v1/admin/merchants/{id}"), None)
            .await
            .json();
        if m["klarna"]["onboarding"] != "pending" {
            return m;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("merchant {id} stayed pending");
}

async fn active_merchant(t: &TestApp, reference: &str, store: &str) -> (String, String) {
    let a = admin(
        t,
        "POST",
        "/v1/admin/merchants",
        Some(merchant_body(reference, store)),
    )
    .await;
    assert_eq!(
        a.status,
        StatusCode::CREATED,
        "{}",
        String::from_utf8_lossy(&a.bytes)
    );
    let id = a.json()["id"].as_str().unwrap().to_string();
    assert_eq!(a.json()["klarna"]["onboarding"], "pending");
    assert_eq!(onboarded(t, &id).await["klarna"]["onboarding"], "active");
    let key = admin(t, "POST", &format!("/v1/admin/merchants/{id}/keys"), None).await;
    assert_eq!(key.status, StatusCode::CREATED);
    (id, key.json()["secret"].as_str().unwrap().to_string())
}

fn session_for(origin: Option<&str>) -> Value {
    let mut b = session_body("customer+de@klarna.com");
    match origin {
        Some(o) => b["allowed_origins"] = json!([o]),
        None => {
            b.as_object_mut().unwrap().remove("allowed_origins");
        }
    }
    b
}

#[tokio::test]
async fn the_operator_api_needs_an_admin_key() {
    let t = sandbox_app();
    for key in [None, Some("wrong-key"), Some(KEY_A)] {
        let a = call(&t.app, "GET", "/v1/admin/merchants", key, None).await;
        assert_eq!(a.status, StatusCode::UNAUTHORIZED, "{key:?}");
    }
    assert_eq!(
        admin(&t, "GET", "/v1/admin/merchants", None).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_new_merchant_is_onboarded_and_then_takes_payments_with_its_key() {
    let t = sandbox_app();
    let (id, secret) = active_merchant(&t, "shop-1", "https://one.shop.example").await;
    let m = admin(&t, "GET", &format!("/v1/admin/merchants/{id}"), None)
        .await
        .json();
    let partner = m["klarna"]["partner_account_id"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        partner.starts_with("krn:partner:global:account:sandbox-"),
        "{partner}"
    );
    // The store's origin is the session's default allowed origin.
    let s = call(
        &t.app,
        "POST",
        "/v1/sessions",
        Some(&secret),
        Some(session_for(None)),
    )
    .await;
    assert_eq!(
        s.status,
        StatusCode::CREATED,
        "{}",
        String::from_utf8_lossy(&s.bytes)
    );
    let sid = s.json()["id"].as_str().unwrap().to_string();
    let cs = s.json()["client_secret"].as_str().unwrap().to_string();
    let view = call(
        &t.app,
        "GET",
        &format!("/v1/sessions/{sid}"),
        Some(&secret),
        None,
    )
    .await
    .json();
    assert_eq!(view["allowed_origins"], json!(["https://one.shop.example"]));
    // The page gets the merchant's partner account and its labels.
    let cfg = call(
        &t.app,
        "GET",
        &format!("/v1/sessions/{sid}/config"),
        Some(&cs),
        None,
    )
    .await
    .json();
    assert_eq!(cfg["klarna"]["partner_account_id"], partner.as_str());
    assert_eq!(
        cfg["other_methods"],
        json!([{"id": "card", "label": "Kreditkarte"}])
    );
    // Klarna is called on that account.
    assert_eq!(authorize(&t.app, &sid, &cs).await.status, StatusCode::OK);
    let seen = call(
        &t.app,
        "GET",
        &format!("/sandbox/klarna/requests?session={sid}"),
        Some(&secret),
        None,
    )
    .await
    .json();
    assert_eq!(seen["requests"][0]["partner_account_id"], partner.as_str());
}

#[tokio::test]
async fn two_merchants_side_by_side_each_use_their_own_klarna_account() {
    let t = sandbox_app();
    let (a, key_a) = active_merchant(&t, "shop-a", "https://a.shop.example").await;
    let (b, key_b) = active_merchant(&t, "shop-b", "https://b.shop.example").await;
    let mut partners = Vec::new();
    for (id, key) in [(&a, &key_a), (&b, &key_b)] {
        let m = admin(&t, "GET", &format!("/v1/admin/merchants/{id}"), None)
            .await
            .json();
        let partner = m["klarna"]["partner_account_id"]
            .as_str()
            .unwrap()
            .to_string();
        let s = call(
            &t.app,
            "POST",
            "/v1/sessions",
            Some(key),
            Some(session_for(None)),
        )
        .await
        .json();
        let (sid, cs) = (
            s["id"].as_str().unwrap(),
            s["client_secret"].as_str().unwrap(),
        );
        assert_eq!(authorize(&t.app, sid, cs).await.status, StatusCode::OK);
        let seen = call(
            &t.app,
            "GET",
            &format!("/sandbox/klarna/requests?session={sid}"),
            Some(key),
            None,
        )
        .await
        .json();
        assert_eq!(seen["requests"][0]["partner_account_id"], partner.as_str());
        // The other merchant's key doesn't even see the session.
        let other = if key == &key_a { &key_b } else { &key_a };
        let a = call(
            &t.app,
            "GET",
            &format!("/v1/sessions/{sid}"),
            Some(other),
            None,
        )
        .await;
        assert_eq!(a.status, StatusCode::NOT_FOUND);
        partners.push(partner);
    }
    assert_ne!(partners[0], partners[1]);
}

#[tokio::test]
async fn sessions_may_narrow_the_stores_but_not_add_origins() {
    let t = sandbox_app();
    let (_, key) = active_merchant(&t, "shop-2", "https://two.shop.example").await;
    let ok = call(
        &t.app,
        "POST",
        "/v1/sessions",
        Some(&key),
        Some(session_for(Some("https://two.shop.example"))),
    )
    .await;
    assert_eq!(ok.status, StatusCode::CREATED);
    let bad = call(
        &t.app,
        "POST",
        "/v1/sessions",
        Some(&key),
        Some(session_for(Some("https://evil.example"))),
    )
    .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad.field_paths(), ["allowed_origins[0]"]);
}

#[tokio::test]
async fn keys_rotate_without_downtime_and_a_revoked_key_stops_at_once() {
    let t = sandbox_app();
    let (id, first) = active_merchant(&t, "shop-3", "https://three.shop.example").await;
    let second = admin(&t, "POST", &format!("/v1/admin/merchants/{id}/keys"), None)
        .await
        .json();
    let second_secret = second["secret"].as_str().unwrap().to_string();
    for key in [&first, &second_secret] {
        let a = call(
            &t.app,
            "POST",
            "/v1/sessions",
            Some(key),
            Some(session_for(None)),
        )
        .await;
        assert_eq!(a.status, StatusCode::CREATED);
    }
    let list = admin(&t, "GET", &format!("/v1/admin/merchants/{id}/keys"), None)
        .await
        .json();
    let first_id = list["data"][0]["key_id"].as_str().unwrap().to_string();
    assert!(list["data"][0]["masked"]
        .as_str()
        .unwrap()
        .ends_with(&first[first.len() - 4..]));
    assert!(
        !list.to_string().contains(&first),
        "a list never shows a secret"
    );
    let r = admin(
        &t,
        "DELETE",
        &format!("/v1/admin/merchants/{id}/keys/{first_id}"),
        None,
    )
    .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let a = call(
        &t.app,
        "POST",
        "/v1/sessions",
        Some(&first),
        Some(session_for(None)),
    )
    .await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED);
    let a = call(
        &t.app,
        "POST",
        "/v1/sessions",
        Some(&second_secret),
        Some(session_for(None)),
    )
    .await;
    assert_eq!(a.status, StatusCode::CREATED);
    // Only the hash is stored.
    let stored = t.state.store.merchant_keys(&id).await.unwrap();
    assert!(stored
        .iter()
        .all(|k| k.secret_hash.len() == 64 && k.secret_hash != first));
    // The bytes on disk, where they are one file (SQLite; on PostgreSQL the
    // rows above are all there is).
    if t.state.store.backend() == "sqlite" {
        let db = std::fs::read(t.state.settings.database_path()).unwrap();
        assert!(!String::from_utf8_lossy(&db).contains(&second_secret));
    }
}

#[tokio::test]
async fn pending_and_offboarded_merchants_take_no_sessions() {
    let t = sandbox_app();
    let a = admin(
        &t,
        "POST",
        "/v1/admin/merchants",
        Some(merchant_body("shop-4", "https://four.shop.example")),
    )
    .await;
    let id = a.json()["id"].as_str().unwrap().to_string();
    let key = admin(&t, "POST", &format!("/v1/admin/merchants/{id}/keys"), None)
        .await
        .json();
    let key = key["secret"].as_str().unwrap().to_string();
    let s = call(
        &t.app,
        "POST",
        "/v1/sessions",
        Some(&key),
        Some(session_for(None)),
    )
    .await;
    assert_eq!(s.status, StatusCode::CONFLICT);
    assert!(s.json()["error"]["message"]
        .as_str()
        .unwrap()
        .contains("pending"));
    onboarded(&t, &id).await;
    let off = admin(&t, "DELETE", &format!("/v1/admin/merchants/{id}"), None)
        .await
        .json();
    assert_eq!(off["status"], "inactive");
    let s = call(
        &t.app,
        "POST",
        "/v1/sessions",
        Some(&key),
        Some(session_for(None)),
    )
    .await;
    assert_eq!(s.status, StatusCode::CONFLICT);
    assert!(s.json()["error"]["message"]
        .as_str()
        .unwrap()
        .contains("offboarded"));
}

#[tokio::test]
async fn a_refused_onboarding_is_failed_with_klarnas_reason() {
    let t = sandbox_app();
    let a = admin(
        &t,
        "POST",
        "/v1/admin/merchants",
        Some(merchant_body("shop-5-fail", "https://five.shop.example")),
    )
    .await;
    let id = a.json()["id"].as_str().unwrap().to_string();
    let m = onboarded(&t, &id).await;
    assert_eq!(m["klarna"]["onboarding"], "failed");
    assert!(
        m["klarna"]["reason"].as_str().unwrap().contains("refused"),
        "{m}"
    );
}

#[tokio::test]
async fn a_merchant_with_its_own_klarna_account_is_active_at_once() {
    let t = sandbox_app();
    let mut body = merchant_body("shop-6", "https://six.shop.example");
    body["klarna"] = json!({"partner_account_id": "krn:partner:global:account:given", "payment_account_id": "krn:pa:1"});
    let a = admin(&t, "POST", "/v1/admin/merchants", Some(body)).await;
    assert_eq!(a.json()["klarna"]["onboarding"], "active");
    assert_eq!(
        a.json()["klarna"]["partner_account_id"],
        "krn:partner:global:account:given"
    );
}

#[tokio::test]
async fn bad_fields_and_a_taken_reference_are_named() {
    let t = sandbox_app();
    let mut bad = merchant_body("shop-7", "https://seven.shop.example");
    bad["merchant_category_code"] = json!("12");
    bad["contact"]["email"] = json!("x");
    let a = admin(&t, "POST", "/v1/admin/merchants", Some(bad)).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert_eq!(a.field_paths(), ["contact.email", "merchant_category_code"]);
    let body = merchant_body("shop-7", "https://seven.shop.example");
    assert_eq!(
        admin(&t, "POST", "/v1/admin/merchants", Some(body.clone()))
            .await
            .status,
        StatusCode::CREATED
    );
    let dup = admin(&t, "POST", "/v1/admin/merchants", Some(body)).await;
    assert_eq!(dup.status, StatusCode::CONFLICT);
    assert_eq!(dup.field_paths(), ["reference"]);
}

#[tokio::test]
async fn the_list_pages_in_creation_order() {
    let t = sandbox_app();
    for i in 0..3 {
        let b = merchant_body(&format!("page-{i}"), &format!("https://p{i}.shop.example"));
        admin(&t, "POST", "/v1/admin/merchants", Some(b)).await;
    }
    let p1 = admin(&t, "GET", "/v1/admin/merchants?limit=2", None)
        .await
        .json();
    assert_eq!(p1["data"].as_array().unwrap().len(), 2);
    assert_eq!(p1["has_more"], true);
    let after = p1["next_after"].as_str().unwrap();
    let p2 = admin(
        &t,
        "GET",
        &format!("/v1/admin/merchants?limit=2&after={after}"),
        None,
    )
    .await
    .json();
    assert_eq!(p2["data"].as_array().unwrap().len(), 1);
    assert_eq!(p2["has_more"], false);
    assert_eq!(p2["data"][0]["reference"], "page-2");
}

#[tokio::test]
async fn changes_klarna_keeps_are_sent_to_klarna() {
    let t = sandbox_app();
    let (id, _) = active_merchant(&t, "shop-8", "https://eight.shop.example").await;
    let p = admin(
        &t,
        "PATCH",
        &format!("/v1/admin/merchants/{id}"),
        Some(json!({"name": "Shop Eight"})),
    )
    .await;
    assert_eq!(p.status, StatusCode::OK);
    assert_eq!(p.json()["name"], "Shop Eight");
    jobs::drain(&t.state, "test-runner").await;
    let calls = t.state.sandbox.sandbox_calls(None, None).await.unwrap();
    let updates: Vec<_> = calls
        .iter()
        .filter(|c| c.operation == "update_partner_account")
        .collect();
    assert_eq!(updates.len(), 1);
    assert_eq!(
        updates[0].detail["request"]["partner_account_name"],
        "Shop Eight"
    );
}

#[tokio::test]
async fn each_merchants_payment_account_is_its_acquiring_config() {
    // The global KLARNA_PAYMENT_ACCOUNT_ID belongs to the global partner
    // account: a merchant on its own account sends its own payment account
    // (to the SDK and to Klarna) or none, never the global one.
    let t = app_with(&[("KLARNA_PAYMENT_ACCOUNT_ID", "pacc_global")]);
    for (reference, klarna, expected) in [
        (
            "shop-own-pa",
            json!({"partner_account_id": "krn:partner:global:account:own", "payment_account_id": "krn:pa:own"}),
            json!({"payment_account_id": "krn:pa:own"}),
        ),
        (
            "shop-own-partner",
            json!({"partner_account_id": "krn:partner:global:account:bare"}),
            Value::Null,
        ),
    ] {
        let mut body = merchant_body(reference, &format!("https://{reference}.shop.example"));
        body["klarna"] = klarna;
        let m = admin(&t, "POST", "/v1/admin/merchants", Some(body)).await;
        assert_eq!(m.status, StatusCode::CREATED);
        let id = m.json()["id"].as_str().unwrap().to_string();
        let key = admin(&t, "POST", &format!("/v1/admin/merchants/{id}/keys"), None).await;
        let key = key.json()["secret"].as_str().unwrap().to_string();
        let s = call(
            &t.app,
            "POST",
            "/v1/sessions",
            Some(&key),
            Some(session_for(None)),
        )
        .await
        .json();
        let (sid, cs) = (
            s["id"].as_str().unwrap(),
            s["client_secret"].as_str().unwrap(),
        );
        let path = format!("/v1/sessions/{sid}/config");
        let c = call(&t.app, "GET", &path, Some(cs), None).await.json();
        assert_eq!(c["klarna"]["acquiring_config"], expected, "{reference}");
        assert_eq!(authorize(&t.app, sid, cs).await.status, StatusCode::OK);
        let seen = call(
            &t.app,
            "GET",
            &format!("/sandbox/klarna/requests?session={sid}"),
            Some(&key),
            None,
        )
        .await
        .json();
        assert_eq!(
            seen["requests"][0]["acquiring_config"], expected,
            "{reference}"
        );
    }
}

/// Calls that take no body (`{}` or nothing) refuse one, by name, instead
/// of acting on it regardless (outside tester: `{"x": 1}` rotated the
/// webhook signing key, `garbage` erased a session).
#[tokio::test]
async fn calls_without_a_body_refuse_one_by_name() {
    let t = sandbox_app();
    let (mid, _) = active_merchant(&t, "nobody", "https://nobody.example").await;
    let (sid, _) = create_session(&t.app, "customer+de@klarna.com").await;
    let cases = [
        (format!("/v1/admin/merchants/{mid}/keys"), ADMIN),
        (
            "/v1/admin/klarna/webhook-subscription/rotate".to_string(),
            ADMIN,
        ),
        (format!("/v1/sessions/{sid}/erase"), KEY_A),
    ];
    for (path, key) in &cases {
        let extra = call(&t.app, "POST", path, Some(key), Some(json!({"x": 1}))).await;
        assert_eq!(extra.status, StatusCode::BAD_REQUEST, "{path}");
        assert_eq!(extra.field_paths(), vec!["x"], "{path}");
        let garbage = send(&t.app, "POST", path, Some(key), Some("garbage"), &[]).await;
        assert_eq!(garbage.status, StatusCode::BAD_REQUEST, "{path}");
        assert_eq!(garbage.field_paths(), vec!["$"], "{path}");
    }
    let view = merchant_view(&t.app, &sid).await;
    assert!(view["personal_data_erased_at"].is_null(), "{view}");
    // `{}` and nothing still work.
    for (path, key) in &cases {
        let empty = call(&t.app, "POST", path, Some(key), None).await;
        assert!(empty.status.is_success(), "{path}: {}", empty.status);
        let object = call(&t.app, "POST", path, Some(key), Some(json!({}))).await;
        assert!(object.status.is_success(), "{path}: {}", object.status);
    }
}
