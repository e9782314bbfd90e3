//! The contract's cases for the payment after authorization, the job queue
//! and merchant notifications (issue 13), run against every backend.

use super::Fixture;
use checkout_core::payment::{CaptureMethod, Ledger};
use checkout_core::state::SessionState;
use checkout_server::store::{
    DeliveryAttempt, Effects, EndpointRecord, EventRecord, JobFinish, NewJob, PaymentRecord,
    PaymentWrite,
};
use serde_json::json;
use std::collections::HashSet;
use time::macros::datetime;

fn uid(prefix: &str) -> String {
    let mut b = [0u8; 6];
    getrandom::fill(&mut b).unwrap();
    format!("{prefix}_{}", hex::encode(b))
}

fn job(id: &str, run_at_ms: i64, dedupe: Option<&str>) -> NewJob {
    NewJob {
        id: id.into(),
        kind: "test".into(),
        payload: json!({"n": id}),
        run_at_ms,
        dedupe_key: dedupe.map(str::to_string),
    }
}

/// Instances claiming at once never get the same job; a job is finished only
/// by its lease's owner; a dead owner's job is claimed again after its lease.
pub async fn jobs_are_claimed_by_one_owner_at_a_time(f: &Fixture) {
    let tag = uid("j");
    let jobs: Vec<NewJob> = (0..30)
        .map(|i| job(&format!("{tag}_{i}"), 1_000, None))
        .collect();
    f.store.enqueue_jobs(&jobs).await.unwrap();
    let claims: Vec<_> = (0..6)
        .map(|k| {
            let store = f.store.clone();
            tokio::spawn(async move {
                let owner = format!("owner-{k}");
                let got = store.claim_jobs(&owner, 2_000, 60_000, 10).await.unwrap();
                (owner, got)
            })
        })
        .collect();
    let mut seen = HashSet::new();
    let mut owners = Vec::new();
    for c in claims {
        let (owner, got) = c.await.unwrap();
        for j in &got {
            if j.id.starts_with(&tag) {
                assert!(seen.insert(j.id.clone()), "{} claimed twice", j.id);
                assert_eq!(j.attempts, 1);
                owners.push((owner.clone(), j.id.clone()));
            }
        }
    }
    assert_eq!(seen.len(), 30, "every due job claimed once");
    // Only the owner finishes; another owner's finish is refused.
    let (owner, id) = owners[0].clone();
    assert!(!f
        .store
        .finish_job(&id, "someone-else", &JobFinish::Done)
        .await
        .unwrap());
    assert!(f
        .store
        .finish_job(&id, &owner, &JobFinish::Done)
        .await
        .unwrap());
    assert!(!f
        .store
        .finish_job(&id, &owner, &JobFinish::Done)
        .await
        .unwrap());
    // A retry comes back when due; a dead owner's lease runs out.
    let (owner2, id2) = owners[1].clone();
    let retry = JobFinish::Retry {
        run_at_ms: 5_000,
        error: "later".into(),
    };
    assert!(f.store.finish_job(&id2, &owner2, &retry).await.unwrap());
    let again = f
        .store
        .claim_jobs("owner-x", 4_999, 60_000, 100)
        .await
        .unwrap();
    assert!(!again.iter().any(|j| j.id == id2), "not due yet");
    let later = f
        .store
        .claim_jobs("owner-x", 62_001, 60_000, 100)
        .await
        .unwrap();
    let ids: HashSet<_> = later.iter().map(|j| j.id.clone()).collect();
    assert!(ids.contains(&id2), "the retry is due");
    assert!(
        ids.contains(&owners[2].1),
        "an expired lease is claimed again"
    );
    assert_eq!(later.iter().find(|j| j.id == id2).unwrap().attempts, 2);
    // A shutdown gives leases back at once.
    assert!(f.store.release_jobs("owner-x").await.unwrap() >= 2);
    let counts: Vec<_> = f.store.job_counts().await.unwrap();
    assert!(
        counts.iter().any(|(s, n)| s == "done" && *n >= 1),
        "{counts:?}"
    );
}

