//! The real Klarna client's authorize requests and the parsing of its
//! answers, against a local mock of Klarna's API.

#[path = "support/klarna_mock.rs"]
mod klarna_mock;

use axum::http::Method;
use base64::Engine;
use checkout_server::klarna::{AuthorizeResult, AuthorizeStep, KlarnaApi, KlarnaError};
use klarna_mock::*;
use serde_json::json;

#[tokio::test]
async fn initial_authorize_request_and_approved_answer() {
    let (m, base) = mock().await;
    m.answer(200, approved());
    let step = AuthorizeStep::Initial {
        return_url: checkout_server::klarna::wire::return_url_with_placeholders(
            "https://shop.example/return?o=1",
        ),
    };
    let r = client(&base)
        .authorize(&klarna_call(step, Some("krn:network:token")))
        .await
        .unwrap();
    assert_eq!(
        r,
        AuthorizeResult::Approved {
            payment_transaction_id: "krn:payment:eu1:transaction:1".into(),
            // Klarna's expires_at: when the authorization lapses (issue 19).
            extras: checkout_server::klarna::ApprovalExtras {
                expires_at: Some("2026-12-01T00:00:00Z".into()),
                ..Default::default()
            },
        }
    );

    let s = m.last();
    assert_eq!(
        (s.method, s.path.as_str()),
        (Method::POST, "/v2/accounts/PA123/payment/authorize")
    );
    let basic = base64::engine::general_purpose::STANDARD.encode("user:pass");
    assert_eq!(
        s.headers["authorization"],
        format!("Basic {basic}").as_str()
    );
    assert_eq!(
        s.headers["klarna-network-session-token"],
        "krn:network:token"
    );
    // Retries of this call are Klarna's replays; Klarna's logs carry our id.
    assert_eq!(
        s.headers["klarna-idempotency-key"],
        "8a1d3f5e-0c2b-8d4e-9f60-112233445566"
    );
    assert_eq!(s.headers["partner-correlation-id"], "req-1");
    let b = &s.body;
    assert_eq!(b["currency"], "EUR");
    assert_eq!(
        b["request_payment_transaction"],
        json!({"amount": 11800, "payment_transaction_reference": "hcs_1", "payment_option_id": "KLARNA"})
    );
    assert_eq!(
        b["supplementary_purchase_data"]["purchase_reference"],
        "order-123"
    );
    assert_eq!(
        b["supplementary_purchase_data"]["line_items"][0]["product_url"],
        "https://shop.example/p/1"
    );
    assert_eq!(
        b["supplementary_purchase_data"]["customer"]["email"],
        "customer+de@klarna.com"
    );
    assert_eq!(b["step_up_config"]["payment_request_reference"], "hcs_1");
    assert_eq!(
        b["step_up_config"]["customer_interaction_config"]["method"],
        "SDK"
    );
    let ret = b["step_up_config"]["customer_interaction_config"]["return_url"]
        .as_str()
        .unwrap();
    assert_eq!(ret, "https://shop.example/return?o=1&klarna_payment_request_id={klarna.payment_request.id}&klarna_payment_request_state={klarna.payment_request.state}");
    assert_eq!(b["klarna_network_data"], "{\"k\":\"v\"}");
    assert_eq!(
        b["acquiring_config"],
        json!({"payment_account_id": "pacc_1"})
    );
    assert!(b.get("payment_request_id").is_none());
}

#[tokio::test]
async fn final_authorize_carries_the_token_and_no_step_up_config() {
    let (m, base) = mock().await;
    m.answer(200, approved());
    let step = AuthorizeStep::Final {
        payment_request_id: "krn:pr:1".into(),
    };
    client(&base)
        .authorize(&klarna_call(step, Some("krn:completed-token")))
        .await
        .unwrap();
    let s = m.last();
    assert_eq!(s.path, "/v2/accounts/PA123/payment/authorize");
    assert_eq!(
        s.headers["klarna-network-session-token"],
        "krn:completed-token"
    );
    assert_eq!(s.body["payment_request_id"], "krn:pr:1");
    assert!(s.body.get("step_up_config").is_none(), "{}", s.body);
    assert_eq!(s.body["request_payment_transaction"]["amount"], 11800);
}

#[tokio::test]
async fn declined_and_both_step_up_shapes_parse() {
    let (m, base) = mock().await;
    let k = client(&base);
    let initial = || {
        klarna_call(
            AuthorizeStep::Initial {
                return_url: "https://r".into(),
            },
            None,
        )
    };
    m.answer(
        200,
        json!({"payment_transaction_response": {"result": "DECLINED", "result_reason": "RISK"}}),
    );
    assert_eq!(
        k.authorize(&initial()).await.unwrap(),
        AuthorizeResult::Declined {
            reason: Some("RISK".into())
        }
    );
    assert!(m
        .last()
        .headers
        .get("klarna-network-session-token")
        .is_none());

    m.answer(200, json!({"payment_transaction_response": {"result": "STEP_UP_REQUIRED"},
        "payment_request": {"payment_request_id": "krn:pr:2", "payment_request_url": "https://pay.test.klarna.com/x"}}));
    assert_eq!(
        k.authorize(&initial()).await.unwrap(),
        AuthorizeResult::StepUpRequired {
            payment_request_id: "krn:pr:2".into(),
            payment_request_url: Some("https://pay.test.klarna.com/x".into())
        }
    );
    m.answer(200, json!({"payment_transaction_response": {"result": "STEP_UP_REQUIRED"},
        "payment_request": {"payment_request_id": "krn:pr:3", "state_context": {"customer_interaction": {"method": "SDK", "payment_request_url": "https://pay.test.klarna.com/y"}}}}));
    assert_eq!(
        k.authorize(&initial()).await.unwrap(),
        AuthorizeResult::StepUpRequired {
            payment_request_id: "krn:pr:3".into(),
            payment_request_url: Some("https://pay.test.klarna.com/y".into())
        }
    );
    m.answer(
        200,
        json!({"payment_transaction_response": {"result": "STEP_UP_REQUIRED"}}),
    );
    assert!(matches!(
        k.authorize(&initial()).await,
        Err(KlarnaError::Upstream(_))
    ));
}

#[tokio::test]
async fn failures_map_to_upstream_or_rejected() {
    let (m, base) = mock().await;
    let k = client(&base);
    let c = klarna_call(
        AuthorizeStep::Initial {
            return_url: "https://r".into(),
        },
        None,
    );
    m.answer(503, json!({"error_code": "SERVICE_UNAVAILABLE"}));
    assert!(matches!(
        k.authorize(&c).await,
        Err(KlarnaError::Upstream(_))
    ));
    m.answer(
        400,
        json!({"error_code": "BAD_VALUE", "error_message": "currency"}),
    );
    assert_eq!(
        k.authorize(&c).await,
        Err(KlarnaError::Rejected {
            status: 400,
            message: "BAD_VALUE: currency".into()
        })
    );
    // Nothing listens on the discard port.
    let down = client("http://127.0.0.1:9");
    assert!(matches!(
        down.authorize(&c).await,
        Err(KlarnaError::Upstream(_))
    ));
}
