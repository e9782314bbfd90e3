//! The contract's cases for keyed records: idempotency reservations (the
//! payment lock rests on them), webhook event ids, rate-limit windows, shared
//! values, readiness and migrations.

use super::cases::{session, uid, T0};
use super::Fixture;
use checkout_server::store::IdempotencyBegin;
use std::collections::HashSet;
use time::Duration;

pub async fn idempotency_records(f: &Fixture) {
    let s = f.store.as_ref();
    let (scope, key) = ("result:hcs_1", uid("key"));
    let stale = Duration::seconds(60);
    assert_eq!(
        s.idempotency_begin(scope, &key, "h1", T0, stale)
            .await
            .unwrap(),
        IdempotencyBegin::Proceed
    );
    assert_eq!(
        s.idempotency_begin(scope, &key, "h1", T0, stale)
            .await
            .unwrap(),
        IdempotencyBegin::InProgress
    );
    assert_eq!(
        s.idempotency_begin(scope, &key, "h2", T0, stale)
            .await
            .unwrap(),
        IdempotencyBegin::Mismatch
    );
    // The same key in another scope is another record.
    assert_eq!(
        s.idempotency_begin("other", &key, "h2", T0, stale)
            .await
            .unwrap(),
        IdempotencyBegin::Proceed
    );
    let body = b"{\"state\":\"authorized\"}\n\x00\xff".to_vec();
    s.idempotency_complete(scope, &key, 201, &body, None)
        .await
        .unwrap();
    // Completing twice keeps the first answer; abandoning a completed one does nothing.
    s.idempotency_complete(scope, &key, 500, b"later", None)
        .await
        .unwrap();
    s.idempotency_abandon(scope, &key).await.unwrap();
    assert_eq!(
        s.idempotency_begin(scope, &key, "h1", T0 + Duration::days(2), stale)
            .await
            .unwrap(),
        IdempotencyBegin::Replay { status: 201, body }
    );
    // An abandoned reservation frees the key.
    let k2 = uid("key");
    assert_eq!(
        s.idempotency_begin(scope, &k2, "h1", T0, stale)
            .await
            .unwrap(),
        IdempotencyBegin::Proceed
    );
    s.idempotency_abandon(scope, &k2).await.unwrap();
    assert_eq!(
        s.idempotency_begin(scope, &k2, "h1", T0, stale)
            .await
            .unwrap(),
        IdempotencyBegin::Proceed
    );
    // A reservation older than `stale_after` is taken over, once.
    let t1 = T0 + Duration::seconds(59);
    assert_eq!(
        s.idempotency_begin(scope, &k2, "h1", t1, stale)
            .await
            .unwrap(),
        IdempotencyBegin::InProgress
    );
    let t2 = T0 + Duration::seconds(60);
    assert_eq!(
        s.idempotency_begin(scope, &k2, "h1", t2, stale)
            .await
            .unwrap(),
        IdempotencyBegin::Proceed
    );
    assert_eq!(
        s.idempotency_begin(scope, &k2, "h1", t2, stale)
            .await
            .unwrap(),
        IdempotencyBegin::InProgress
    );
}

/// `BEGIN IMMEDIATE` on SQLite, the primary key and `FOR UPDATE` on
/// PostgreSQL: either way one caller of many gets the reservation (the
/// session payment lock rests on this).
pub async fn of_concurrent_reservations_exactly_one_proceeds(f: &Fixture) {
    for round in 0..5 {
        let key = uid("lock");
        let tasks: Vec<_> = (0..12)
            .map(|_| {
                let (store, key) = (f.store.clone(), key.clone());
                tokio::spawn(async move {
                    store
                        .idempotency_begin(
                            "session-payment-lock",
                            &key,
                            "lock",
                            T0,
                            Duration::seconds(60),
                        )
                        .await
                        .unwrap()
                })
            })
            .collect();
        let mut proceed = 0;
        for t in tasks {
            match t.await.unwrap() {
                IdempotencyBegin::Proceed => proceed += 1,
                IdempotencyBegin::InProgress => {}
                other => panic!("round {round}: {other:?}"),
            }
        }
        assert_eq!(proceed, 1, "round {round}");
    }
}

pub async fn webhook_events_are_claimed_once(f: &Fixture) {
    let id = uid("evt");
    assert!(f
        .store
        .claim_webhook_event(&id, "payment.request.state-change.completed", T0)
        .await
        .unwrap());
    assert!(!f
        .store
        .claim_webhook_event(&id, "payment.request.state-change.completed", T0)
        .await
        .unwrap());
    f.store.release_webhook_event(&id).await.unwrap();
    assert!(f.store.claim_webhook_event(&id, "x", T0).await.unwrap());
    // Concurrent deliveries of one event: one claim.
    let id = uid("evt");
    let tasks: Vec<_> = (0..10)
        .map(|_| {
            let (store, id) = (f.store.clone(), id.clone());
            tokio::spawn(async move { store.claim_webhook_event(&id, "x", T0).await.unwrap() })
        })
        .collect();
    let mut claims = 0;
    for t in tasks {
        claims += usize::from(t.await.unwrap());
    }
    assert_eq!(claims, 1);
}