/// The backlog counts queued jobs that are due, by kind, with the oldest
/// one's due time; jobs not yet due and claimed ones are not backlog.
pub async fn the_backlog_is_due_queued_jobs_by_kind(f: &Fixture) {
    let kind = uid("kind");
    let mk = |id: &str, at: i64| NewJob {
        kind: kind.clone(),
        ..job(id, at, None)
    };
    let (a, b, c) = (uid("ba"), uid("bb"), uid("bc"));
    f.store
        .enqueue_jobs(&[mk(&a, 1_000), mk(&b, 3_000), mk(&c, 9_000)])
        .await
        .unwrap();
    let of =
        |all: Vec<checkout_server::store::JobBacklog>| all.into_iter().find(|x| x.kind == kind);
    let at_5 = of(f.store.job_backlog(5_000).await.unwrap()).expect("two are due");
    assert_eq!((at_5.due, at_5.oldest_run_at_ms), (2, 1_000));
    assert!(of(f.store.job_backlog(500).await.unwrap()).is_none());
    // A claimed job is running, not waiting.
    let claimed = f.store.claim_jobs("o", 5_000, 60_000, 1000).await.unwrap();
    assert!(claimed.iter().any(|j| j.id == a));
    assert!(of(f.store.job_backlog(5_000).await.unwrap()).is_none());
    let at_10 = of(f.store.job_backlog(10_000).await.unwrap()).expect("the last is due");
    assert_eq!((at_10.due, at_10.oldest_run_at_ms), (1, 9_000));
    // Nothing failed yet: nothing is retrying. A run that fails and waits out
    // its backoff is no backlog but retrying, until it is done.
    let retrying =
        |all: Vec<checkout_server::store::JobsRetrying>| all.into_iter().find(|x| x.kind == kind);
    assert!(retrying(f.store.jobs_retrying().await.unwrap()).is_none());
    let later = JobFinish::Retry {
        run_at_ms: 1_000_000,
        error: "could not connect".into(),
    };
    assert!(f.store.finish_job(&a, "o", &later).await.unwrap());
    let r = retrying(f.store.jobs_retrying().await.unwrap()).expect("a is retrying");
    assert_eq!(r.retrying, 1);
    assert!(r.oldest_created_at_ms > 0);
    assert_eq!(
        of(f.store.job_backlog(10_000).await.unwrap()).map(|b| b.due),
        Some(1)
    );
    let claimed = f
        .store
        .claim_jobs("o", 1_000_000, 60_000, 1000)
        .await
        .unwrap();
    assert!(claimed.iter().any(|j| j.id == a));
    assert!(f.store.finish_job(&a, "o", &JobFinish::Done).await.unwrap());
    assert!(retrying(f.store.jobs_retrying().await.unwrap()).is_none());
}

pub async fn queued_jobs_are_deduplicated(f: &Fixture) {
    let key = uid("dedupe");
    let (a, b) = (uid("ja"), uid("jb"));
    f.store
        .enqueue_jobs(&[job(&a, 1_000, Some(&key))])
        .await
        .unwrap();
    f.store
        .enqueue_jobs(&[job(&b, 1_000, Some(&key))])
        .await
        .unwrap();
    let got = f.store.claim_jobs("o", 2_000, 60_000, 1000).await.unwrap();
    let mine: Vec<_> = got.iter().filter(|j| j.id == a || j.id == b).collect();
    assert_eq!(mine.len(), 1, "one job per dedupe key while queued");
    assert!(f.store.finish_job(&a, "o", &JobFinish::Done).await.unwrap());
    // Once done, the key may be queued again.
    f.store
        .enqueue_jobs(&[job(&b, 1_000, Some(&key))])
        .await
        .unwrap();
    let got = f.store.claim_jobs("o", 3_000, 60_000, 1000).await.unwrap();
    assert!(got.iter().any(|j| j.id == b));
}

pub async fn klarna_events_are_accepted_once(f: &Fixture) {
    let ev = uid("evt");
    let at = datetime!(2026-11-23 10:00:00 UTC);
    let tasks: Vec<_> = (0..8)
        .map(|k| {
            let (store, ev) = (f.store.clone(), ev.clone());
            tokio::spawn(async move {
                let j = job(&format!("{ev}-job-{k}"), 0, None);
                store.accept_klarna_event(&ev, "x", &j, at).await.unwrap()
            })
        })
        .collect();
    let mut accepted = 0;
    for t in tasks {
        accepted += usize::from(t.await.unwrap());
    }
    assert_eq!(accepted, 1);
    let jobs = f.store.claim_jobs("o", 1, 60_000, 1000).await.unwrap();
    assert_eq!(
        jobs.iter().filter(|j| j.id.starts_with(&ev)).count(),
        1,
        "one job enqueued with it"
    );
}

/// A payment of `sid` as an approval of 118.00 EUR creates it.
pub fn payment(sid: &str) -> PaymentRecord {
    let at = datetime!(2026-11-23 10:00:00 UTC);
    PaymentRecord {
        session_id: sid.into(),
        merchant_id: "shop_a".into(),
        payment_transaction_id: uid("krn:txn"),
        currency: "EUR".into(),
        capture_method: CaptureMethod::parse("manual").unwrap_or_default(),
        ledger: Ledger::authorized(11800),
        network_response_data: None,
        partner_account_id: Some("krn:partner:global:account:contract".into()),
        version: 1,
        created_at: at,
        updated_at: at,
        operations: vec![],
    }
}

