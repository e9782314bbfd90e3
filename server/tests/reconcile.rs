//! The check each initial authorization enqueues (`payments::reconcile`)
//! asks Klarna again only for a call that started and never ended: one that
//! Klarna answered with an error is left to the page, which told the shopper
//! nothing was charged, and one that was recorded needs nothing. (A call
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
    m.answer(500, json!({"error_code": "INTERNAL_ERROR"}));
    let (_dir, state) = test_mode_state(&base);
    let router = app(state.clone());
    // Klarna answers an error: the page hears it; a minute later the check leaves the session alone.
    let (failed, secret) = create_session(&router, "customer+de@klarna.com").await;
    assert_eq!(
        authorize(&router, &failed, &secret).await.status,
        StatusCode::BAD_GATEWAY
    );
    assert_eq!(authorize_calls(&m), 1);
    // Klarna approves the next session's call: recorded at once, nothing for the check to do either.
    m.answer(200, approved());
    let (paid, secret) = create_session(&router, "customer+de@klarna.com").await;
    assert_eq!(
        authorize(&router, &paid, &secret).await.status,
        StatusCode::OK
    );
    assert_eq!(authorize_calls(&m), 2);
    checkout_server::clock::advance(61_000).unwrap();
    checkout_server::jobs::drain(&state, "test").await;
    assert_eq!(authorize_calls(&m), 2, "no call asked again");
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
    assert_eq!(view(failed).await["state"], "open");
    assert_eq!(view(paid).await["state"], "authorized");
}
