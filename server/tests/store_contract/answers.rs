//! The contract's case for the answers kept for `Idempotency-Key` replays
//! and personal data: erasing a session erases it from the answers stored
//! about it, in the same call, and an answer stored after the erasure is
//! stored erased; answers about other sessions, or none, stay as they were.

use super::cases::{session, uid, T0};
use super::Fixture;
use checkout_server::store::IdempotencyBegin;
use serde_json::{json, Value};
use time::Duration;

fn view(session: &str) -> Vec<u8> {
    json!({"id": session, "state": "open", "amount": 11800, "has_network_session_token": false,
        "customer": {"email": "customer+de@klarna.com", "given_name": "Erika"},
        "order_lines": [{"name": "Sneakers"}]})
    .to_string()
    .into_bytes()
}

/// Reserves `(scope, key)` and stores `body` about `session`.
async fn keep(f: &Fixture, key: &str, body: &[u8], session: Option<&str>) {
    let s = f.store.as_ref();
    let stale = Duration::seconds(8);
    let begin = s.idempotency_begin("merchant:shop_a", key, "h", T0, stale);
    assert_eq!(begin.await.unwrap(), IdempotencyBegin::Proceed);
    s.idempotency_complete("merchant:shop_a", key, 200, body, session)
        .await
        .unwrap();
}

async fn replayed(f: &Fixture, key: &str) -> Value {
    let stale = Duration::seconds(8);
    match f
        .store
        .idempotency_begin("merchant:shop_a", key, "h", T0, stale)
        .await
        .unwrap()
    {
        IdempotencyBegin::Replay { status: 200, body } => serde_json::from_slice(&body).unwrap(),
        other => panic!("not a replay: {other:?}"),
    }
}

pub async fn erasure_reaches_the_answers_kept_for_replays(f: &Fixture) {
    let s = f.store.as_ref();
    let (done, other) = (session(&uid("hcs"), T0), session(&uid("hcs"), T0));
    for x in [&done, &other] {
        s.insert_session(x).await.unwrap();
    }
    let (k1, k2, k3, k4) = (uid("k"), uid("k"), uid("k"), uid("k"));
    keep(f, &k1, &view(&done.id), Some(&done.id)).await;
    keep(f, &k2, &view(&other.id), Some(&other.id)).await;
    keep(f, &k3, &view(&done.id), None).await;
    assert_eq!(replayed(f, &k1).await["customer"]["given_name"], "Erika");

    let at = T0 + Duration::hours(2);
    s.erase_personal_data(&done.id, at).await.unwrap().unwrap();
    let stamp = json!(checkout_server::clock::format(at));
    let erased = replayed(f, &k1).await;
    assert!(erased.get("customer").is_none(), "{erased}");
    assert_eq!(erased["personal_data_erased_at"], stamp);
    assert_eq!(
        (&erased["id"], &erased["amount"]),
        (&json!(done.id), &json!(11800))
    );
    // Another session's answer, and one naming no session, stay.
    assert_eq!(replayed(f, &k2).await["customer"]["given_name"], "Erika");
    assert_eq!(replayed(f, &k3).await["customer"]["given_name"], "Erika");
    // An answer made before the erasure and stored after it is stored erased.
    keep(f, &k4, &view(&done.id), Some(&done.id)).await;
    let late = replayed(f, &k4).await;
    assert!(late.get("customer").is_none(), "{late}");
    assert_eq!(late["personal_data_erased_at"], stamp);
}
