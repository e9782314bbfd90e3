//! The check each initial authorization enqueues (`payments::reconcile`)
//! asks Klarna again only for a call that started and never ended (Klarna's
//! `5xx`, a timeout or an unreadable answer may hide an approval): one that
//! Klarna refused is left to the page, which told the shopper nothing was
//! charged, and one that was recorded needs nothing. (A call
//! whose instance died is in `crash.rs`.) Its own test binary: it moves the
//! process's clock.

mod common;
#[path = "support/klarna_mock.rs"]
mod klarna_mock;

use axum::http::StatusCode;
use checkout_server::app;
use common::*;
use klarna_mock::{approved, mock};
use serde_json::json;

fn authorize_calls(m: &klarna_mock::Mock) -> usize {
    m.seen
        .lock()
        .unwrap()
        .iter()
        .filter(|s| s.path.ends_with("/authorize"))
        .count()
}

#[tokio::test]
async fn the_check_asks_klarna_again_only_for_a_call_that_never_ended() {
    let (m, base) = mock().await;
    let (_dir, state) = test_mode_state(&base);
    let router = app(state.clone());
    // Klarna refuses the call (a 4xx): nothing was done, the page hears it, the check leaves it alone.
    m.answer(
        400,
        json!({"error_code": "BAD_VALUE", "error_message": "refused"}),
    );
    let (refused, secret) = create_session(&router, "customer+de@klarna.com").await;
    assert_ne!(
        authorize(&router, &refused, &secret).await.status,
        StatusCode::OK
    );
    // Klarna fails (a 5xx, as a timeout or an unreadable answer would): it may have approved, so the call
    // stays asked and the check sends it again with its key (money tester: an approval lost to a timeout
    // was never recovered).
    m.answer(500, json!({"error_code": "INTERNAL_ERROR"}));
    let (lost, secret) = create_session(&router, "customer+de@klarna.com").await;
    assert_eq!(
        authorize(&router, &lost, &secret).await.status,
        StatusCode::BAD_GATEWAY
    );
    // Klarna approves the next session's call: recorded at once, nothing for the check to do.
    m.answer(200, approved());
    let (paid, secret) = create_session(&router, "customer+de@klarna.com").await;
    assert_eq!(
        authorize(&router, &paid, &secret).await.status,
        StatusCode::OK
    );
    assert_eq!(authorize_calls(&m), 3);
    // Klarna's replay of the lost call names its own transaction.
    let mut replay = approved();
    replay["payment_transaction_response"]["payment_transaction"]["payment_transaction_id"] =
        json!("krn:payment:eu1:transaction:2");
    m.answer(200, replay);
    checkout_server::clock::advance(61_000).unwrap();
    checkout_server::jobs::drain(&state, "test").await;
    let asked_again: Vec<_> = m
        .seen
        .lock()
        .unwrap()
        .iter()
        .filter(|s| s.path.ends_with("/authorize"))
        .skip(3)
        .map(|s| s.body["request_payment_transaction"]["payment_transaction_reference"].clone())
        .collect();
    assert_eq!(
        asked_again,
        vec![json!(lost)],
        "only the unended call is asked again"
    );
    let view = |id: String| {
        let router = router.clone();
        async move {
            call(
                &router,
                "GET",
                &format!("/v1/sessions/{id}"),
                Some(KEY_A),
                None,
            )
            .await
            .json()
        }
    };
    assert_eq!(view(refused).await["state"], "open");
    assert_eq!(view(lost).await["state"], "authorized");
    assert_eq!(view(paid).await["state"], "authorized");
}
