//! The contract's case for personal data retention: which finished sessions
//! still hold personal data, and its erasure.

use super::cases::{session, uid, T0};
use super::Fixture;
use checkout_core::state::SessionState;
use time::Duration;

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
    assert_eq!(
        stored.data.klarna_network_session_token,
        done.data.klarna_network_session_token
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
}
