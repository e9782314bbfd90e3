//! Hosted-page API: config, authorize per sandbox persona, result intake.

mod common;

use axum::http::StatusCode;
use base64::Engine;
use common::*;
use serde_json::json;

#[tokio::test]
async fn config_checks_the_appearance_it_is_given() {
    let t = sandbox_app();
    let (id, secret) = create_session(&t.app, "customer+de@klarna.com").await;
    let get = |query: String| {
        let app = t.app.clone();
        let path = format!("/v1/sessions/{id}/config{query}");
        let secret = secret.clone();
        async move { call(&app, "GET", &path, Some(&secret), None).await }
    };
    // None: the defaults, nothing to report.
    let none = get(String::new()).await.json();
    assert_eq!(
        none["appearance"],
        json!({"theme": "light", "properties": [], "problems": [], "warnings": []})
    );
    // Good and bad parts: the good ones as custom properties, each bad one by path.
    let look = json!({"theme": "dark", "colors": {"accent": "#c2185b", "shadow": "#000"}, "radius": "red; x: y"});
    let q = format!("?appearance={}", urlencoding(&look.to_string()));
    let r = get(q).await;
    assert_eq!(r.status, StatusCode::OK);
    let c = r.json();
    assert_eq!(c["appearance"]["theme"], "dark");
    assert_eq!(
        c["appearance"]["properties"],
        json!([
            {"name": "--khc-color-accent", "value": "#c2185b"},
            {"name": "--khc-color-on-accent", "value": "#ffffff"}
        ])
    );
    let paths: Vec<&str> = c["appearance"]["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["appearance.radius", "appearance.colors.shadow"]);
    // Not JSON: one problem, the defaults, still a 200 (a look never stops a payment).
    let r = get("?appearance=%7Btheme".into()).await;
    assert_eq!(r.status, StatusCode::OK);
    let c = r.json();
    assert_eq!(c["appearance"]["theme"], "light");
    assert_eq!(c["appearance"]["problems"][0]["path"], "appearance");
    assert!(c["appearance"]["problems"][0]["reason"]
        .as_str()
        .unwrap()
        .contains("not valid JSON"));
}

/// Percent-encodes every byte outside the unreserved set.
fn urlencoding(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[tokio::test]
async fn config_needs_the_sessions_client_secret() {
    let t = sandbox_app();
    let mut body = session_body("customer+de@klarna.com");
    body["klarna_network_session_token"] =
        json!("krn:sandbox:eu1:session-token:PRESELECT_KLARNA:1");
    let a = call(&t.app, "POST", "/v1/sessions", Some(KEY_A), Some(body)).await;
    let v = a.json();
    let (id, secret) = (
        v["id"].as_str().unwrap(),
        v["client_secret"].as_str().unwrap(),
    );
    let path = format!("/v1/sessions/{id}/config");

    let a = call(&t.app, "GET", &path, Some(secret), None).await;
    assert_eq!(a.status, StatusCode::OK);
    let c = a.json();
    assert_eq!(c["session_id"], id);
    assert_eq!(
        (
            c["amount"].as_i64(),
            c["currency"].as_str(),
            c["locale"].as_str()
        ),
        (Some(11800), Some("EUR"), Some("de-DE"))
    );
    assert_eq!(c["customer"]["email"], "customer+de@klarna.com");
    assert_eq!(c["klarna"]["mode"], "sandbox");
    assert_eq!(
        c["klarna"]["sdk_url"],
        format!("{PUBLIC_URL}/sandbox/klarna.js")
    );
    assert_eq!(c["klarna"]["client_id"], "klarna_test_client_sandbox");
    assert_eq!(
        c["klarna_network_session_token"],
        "krn:sandbox:eu1:session-token:PRESELECT_KLARNA:1"
    );
    let enc = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode("krn:sandbox:eu1:session-token:PRESELECT_KLARNA:1");
    assert_eq!(c["klarna"]["sdk_token"], format!("sandbox_sdk_token.{enc}"));
    // The acquirer's card in the session's language (issue 17, point 15).
    assert_eq!(
        c["other_methods"],
        json!([{"id": "card", "label": "Karte"}])
    );
    assert_eq!(c["allowed_origins"][0], "https://shop.example");

    let wrong = "hcs_secret_0000000000000000000000000000000000000000000000000000000000000000";
    assert_eq!(
        call(&t.app, "GET", &path, Some(wrong), None).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        call(&t.app, "GET", &path, Some(KEY_A), None).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        call(&t.app, "GET", &path, None, None).await.status,
        StatusCode::UNAUTHORIZED
    );
    // Another session's secret doesn't open this one.
    let (_, other) = create_session(&t.app, "a@b.example").await;
    assert_eq!(
        call(&t.app, "GET", &path, Some(&other), None).await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn approve_persona_authorizes_at_once() {
    let t = sandbox_app();
    let (id, secret) = create_session(&t.app, "customer+de@klarna.com").await;
    let a = authorize(&t.app, &id, &secret).await;
    assert_eq!(a.status, StatusCode::OK);
    let v = a.json();
    assert_eq!(v["result"], "APPROVED");
    assert_eq!(v["return_url"], "https://shop.example/return");
    let txn = v["payment_transaction_id"].as_str().unwrap();
    let view = merchant_view(&t.app, &id).await;
    assert_eq!(view["state"], "authorized");
    assert_eq!(view["authorization"]["payment_transaction_id"], txn);
    assert_eq!(
        (
            view["authorization"]["amount"].as_i64(),
            view["authorization"]["currency"].as_str()
        ),
        (Some(11800), Some("EUR"))
    );
    // The page reports it; the server checks the transaction id.
    let ok = result(
        &t.app,
        &id,
        &secret,
        "r1",
        &json!({"outcome": "authorized", "payment_transaction_id": txn}),
    )
    .await;
    assert_eq!(ok.status, StatusCode::OK);
    assert_eq!(ok.json()["state"], "authorized");
    let bad = result(
        &t.app,
        &id,
        &secret,
        "r2",
        &json!({"outcome": "authorized", "payment_transaction_id": "krn:forged"}),
    )
    .await;
    assert_eq!(bad.status, StatusCode::CONFLICT);
    // No second authorization of an authorized session.
    assert_eq!(
        authorize(&t.app, &id, &secret).await.status,
        StatusCode::CONFLICT
    );
}

#[tokio::test]
async fn denied_persona_declines() {
    let t = sandbox_app();
    let (id, secret) = create_session(&t.app, "customer+de+denied@klarna.com").await;
    let v = authorize(&t.app, &id, &secret).await.json();
    assert_eq!(v["result"], "DECLINED");
    let view = merchant_view(&t.app, &id).await;
    assert_eq!(view["state"], "declined");
    assert!(view.get("authorization").is_none());
}

#[tokio::test]
async fn error_persona_is_an_upstream_error_and_leaves_the_session_open() {
    let t = sandbox_app();
    let (id, secret) = create_session(&t.app, "customer+de+error@klarna.com").await;
    let a = authorize(&t.app, &id, &secret).await;
    assert_eq!(a.status, StatusCode::BAD_GATEWAY);
    assert_eq!(a.json()["error"]["code"], "upstream_error");
    assert_eq!(merchant_view(&t.app, &id).await["state"], "open");
}

#[tokio::test]
async fn abort_persona_cancels_the_journey_and_keeps_the_session_open() {
    let t = sandbox_app();
    let (id, secret) = create_session(&t.app, "customer+de+abort@klarna.com").await;
    let v = authorize(&t.app, &id, &secret).await.json();
    assert_eq!(v["result"], "STEP_UP_REQUIRED");
    let pr = v["payment_request_id"].as_str().unwrap();
    let view = call(
        &t.app,
        "GET",
        &format!("/sandbox/klarna/payment-requests/{pr}"),
        Some(&secret),
        None,
    )
    .await
    .json();
    assert_eq!(
        (view["state"].as_str(), view["journey"].as_str()),
        (Some("SUBMITTED"), Some("abort"))
    );
    let c = call(
        &t.app,
        "POST",
        &format!("/sandbox/klarna/payment-requests/{pr}/complete"),
        Some(&secret),
        None,
    )
    .await;
    assert_eq!(c.status, StatusCode::CONFLICT);
    let c = call(
        &t.app,
        "POST",
        &format!("/sandbox/klarna/payment-requests/{pr}/cancel"),
        Some(&secret),
        None,
    )
    .await;
    assert_eq!(c.json()["state"], "CANCELED");
    let a = result(
        &t.app,
        &id,
        &secret,
        "abort-1",
        &json!({"outcome": "aborted", "payment_request_id": pr}),
    )
    .await;
    assert_eq!(a.json()["state"], "open");
    let events = t.state.store.events(&id).await.unwrap();
    assert!(events.iter().any(|e| e.kind == "result.aborted"));
}

#[tokio::test]
async fn presentation_fallback_follows_the_sandbox_triggers() {
    let t = sandbox_app();
    let mut body = session_body("a@b.example");
    body["klarna_network_session_token"] =
        json!("krn:sandbox:eu1:session-token:SHOW_ONLY_KLARNA:9");
    let v = call(&t.app, "POST", "/v1/sessions", Some(KEY_A), Some(body))
        .await
        .json();
    let (id, secret) = (
        v["id"].as_str().unwrap(),
        v["client_secret"].as_str().unwrap(),
    );
    let p = call(
        &t.app,
        "GET",
        &format!("/v1/sessions/{id}/klarna/presentation"),
        Some(secret),
        None,
    )
    .await;
    assert_eq!(p.status, StatusCode::OK);
    assert_eq!(p.json()["instruction"], "SHOW_ONLY_KLARNA");
    let (id2, secret2) = create_session(&t.app, "a@b.example").await;
    let p = call(
        &t.app,
        "GET",
        &format!("/v1/sessions/{id2}/klarna/presentation"),
        Some(&secret2),
        None,
    )
    .await;
    assert_eq!(p.json()["instruction"], "SHOW_KLARNA");
}

#[tokio::test]
async fn the_other_methods_follow_the_page_locale_when_it_is_one_of_the_market() {
    let t = sandbox_app();
    let (id, secret) = create_session(&t.app, "customer+de@klarna.com").await;
    let labels = |q: &'static str| {
        let (app, id, secret) = (t.app.clone(), id.clone(), secret.clone());
        async move {
            call(
                &app,
                "GET",
                &format!("/v1/sessions/{id}/config{q}"),
                Some(&secret),
                None,
            )
            .await
            .json()["other_methods"][0]["label"]
                .clone()
        }
    };
    assert_eq!(labels("").await, "Karte");
    assert_eq!(labels("?locale=en-DE").await, "Card");
    // Not a locale of the session's market: the session's language.
    assert_eq!(labels("?locale=fr-FR").await, "Karte");
}

#[tokio::test]
async fn the_payment_account_reaches_the_page_and_klarna() {
    // KLARNA_PAYMENT_ACCOUNT_ID names one of the acquirer's payment accounts:
    // the hosted config hands it to the SDK, and Klarna gets it as
    // `acquiring_config` on the authorize call.
    let t = app_with(&[("KLARNA_PAYMENT_ACCOUNT_ID", "pacc_sandbox_1")]);
    let (id, secret) = create_session(&t.app, "customer+de@klarna.com").await;
    let c = call(
        &t.app,
        "GET",
        &format!("/v1/sessions/{id}/config"),
        Some(&secret),
        None,
    )
    .await
    .json();
    assert_eq!(
        c["klarna"]["acquiring_config"],
        json!({"payment_account_id": "pacc_sandbox_1"})
    );
    assert_eq!(authorize(&t.app, &id, &secret).await.status, StatusCode::OK);
    let seen = klarna_requests(&t.app, &id).await;
    assert_eq!(
        seen[0]["acquiring_config"],
        json!({"payment_account_id": "pacc_sandbox_1"})
    );
    // Without the setting nothing is sent.
    let t = sandbox_app();
    let (id, secret) = create_session(&t.app, "customer+de@klarna.com").await;
    let path = format!("/v1/sessions/{id}/config");
    let c = call(&t.app, "GET", &path, Some(&secret), None).await.json();
    assert!(c["klarna"].get("acquiring_config").is_none());
}
