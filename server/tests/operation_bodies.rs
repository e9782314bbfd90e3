//! Capture and refund bodies at the merchant API: hidden control characters
//! in their text, an empty `order_lines`, a blank reference and an amount past
//! any integer are refused with `400` naming the field and saying what was
//! expected, and nothing of them reaches Klarna.
mod common;

use axum::http::StatusCode;
use common::*;
use serde_json::{json, Value};

async fn post(t: &TestApp, path: &str, body: &str) -> Answer {
    send(&t.app, "POST", path, Some(KEY_A), Some(body), &[]).await
}

/// `(path, reason)` of every field an answer names.
fn named(a: &Answer) -> Vec<(String, String)> {
    let v: Value = a.json();
    v["error"]["fields"]
        .as_array()
        .unwrap_or(&vec![])
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap_or("").to_string(),
                f["reason"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

#[tokio::test]
async fn malformed_captures_and_refunds_are_refused_naming_the_field() {
    let t = sandbox_app();
    let (id, secret) = create_session(&t.app, "customer+de@klarna.com").await;
    assert_eq!(
        authorize(&t.app, &id, &secret).await.json()["result"],
        "APPROVED"
    );
    let captures = format!("/v1/sessions/{id}/captures");
    let refunds = format!("/v1/sessions/{id}/refunds");
    let ship = |s: &str| json!([{"shipping_company": "DHL", "tracking_number": s}]);
    let cases: Vec<(&str, String, &str, &str)> = vec![
        (
            &captures,
            json!({"amount": 100, "reference": "ship\u{0}1"}).to_string(),
            "reference",
            "control",
        ),
        (
            &captures,
            json!({"amount": 100, "reference": "ship\u{1b}[2J"}).to_string(),
            "reference",
            "control",
        ),
        (
            &captures,
            json!({"amount": 100, "shipping_info": ship("00\u{202E}34")}).to_string(),
            "shipping_info[0].tracking_number",
            "control",
        ),
        (
            &refunds,
            json!({"amount": 100, "reason": "returned\u{2067}"}).to_string(),
            "reason",
            "control",
        ),
        (
            &captures,
            json!({"amount": 1000, "order_lines": []}).to_string(),
            "order_lines",
            "at least one",
        ),
        (
            &refunds,
            json!({"amount": 1000, "order_lines": []}).to_string(),
            "order_lines",
            "at least one",
        ),
        (
            &captures,
            json!({"amount": 100, "reference": "   "}).to_string(),
            "reference",
            "blank",
        ),
        (
            &captures,
            r#"{"amount": 99999999999999999999}"#.to_string(),
            "amount",
            "a whole number of minor units from 1 to 100000000000",
        ),
    ];
    for (path, body, field, says) in cases {
        let a = post(&t, path, &body).await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "{body}");
        let got = named(&a);
        assert_eq!(got.len(), 1, "{body}: {got:?}");
        assert_eq!(got[0].0, field, "{body}");
        assert!(got[0].1.contains(says), "{body}: {got:?}");
    }
    let calls = t
        .state
        .sandbox
        .sandbox_calls(Some(&id), None)
        .await
        .unwrap();
    assert!(
        calls
            .iter()
            .all(|c| !c.operation.contains("capture") && !c.operation.contains("refund")),
        "nothing reached Klarna: {:?}",
        calls.iter().map(|c| &c.operation).collect::<Vec<_>>()
    );
    let v = merchant_view(&t.app, &id).await;
    assert_eq!(v["payment"]["captures"], json!([]), "{v}");
    assert_eq!(v["payment"]["refunds"], json!([]), "{v}");
}
