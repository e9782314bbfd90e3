//! The contract's cases, each run against every backend by `store_contract.rs`.

use super::Fixture;
use checkout_core::api::Authorization;
use checkout_core::session::{validate_new_session, SessionPatch};
use checkout_core::state::SessionState;
use checkout_server::store::{PaymentRequestRecord, SandboxRequest, SessionRecord};
use serde_json::json;
use time::macros::datetime;
use time::{Duration, OffsetDateTime};

pub const T0: OffsetDateTime = datetime!(2026-11-23 10:00:00 UTC);

pub fn session(id: &str, at: OffsetDateTime) -> SessionRecord {
    let mut data = validate_new_session(&json!({
        "amount": 11800, "currency": "EUR", "country": "DE", "locale": "de-DE",
        "merchant_reference": "order-1", "return_url": "https://shop.example/return",
        "customer": {"email": "customer+de@klarna.com"},
        "order_lines": [{"name": "Sneakers", "quantity": 1, "unit_price": 11800, "total_amount": 11800}],
    }))
    .expect("valid session");
    data.klarna_network_session_token = Some("krn:token:1".into());
    SessionRecord {
        id: id.into(),
        merchant_id: "shop_a".into(),
        client_secret_hash: "ab".repeat(32),
        state: SessionState::Open,
        data,
        authorization: None,
        created_at: at,
        expires_at: at + Duration::hours(1),
        asked_at: None,
    }
}

fn auth(txn: &str) -> Authorization {
    Authorization {
        payment_transaction_id: txn.into(),
        amount: 11800,
        currency: "EUR".into(),
        authorized_at: "2026-11-23T10:05:00Z".into(),
    }
}

pub fn uid(prefix: &str) -> String {
    let mut b = [0u8; 6];
    getrandom::fill(&mut b).unwrap();
    format!("{prefix}_{}", hex::encode(b))
}

pub async fn sessions_round_trip(f: &Fixture) {
    let s = session(&uid("hcs"), T0);
    f.store.insert_session(&s).await.unwrap();
    assert_eq!(f.store.session(&s.id).await.unwrap(), Some(s.clone()));
    assert_eq!(f.store.session("hcs_unknown").await.unwrap(), None);
    // The same id twice is an error, never a silent overwrite.
    assert!(f.store.insert_session(&s).await.is_err());
}

pub async fn patches_apply_only_while_open(f: &Fixture) {
    let s = session(&uid("hcs"), T0);
    f.store.insert_session(&s).await.unwrap();
    let patch = SessionPatch {
        amount: Some(5000),
        ..SessionPatch::default()
    };
    let patched = f
        .store
        .patch_open_session(&s.id, &patch, T0 + Duration::minutes(1))
        .await
        .unwrap();
    assert_eq!(patched.map(|p| p.data.amount), Some(5000));
    let stored = f.store.session(&s.id).await.unwrap().unwrap();
    assert_eq!(stored.data.amount, 5000);
    assert_eq!(
        stored.data.klarna_network_session_token.as_deref(),
        Some("krn:token:1")
    );
    // Past its expiry an open session is expired: no patch.
    assert_eq!(
        f.store
            .patch_open_session(&s.id, &patch, s.expires_at)
            .await
            .unwrap(),
        None
    );
    // Once authorized: no patch.
    assert!(f
        .store
        .transition(
            &s.id,
            SessionState::Open,
            SessionState::Authorized,
            Some(&Authorization {
                amount: 5000,
                ..auth("t1")
            }),
            T0
        )
        .await
        .unwrap());
    assert_eq!(
        f.store.patch_open_session(&s.id, &patch, T0).await.unwrap(),
        None
    );
    assert_eq!(
        f.store
            .patch_open_session("hcs_unknown", &patch, T0)
            .await
            .unwrap(),
        None
    );
}

/// SQLite compares the times as RFC 3339 text; both must agree with real
/// time order, strictly before `expires_at`.
pub async fn the_network_token_changes_only_before_expiry(f: &Fixture) {
    let s = session(&uid("hcs"), T0);
    f.store.insert_session(&s).await.unwrap();
    let just_before = s.expires_at - Duration::seconds(1);
    assert!(f
        .store
        .set_network_token(&s.id, "krn:token:2", just_before)
        .await
        .unwrap());
    assert!(!f
        .store
        .set_network_token(&s.id, "krn:token:3", s.expires_at)
        .await
        .unwrap());
    assert!(!f
        .store
        .set_network_token(&s.id, "krn:token:3", s.expires_at + Duration::days(400))
        .await
        .unwrap());
    let stored = f.store.session(&s.id).await.unwrap().unwrap();
    assert_eq!(
        stored.data.klarna_network_session_token.as_deref(),
        Some("krn:token:2")
    );
    assert!(f
        .store
        .transition(&s.id, SessionState::Open, SessionState::Canceled, None, T0)
        .await
        .unwrap());
    assert!(!f
        .store
        .set_network_token(&s.id, "krn:token:4", T0)
        .await
        .unwrap());
    assert!(!f
        .store
        .set_network_token("hcs_unknown", "krn:token:4", T0)
        .await
        .unwrap());
}

