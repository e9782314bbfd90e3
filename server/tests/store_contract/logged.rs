//! The contract's case for the lines of a session's own event log that a
//! change writes with it ([`Effects::log`]): a final authorization's
//! `final_authorization` line lands in the transaction that settles the
//! session, so no crash keeps one without the other and no reader sees the
//! settled session before its line.

use super::cases::{session, uid, T0};
use super::lifecycle::payment;
use super::Fixture;
use checkout_core::state::SessionState;
use checkout_server::store::{Effects, NewSessionEvent, PaymentWrite};
use serde_json::json;
use time::Duration;

fn line(sid: &str, n: u32) -> NewSessionEvent {
    NewSessionEvent {
        session_id: sid.into(),
        kind: "final_authorization".into(),
        detail: json!({"source": "webhook", "n": n}),
        at: T0 + Duration::minutes(n.into()),
    }
}

fn logged(lines: &[NewSessionEvent]) -> Effects {
    Effects {
        log: lines.to_vec(),
        ..Effects::default()
    }
}

/// A transition and a payment write that land write their log lines; one
/// that loses its compare-and-set writes none of them.
pub async fn a_changes_log_lines_are_written_with_it(f: &Fixture) {
    let s = session(&uid("hcs"), T0);
    f.store.insert_session(&s).await.unwrap();
    let kinds = |lines: &[checkout_server::store::SessionEventRecord]| {
        lines
            .iter()
            .map(|e| (e.kind.clone(), e.detail["n"].as_u64()))
            .collect::<Vec<_>>()
    };
    let fin = |n: u64| ("final_authorization".to_string(), Some(n));

    let mut won = logged(&[line(&s.id, 1)]);
    won.payment = Some(payment(&s.id));
    let (open, authorized) = (SessionState::Open, SessionState::Authorized);
    assert!(f
        .store
        .transition_with(&s.id, open, authorized, None, T0, &won)
        .await
        .unwrap());
    let events = f.store.events(&s.id).await.unwrap();
    assert_eq!(kinds(&events), vec![fin(1)]);
    assert_eq!(events[0].detail["source"], "webhook");
    assert_eq!(events[0].at, T0 + Duration::minutes(1));

    // The same change again: the session is no longer open, nothing lands.
    let lost = logged(&[line(&s.id, 2)]);
    assert!(!f
        .store
        .transition_with(&s.id, open, authorized, None, T0, &lost)
        .await
        .unwrap());
    assert_eq!(kinds(&f.store.events(&s.id).await.unwrap()), vec![fin(1)]);

    // A payment write carries its lines too, and a stale one none.
    let stored = f.store.payment(&s.id).await.unwrap().unwrap();
    let mut after = stored.clone();
    after.ledger.captured = 1000;
    let mut w = PaymentWrite {
        payment: after,
        expected_version: stored.version,
        operations: vec![],
        effects: logged(&[line(&s.id, 3)]),
    };
    assert!(f.store.write_payment(&w).await.unwrap());
    w.effects = logged(&[line(&s.id, 4)]);
    assert!(!f.store.write_payment(&w).await.unwrap());
    let events = f.store.events(&s.id).await.unwrap();
    assert_eq!(kinds(&events), vec![fin(1), fin(3)]);
}
