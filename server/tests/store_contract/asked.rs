//! The contract's case for the record that a payment call was asked of
//! Klarna: the event and the session's `asked_at` stamp are written
//! together, and nothing else stamps it (the hosted page's config reads a
//! session's events only when it is stamped).

use super::cases::{session, uid, T0};
use super::Fixture;
use serde_json::json;
use time::Duration;

pub async fn an_asked_event_stamps_its_session(f: &Fixture) {
    let (s, other) = (session(&uid("hcs"), T0), session(&uid("hcs"), T0));
    f.store.insert_session(&s).await.unwrap();
    f.store.insert_session(&other).await.unwrap();
    let read = f.store.session(&s.id).await.unwrap().unwrap();
    assert_eq!(read.asked_at, None, "a new session was never asked");
    // Other events leave it unstamped.
    let marker = json!({"klarna_idempotency_key": "k1"});
    f.store
        .add_event(&s.id, "result.aborted", &marker, T0)
        .await
        .unwrap();
    assert_eq!(
        f.store.session(&s.id).await.unwrap().unwrap().asked_at,
        None
    );
    // Asked twice: the event each time, the stamp of the last.
    for n in 1..=2 {
        let at = T0 + Duration::seconds(n);
        f.store
            .add_asked_event(&s.id, "authorize.asked", &marker, at)
            .await
            .unwrap();
        let read = f.store.session(&s.id).await.unwrap().unwrap();
        assert_eq!(read.asked_at, Some(at));
    }
    let events = f.store.events(&s.id).await.unwrap();
    let kinds: Vec<&str> = events.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(
        kinds,
        ["result.aborted", "authorize.asked", "authorize.asked"]
    );
    assert_eq!(events[2].detail, marker);
    assert_eq!(events[2].at, T0 + Duration::seconds(2));
    // The stamp is the session's own.
    let read = f.store.session(&other.id).await.unwrap().unwrap();
    assert_eq!(read.asked_at, None);
}
