//! The contract's case for personal data retention: which finished sessions
//! still hold personal data, and its erasure, from the session and from the
//! merchant notifications stored about it.

use super::cases::{session, uid, T0};
use super::Fixture;
use checkout_core::state::SessionState;
use checkout_server::store::{Backend, Effects, EventRecord};
use serde_json::{json, Value};
use time::{Duration, OffsetDateTime};

/// An event about `session` whose data (the session's view then) holds the
/// shopper's personal data.
fn event_with_personal_data(session: &str, at: OffsetDateTime) -> EventRecord {
    EventRecord {
        id: uid("evt"),
        merchant_id: "shop_a".into(),
        session_id: session.into(),
        event_type: "session.canceled".into(),
        data: json!({"id": session, "state": "canceled", "amount": 11800,
            "customer": {"email": "customer+de@klarna.com", "given_name": "Erika", "phone": "+49 30 1234567"},
            "customer_profile": {"given_name": "Erika", "email": "customer+de@klarna.com"},
            "shipping": {"recipient": {"given_name": "Max"}, "address": {"city": "Hamburg"}},
            "order_lines": [{"name": "Sneakers"}]}),
        created_at: at,
    }
}

async fn stored_data(s: &dyn Backend, event: &str) -> Value {
    s.event(event).await.unwrap().unwrap().event.data
}

/// What an erased event shows: the erased session view's fields.
fn assert_erased(data: &Value, at: OffsetDateTime) {
    for k in ["customer", "customer_profile", "shipping"] {
        assert!(data.get(k).is_none(), "{k} kept: {data}");
    }
    assert_eq!(
        data["personal_data_erased_at"],
        json!(checkout_server::clock::format(at))
    );
    assert_eq!(
        (&data["amount"], &data["order_lines"][0]["name"]),
        (&json!(11800), &json!("Sneakers"))
    );
}

/// Erasure reaches the session's stored events in its transaction, events of
/// other sessions stay; an event written after the erasure from a view read
/// before it is stored erased.
pub async fn personal_data_leaves_the_stored_events_too(f: &Fixture) {
    let s = f.store.as_ref();
    let (done, other, late) = (
        session(&uid("hcs"), T0),
        session(&uid("hcs"), T0),
        session(&uid("hcs"), T0),
    );
    for x in [&done, &other, &late] {
        s.insert_session(x).await.unwrap();
    }
    let finished = T0 + Duration::hours(1);
    let (ev, ev_other) = (
        event_with_personal_data(&done.id, finished),
        event_with_personal_data(&other.id, finished),
    );
    for (x, e) in [(&done, &ev), (&other, &ev_other)] {
        let effects = Effects {
            events: vec![e.clone()],
            ..Effects::default()
        };
        assert!(s
            .transition_with(
                &x.id,
                SessionState::Open,
                SessionState::Canceled,
                None,
                finished,
                &effects
            )
            .await
            .unwrap());
    }
    assert_eq!(stored_data(s, &ev.id).await, ev.data, "kept until erased");

    let at = T0 + Duration::days(90);
    s.erase_personal_data(&done.id, at).await.unwrap().unwrap();
    assert_erased(&stored_data(s, &ev.id).await, at);
    assert_eq!(
        stored_data(s, &ev_other.id).await,
        ev_other.data,
        "another session's event stays"
    );
    // Again: nothing changes.
    s.erase_personal_data(&done.id, at + Duration::days(1))
        .await
        .unwrap();
    assert_erased(&stored_data(s, &ev.id).await, at);

    // A change that read the session before its erasure writes its event after.
    s.erase_personal_data(&late.id, at).await.unwrap().unwrap();
    let stale = event_with_personal_data(&late.id, at);
    let effects = Effects {
        events: vec![stale.clone()],
        ..Effects::default()
    };
    assert!(s
        .transition_with(
            &late.id,
            SessionState::Open,
            SessionState::Canceled,
            None,
            at,
            &effects
        )
        .await
        .unwrap());
    assert_erased(&stored_data(s, &stale.id).await, at);
}

pub async fn personal_data_of_finished_sessions_is_listed_and_erased(f: &Fixture) {
    let s = f.store.as_ref();
    let (open, done) = (session(&uid("hcs"), T0), session(&uid("hcs"), T0));
    s.insert_session(&open).await.unwrap();
    s.insert_session(&done).await.unwrap();
    let finished = T0 + Duration::hours(1);
    assert!(s
        .transition(
            &done.id,
            SessionState::Open,
            SessionState::Canceled,
            None,
            finished
        )
        .await
        .unwrap());
    let due = |before| async move { s.sessions_with_personal_data(before, 10_000).await.unwrap() };
    // Listed once finished before the cut-off; open sessions never.
    assert!(!due(finished).await.contains(&done.id));
    let listed = due(finished + Duration::seconds(1)).await;
    assert!(
        listed.contains(&done.id) && !listed.contains(&open.id),
        "{listed:?}"
    );

    let at = T0 + Duration::days(90);
    let erased = s.erase_personal_data(&done.id, at).await.unwrap().unwrap();
    assert!(erased.data.customer.is_empty());
    assert_eq!(
        erased.data.personal_data_erased_at.as_deref(),
        Some(checkout_server::clock::format(at).as_str())
    );
    let stored = s.session(&done.id).await.unwrap().unwrap();
    assert_eq!(stored, erased, "what was answered is what is stored");
    assert_eq!(
        (stored.state, stored.data.amount),
        (SessionState::Canceled, 11800)
    );
    assert!(done.data.klarna_network_session_token.is_some());
    assert_eq!(
        stored.data.klarna_network_session_token, None,
        "the network session token is erased too"
    );
    assert!(
        !due(at).await.contains(&done.id),
        "erased: no longer listed"
    );
    // Again: nothing changes (the first erasure's time stays).
    let again = s
        .erase_personal_data(&done.id, at + Duration::days(1))
        .await
        .unwrap();
    assert_eq!(again.as_ref(), Some(&stored));
    assert_eq!(
        s.erase_personal_data("hcs_unknown", at).await.unwrap(),
        None
    );
    // Erased by an earlier version, which kept the token: asking again
    // erases it (the first erasure's time stays).
    let mut old = session(&uid("hcs"), T0);
    old.data.personal_data_erased_at = Some(checkout_server::clock::format(T0));
    s.insert_session(&old).await.unwrap();
    let again = s.erase_personal_data(&old.id, at).await.unwrap().unwrap();
    assert_eq!(again.data.klarna_network_session_token, None);
    let stored = s.session(&old.id).await.unwrap().unwrap();
    assert_eq!(stored, again);
    assert_eq!(
        stored.data.personal_data_erased_at,
        old.data.personal_data_erased_at
    );
}