pub async fn rate_limit_windows(f: &Fixture) {
    let key = uid("hosted:203.0.113.7");
    let s = f.store.as_ref();
    assert_eq!(s.rate_limit_hit(&key, 120).await.unwrap(), 1);
    assert_eq!(s.rate_limit_hit(&key, 120).await.unwrap(), 2);
    assert_eq!(s.rate_limit_hit(&key, 120).await.unwrap(), 3);
    // Reading counts nothing; a window not counted in yet reads 0.
    assert_eq!(s.rate_limit_count(&key, 120).await.unwrap(), 3);
    assert_eq!(s.rate_limit_count(&key, 120).await.unwrap(), 3);
    assert_eq!(s.rate_limit_count(&key, 180).await.unwrap(), 0);
    assert_eq!(s.rate_limit_count(&uid("none"), 120).await.unwrap(), 0);
    // A newer window starts again at 1.
    assert_eq!(s.rate_limit_hit(&key, 180).await.unwrap(), 1);
    assert_eq!(s.rate_limit_count(&key, 120).await.unwrap(), 0);
    // An instance whose clock is behind counts into the newer window, never resets it.
    assert_eq!(s.rate_limit_hit(&key, 120).await.unwrap(), 2);
    assert_eq!(s.rate_limit_hit(&key, 180).await.unwrap(), 3);
    // Keys are independent.
    assert_eq!(
        s.rate_limit_hit(&uid("hosted:198.51.100.1"), 180)
            .await
            .unwrap(),
        1
    );
}

pub async fn concurrent_rate_limit_hits_are_all_counted(f: &Fixture) {
    let key = uid("demo:127.0.0.1");
    let tasks: Vec<_> = (0..40)
        .map(|_| {
            let (store, key) = (f.store.clone(), key.clone());
            tokio::spawn(async move { store.rate_limit_hit(&key, 600).await.unwrap() })
        })
        .collect();
    let mut seen = HashSet::new();
    for t in tasks {
        seen.insert(t.await.unwrap());
    }
    assert_eq!(seen, (1..=40).collect::<HashSet<u64>>());
}

pub async fn the_first_shared_value_wins(f: &Fixture) {
    let name = uid("sandbox_webhook_signing_key");
    let tasks: Vec<_> = (0..8)
        .map(|i| {
            let (store, name) = (f.store.clone(), name.clone());
            tokio::spawn(async move {
                store
                    .shared_value(&name, &format!("candidate-{i}"))
                    .await
                    .unwrap()
            })
        })
        .collect();
    let mut values = HashSet::new();
    for t in tasks {
        values.insert(t.await.unwrap());
    }
    assert_eq!(values.len(), 1, "{values:?}");
    let v = values.into_iter().next().unwrap();
    assert_eq!(f.store.shared_value(&name, "late").await.unwrap(), v);
}

pub async fn a_fresh_store_is_ready(f: &Fixture) {
    f.store.readiness().await.unwrap();
    let pool = f.store.pool_use();
    assert!(
        pool.max >= 1 && pool.in_use + pool.idle <= pool.max,
        "{pool:?}"
    );
}

/// Four instances opening one new database at once: every one starts, and
/// the schema is there once (PostgreSQL: the migrator's advisory lock).
pub async fn instances_starting_together_migrate_once(f: &Fixture) {
    // A database nobody opened yet: a new schema, or a new SQLite file.
    let dir = tempfile::tempdir().unwrap();
    let url = match f.store.backend() {
        "postgres" => super::common::pg::fresh_url("migrations").unwrap(),
        _ => format!("sqlite://{}", dir.path().join("new.sqlite").display()),
    };
    let fresh = super::common::settings(&dir, &[("CHECKOUT_DATABASE_URL", &url)]);
    let opens: Vec<_> = (0..4)
        .map(|_| {
            let settings = fresh.clone();
            tokio::spawn(async move { checkout_server::store::open(&settings).await })
        })
        .collect();
    let mut stores = Vec::new();
    for o in opens {
        stores.push(o.await.unwrap().expect("every instance starts"));
    }
    let s = session(&uid("hcs"), T0);
    stores[0].insert_session(&s).await.unwrap();
    for other in &stores {
        other.readiness().await.unwrap();
        assert_eq!(
            other.session(&s.id).await.unwrap().map(|x| x.id),
            Some(s.id.clone())
        );
    }
}

/// A reservation whose holder's process is gone is taken over at once, not
/// after its lease; one whose holder lives (another instance) is not.
pub async fn a_dead_holders_reservation_is_taken_over_at_once(f: &Fixture) {
    let lease = Duration::hours(1);
    let key = uid("held");
    let holder = checkout_server::store::open(&f.settings).await.unwrap();
    assert_eq!(
        begin(holder.as_ref(), &key, lease).await,
        IdempotencyBegin::Proceed
    );
    // The holder lives: the other instance waits.
    assert_eq!(
        begin(f.store.as_ref(), &key, lease).await,
        IdempotencyBegin::InProgress
    );
    assert_eq!(
        begin(f.store.as_ref(), &key, lease).await,
        IdempotencyBegin::InProgress
    );
    drop(holder); // its process is gone (what a kill does to its locks)
    let started = std::time::Instant::now();
    loop {
        match begin(f.store.as_ref(), &key, lease).await {
            IdempotencyBegin::Proceed => break,
            IdempotencyBegin::InProgress
                if started.elapsed() < std::time::Duration::from_secs(3) =>
            {
                tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            }
            other => panic!("after {:?}: {other:?}", started.elapsed()),
        }
    }
    // Now ours: a third instance waits for us.
    let third = checkout_server::store::open(&f.settings).await.unwrap();
    assert_eq!(
        begin(third.as_ref(), &key, lease).await,
        IdempotencyBegin::InProgress
    );
}

async fn begin(
    s: &dyn checkout_server::store::Backend,
    key: &str,
    lease: Duration,
) -> IdempotencyBegin {
    s.idempotency_begin("session-payment-lock", key, "lock", T0, lease)
        .await
        .unwrap()
}