/// Of concurrent writes from one version, exactly one lands (what keeps
/// concurrent captures on many instances from passing the amount left).
pub async fn payment_writes_are_compare_and_set(f: &Fixture) {
    let s = super::cases::session(&uid("hcs"), datetime!(2026-11-23 10:00:00 UTC));
    f.store.insert_session(&s).await.unwrap();
    let p = payment(&s.id);
    let at = datetime!(2026-11-23 10:01:00 UTC);
    let effects = Effects {
        payment: Some(p.clone()),
        events: vec![],
        jobs: vec![],
        log: vec![],
    };
    let won = f
        .store
        .transition_with(
            &s.id,
            SessionState::Open,
            SessionState::Authorized,
            None,
            at,
            &effects,
        )
        .await
        .unwrap();
    assert!(won);
    let stored = f.store.payment(&s.id).await.unwrap().unwrap();
    assert_eq!((stored.version, stored.ledger.authorized), (1, 11800));
    // The account that authorized it is kept for its operations.
    assert_eq!(stored.partner_account_id, p.partner_account_id);
    assert_eq!(
        f.store
            .session_of_transaction(&p.payment_transaction_id)
            .await
            .unwrap(),
        Some(s.id.clone())
    );
    let writes: Vec<_> = (0..8)
        .map(|k| {
            let (store, mut after) = (f.store.clone(), stored.clone());
            tokio::spawn(async move {
                after.ledger.captured = 1000 + k;
                let w = PaymentWrite {
                    payment: after,
                    expected_version: 1,
                    operations: vec![],
                    effects: Effects::default(),
                };
                store.write_payment(&w).await.unwrap()
            })
        })
        .collect();
    let mut landed = 0;
    for w in writes {
        landed += usize::from(w.await.unwrap());
    }
    assert_eq!(landed, 1);
    let now = f.store.payment(&s.id).await.unwrap().unwrap();
    assert_eq!(now.version, 2);
    assert!((1000..1008).contains(&now.ledger.captured));
}

pub async fn notifications_record_every_attempt(f: &Fixture) {
    let merchant = uid("m");
    let at = datetime!(2026-11-23 10:00:00 UTC);
    let ep = EndpointRecord {
        id: uid("we"),
        merchant_id: merchant.clone(),
        url: "https://shop.example/hooks".into(),
        event_types: vec!["session.authorized".into()],
        secret: "whsec".into(),
        created_at: at,
    };
    f.store.insert_endpoint(&ep).await.unwrap();
    assert_eq!(
        f.store.endpoints(&merchant).await.unwrap(),
        vec![ep.clone()]
    );
    let s = super::cases::session(&uid("hcs"), at);
    f.store.insert_session(&s).await.unwrap();
    let events: Vec<EventRecord> = (0..3)
        .map(|i| EventRecord {
            id: uid("evt"),
            merchant_id: merchant.clone(),
            session_id: s.id.clone(),
            event_type: "session.authorized".into(),
            data: json!({"i": i}),
            created_at: at,
        })
        .collect();
    let effects = Effects {
        payment: None,
        events: events.clone(),
        jobs: vec![],
        log: vec![],
    };
    assert!(f
        .store
        .transition_with(
            &s.id,
            SessionState::Open,
            SessionState::Canceled,
            None,
            at,
            &effects
        )
        .await
        .unwrap());
    let attempt = |delivered: bool, code: u16| DeliveryAttempt {
        event_id: events[0].id.clone(),
        endpoint_id: ep.id.clone(),
        url: ep.url.clone(),
        at,
        status_code: Some(code),
        latency_ms: 12,
        error: (!delivered).then(|| format!("answered {code}")),
        delivered,
    };
    f.store
        .start_delivery(&events[0].id, &ep.id, false)
        .await
        .unwrap();
    f.store.record_delivery(&attempt(false, 500)).await.unwrap();
    f.store.record_delivery(&attempt(true, 200)).await.unwrap();
    let log = f.store.delivery_attempts(&events[0].id).await.unwrap();
    assert_eq!(log, vec![attempt(false, 500), attempt(true, 200)]);
    let e0 = f.store.event(&events[0].id).await.unwrap().unwrap();
    assert_eq!((e0.endpoints, e0.delivered), (1, 1));
    // A fan-out run again (its instance died before it finished) leaves the
    // delivery delivered; only a redelivery makes it pending again.
    f.store
        .start_delivery(&events[0].id, &ep.id, false)
        .await
        .unwrap();
    let e0 = f.store.event(&events[0].id).await.unwrap().unwrap();
    assert_eq!((e0.endpoints, e0.delivered), (1, 1));
    f.store
        .start_delivery(&events[0].id, &ep.id, true)
        .await
        .unwrap();
    let e0 = f.store.event(&events[0].id).await.unwrap().unwrap();
    assert_eq!((e0.endpoints, e0.delivered), (1, 0));
    f.store.record_delivery(&attempt(true, 200)).await.unwrap();
    // Newest first; the filter reads "every endpoint answered 2xx".
    let all = f.store.events_of(&merchant, None, 10).await.unwrap();
    let order: Vec<_> = all.iter().map(|e| e.event.id.clone()).collect();
    assert_eq!(
        order,
        events
            .iter()
            .rev()
            .map(|e| e.id.clone())
            .collect::<Vec<_>>()
    );
    let done = f.store.events_of(&merchant, Some(true), 10).await.unwrap();
    assert_eq!(done.len(), 1);
    let open = f.store.events_of(&merchant, Some(false), 10).await.unwrap();
    assert_eq!(open.len(), 2);
    assert!(f.store.delete_endpoint(&merchant, &ep.id).await.unwrap());
    assert!(!f.store.delete_endpoint(&merchant, &ep.id).await.unwrap());
    assert!(f.store.endpoints(&merchant).await.unwrap().is_empty());
    // Deleted: no delivery goes to it any more, its log stays.
    assert!(f.store.endpoint(&ep.id).await.unwrap().is_none());
    assert_eq!(
        f.store
            .delivery_attempts(&events[0].id)
            .await
            .unwrap()
            .len(),
        3
    );
    let e0 = f.store.event(&events[0].id).await.unwrap().unwrap();
    assert_eq!(
        (e0.endpoints, e0.delivered),
        (1, 1),
        "a delivered one still counts"
    );
    // An undelivered event of a deleted endpoint is not pending on it.
    f.store
        .start_delivery(&events[1].id, &ep.id, false)
        .await
        .unwrap();
    let e1 = f.store.event(&events[1].id).await.unwrap().unwrap();
    assert_eq!((e1.endpoints, e1.delivered), (0, 0));
}