pub async fn transitions_are_compare_and_set(f: &Fixture) {
    let s = session(&uid("hcs"), T0);
    f.store.insert_session(&s).await.unwrap();
    // Klarna's amount or currency is not the session's as stored: refused, nothing written.
    for other in [
        Authorization {
            amount: 5000,
            ..auth("t0")
        },
        Authorization {
            currency: "SEK".into(),
            ..auth("t0")
        },
    ] {
        let won = f.store.transition(
            &s.id,
            SessionState::Open,
            SessionState::Authorized,
            Some(&other),
            T0,
        );
        assert!(!won.await.unwrap());
    }
    assert_eq!(
        f.store.session(&s.id).await.unwrap().unwrap().state,
        SessionState::Open
    );
    assert!(!f
        .store
        .transition(
            &s.id,
            SessionState::Declined,
            SessionState::Authorized,
            Some(&auth("t0")),
            T0
        )
        .await
        .unwrap());
    assert!(f
        .store
        .transition(
            &s.id,
            SessionState::Open,
            SessionState::Authorized,
            Some(&auth("t1")),
            T0
        )
        .await
        .unwrap());
    assert!(!f
        .store
        .transition(
            &s.id,
            SessionState::Open,
            SessionState::Authorized,
            Some(&auth("t2")),
            T0
        )
        .await
        .unwrap());
    let stored = f.store.session(&s.id).await.unwrap().unwrap();
    assert_eq!(stored.state, SessionState::Authorized);
    assert_eq!(stored.authorization, Some(auth("t1")));
    assert!(!f
        .store
        .transition(
            "hcs_unknown",
            SessionState::Open,
            SessionState::Declined,
            None,
            T0
        )
        .await
        .unwrap());
}

pub async fn of_concurrent_transitions_exactly_one_wins(f: &Fixture) {
    let s = session(&uid("hcs"), T0);
    f.store.insert_session(&s).await.unwrap();
    let tasks: Vec<_> = (0..16)
        .map(|i| {
            let (store, id) = (f.store.clone(), s.id.clone());
            tokio::spawn(async move {
                let won = store
                    .transition(
                        &id,
                        SessionState::Open,
                        SessionState::Authorized,
                        Some(&auth(&format!("t{i}"))),
                        T0,
                    )
                    .await
                    .unwrap();
                (i, won)
            })
        })
        .collect();
    let mut winners = Vec::new();
    for t in tasks {
        let (i, won) = t.await.unwrap();
        if won {
            winners.push(i);
        }
    }
    assert_eq!(winners.len(), 1, "{winners:?}");
    let stored = f.store.session(&s.id).await.unwrap().unwrap();
    assert_eq!(
        stored.authorization,
        Some(auth(&format!("t{}", winners[0])))
    );
}

pub async fn events_keep_their_order(f: &Fixture) {
    let id = uid("hcs");
    for (i, kind) in ["result.aborted", "webhook.completed", "final_authorization"]
        .iter()
        .enumerate()
    {
        let at = T0 + Duration::seconds(i as i64);
        f.store
            .add_event(&id, kind, &json!({"n": i, "nested": {"a": [1, 2]}}), at)
            .await
            .unwrap();
    }
    let events = f.store.events(&id).await.unwrap();
    let kinds: Vec<_> = events.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(
        kinds,
        ["result.aborted", "webhook.completed", "final_authorization"]
    );
    assert_eq!(events[2].detail, json!({"n": 2, "nested": {"a": [1, 2]}}));
    assert_eq!(events[1].at, T0 + Duration::seconds(1));
    assert!(f.store.events("hcs_none").await.unwrap().is_empty());
}

pub async fn payment_requests(f: &Fixture) {
    let pr = PaymentRequestRecord {
        id: uid("krn:pr"),
        session_id: "hcs_1".into(),
        state: "SUBMITTED".into(),
        created_at: T0,
        updated_at: T0,
    };
    f.store.insert_payment_request(&pr).await.unwrap();
    // A repeated insert (a retried step-up) keeps the first record.
    let again = PaymentRequestRecord {
        state: "OTHER".into(),
        ..pr.clone()
    };
    f.store.insert_payment_request(&again).await.unwrap();
    assert_eq!(
        f.store.payment_request(&pr.id).await.unwrap(),
        Some(pr.clone())
    );
    let later = T0 + Duration::minutes(3);
    f.store
        .set_payment_request_state(&pr.id, "COMPLETED", later)
        .await
        .unwrap();
    let stored = f.store.payment_request(&pr.id).await.unwrap().unwrap();
    assert_eq!(
        (stored.state.as_str(), stored.updated_at, stored.created_at),
        ("COMPLETED", later, T0)
    );
    assert_eq!(f.store.payment_request("krn:none").await.unwrap(), None);
}

pub async fn sandbox_requests_are_compare_and_set(f: &Fixture) {
    let r = SandboxRequest {
        id: uid("krn:sandbox"),
        reference: "hcs_1".into(),
        state: "SUBMITTED".into(),
        journey: "complete".into(),
        amount: 11800,
        currency: "EUR".into(),
        token: None,
        created_at: T0,
        updated_at: T0,
    };
    f.store.insert_sandbox_request(&r).await.unwrap();
    assert_eq!(
        f.store.sandbox_request(&r.id).await.unwrap(),
        Some(r.clone())
    );
    let t1 = T0 + Duration::seconds(5);
    assert!(f
        .store
        .sandbox_transition(&r.id, "SUBMITTED", "COMPLETED", Some("tok"), t1)
        .await
        .unwrap());
    assert!(!f
        .store
        .sandbox_transition(&r.id, "SUBMITTED", "CANCELED", None, t1)
        .await
        .unwrap());
    // A change without a token keeps the one issued.
    assert!(f
        .store
        .sandbox_transition(&r.id, "COMPLETED", "EXPIRED", None, t1)
        .await
        .unwrap());
    let stored = f.store.sandbox_request(&r.id).await.unwrap().unwrap();
    assert_eq!(
        (
            stored.state.as_str(),
            stored.token.as_deref(),
            stored.updated_at
        ),
        ("EXPIRED", Some("tok"), t1)
    );
}
