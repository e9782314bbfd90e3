//! Merchant API updates: PATCH, the network token, expiry.

mod common;

use axum::http::StatusCode;
use checkout_server::clock;
use common::*;
use serde_json::json;

#[tokio::test]
async fn patch_updates_an_open_session_and_validates() {
    let t = sandbox_app();
    let (id, _) = create_session(&t.app, "a@b.example").await;
    let path = format!("/v1/sessions/{id}");
    let lines =
        json!([{"name": "Boots", "quantity": 2, "unit_price": 5000, "total_amount": 10000}]);
    let a = call(
        &t.app,
        "PATCH",
        &path,
        Some(KEY_A),
        Some(json!({"amount": 10000, "order_lines": lines, "locale": "en-DE"})),
    )
    .await;
    assert_eq!(
        a.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&a.bytes)
    );
    let v = a.json();
    assert_eq!(
        (v["amount"].as_i64(), v["locale"].as_str()),
        (Some(10000), Some("en-DE"))
    );
    assert_eq!(
        merchant_view(&t.app, &id).await["order_lines"][0]["name"],
        "Boots"
    );

    let a = call(
        &t.app,
        "PATCH",
        &path,
        Some(KEY_A),
        Some(json!({"currency": "sek"})),
    )
    .await;
    assert_eq!(a.field_paths(), vec!["currency"]);
    // A new amount that the stored lines don't add up to.
    let a = call(
        &t.app,
        "PATCH",
        &path,
        Some(KEY_A),
        Some(json!({"amount": 12345})),
    )
    .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert_eq!(a.field_paths(), vec!["order_lines"]);
}

#[tokio::test]
async fn patch_after_a_final_state_is_409() {
    let t = sandbox_app();
    let (id, secret) = create_session(&t.app, "customer+de+denied@klarna.com").await;
    assert_eq!(
        authorize(&t.app, &id, &secret).await.json()["result"],
        "DECLINED"
    );
    let a = call(
        &t.app,
        "PATCH",
        &format!("/v1/sessions/{id}"),
        Some(KEY_A),
        Some(json!({"locale": "en-DE"})),
    )
    .await;
    assert_eq!(a.status, StatusCode::CONFLICT);
    assert_eq!(a.json()["error"]["code"], "conflict");
}

#[tokio::test]
async fn network_token_by_merchant_or_page() {
    let t = sandbox_app();
    let (id, secret) = create_session(&t.app, "a@b.example").await;
    let path = format!("/v1/sessions/{id}/network-token");
    assert_eq!(
        merchant_view(&t.app, &id).await["has_network_session_token"],
        false
    );
    let a = call(
        &t.app,
        "POST",
        &path,
        Some(KEY_A),
        Some(json!({"klarna_network_session_token": "krn:one"})),
    )
    .await;
    assert_eq!(a.status, StatusCode::NO_CONTENT);
    assert_eq!(
        merchant_view(&t.app, &id).await["has_network_session_token"],
        true
    );
    // The page may submit one too, under the legacy name; it replaces the first.
    let a = call(
        &t.app,
        "POST",
        &path,
        Some(&secret),
        Some(json!({"interoperability_token": "krn:two"})),
    )
    .await;
    assert_eq!(a.status, StatusCode::NO_CONTENT);
    let stored = t.state.store.session(&id).await.unwrap().unwrap();
    assert_eq!(
        stored.data.klarna_network_session_token.as_deref(),
        Some("krn:two")
    );

    let a = call(&t.app, "POST", &path, Some(KEY_A), Some(json!({}))).await;
    assert_eq!(a.field_paths(), vec!["klarna_network_session_token"]);
    // Both names with different values: which one was meant? Refused, naming
    // the legacy one; the same value under both is fine.
    let both =
        json!({"klarna_network_session_token": "krn:three", "interoperability_token": "krn:four"});
    let a = call(&t.app, "POST", &path, Some(KEY_A), Some(both)).await;
    assert_eq!(a.field_paths(), vec!["interoperability_token"]);
    let same =
        json!({"klarna_network_session_token": "krn:five", "interoperability_token": "krn:five"});
    let a = call(&t.app, "POST", &path, Some(KEY_A), Some(same)).await;
    assert_eq!(a.status, StatusCode::NO_CONTENT);
    let mut body = session_body("customer+de@klarna.com");
    body["klarna_network_session_token"] = json!("krn:six");
    body["interoperability_token"] = json!("krn:seven");
    let a = call(&t.app, "POST", "/v1/sessions", Some(KEY_A), Some(body)).await;
    assert_eq!(a.field_paths(), vec!["interoperability_token"]);
    let a = call(
        &t.app,
        "POST",
        &path,
        Some(KEY_A),
        Some(json!({"klarna_network_session_token": "has space"})),
    )
    .await;
    assert_eq!(a.field_paths(), vec!["klarna_network_session_token"]);
    let a = call(
        &t.app,
        "POST",
        &path,
        Some("hcs_secret_wrong"),
        Some(json!({"klarna_network_session_token": "krn:x"})),
    )
    .await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn sessions_past_expiry_read_as_expired() {
    let t = sandbox_app();
    let (id, secret) = create_session(&t.app, "a@b.example").await;
    let mut record = t.state.store.session(&id).await.unwrap().unwrap();
    record.id = "hcs_0123456789abcdef0123456789abcdef".into();
    record.created_at = clock::now() - time::Duration::hours(30);
    record.expires_at = clock::now() - time::Duration::hours(6);
    t.state.store.insert_session(&record).await.unwrap();
    let v = merchant_view(&t.app, &record.id).await;
    assert_eq!(v["state"], "expired");
    let a = authorize(&t.app, &record.id, &secret).await;
    assert_eq!(a.status, StatusCode::CONFLICT);
    assert_eq!(merchant_view(&t.app, &id).await["state"], "open");
}