/// Jobs that ran to their end are deleted once they are older than the
/// cut-off (the queue would grow for ever, and a Klarna event's job keeps
/// Klarna's envelope, which can name the shopper); queued, running and
/// given-up jobs stay.
pub async fn finished_jobs_are_pruned_after_their_cut_offs(f: &Fixture) {
    let (done, failed, queued) = (uid("pd"), uid("pf"), uid("pq"));
    f.store
        .enqueue_jobs(&[job(&done, 1_000, None), job(&failed, 1_000, None)])
        .await
        .unwrap();
    let claimed = f.store.claim_jobs("pr", 2_000, 60_000, 1000).await.unwrap();
    assert!(claimed.iter().any(|j| j.id == done) && claimed.iter().any(|j| j.id == failed));
    assert!(f
        .store
        .finish_job(&done, "pr", &JobFinish::Done)
        .await
        .unwrap());
    let gave_up = JobFinish::Failed { error: "no".into() };
    assert!(f.store.finish_job(&failed, "pr", &gave_up).await.unwrap());
    f.store
        .enqueue_jobs(&[job(&queued, i64::MAX / 2, None)])
        .await
        .unwrap();
    let now = checkout_server::clock::now_ms();
    let kept = |id: String| async move {
        let got = f
            .store
            .claim_jobs("probe", i64::MAX / 2, 1, 100_000)
            .await
            .unwrap();
        f.store.release_jobs("probe").await.unwrap();
        got.iter().any(|j| j.id == id)
    };
    // Not older than the cut-offs: kept.
    let (past, future) = (now - 60_000, now + 60_000);
    assert_eq!(f.store.prune_jobs(past, past, 1000).await.unwrap(), 0);
    let pruned = f.store.prune_jobs(future, past, 100_000).await.unwrap();
    assert!(pruned >= 1, "{pruned}");
    let count = |status: &'static str| async move {
        let counts = f.store.job_counts().await.unwrap();
        counts
            .iter()
            .find(|(s, _)| s == status)
            .map_or(0, |(_, n)| *n)
    };
    assert_eq!(
        count("done").await,
        0,
        "every done job before the cut-off is gone"
    );
    assert!(
        count("failed").await >= 1,
        "a failed job after its cut-off stays"
    );
    // Given up before its own cut-off: gone too.
    f.store.prune_jobs(future, future, 100_000).await.unwrap();
    assert_eq!(count("failed").await, 0);
    assert!(kept(queued).await, "a queued job stays");
}
