//! The job runner under slow work (an outside tester's report): claimed jobs
//! run at once and side by side, so none outlives its lease and no other
//! instance runs it a second time; a slow notification endpoint holds one of
//! the runner's slots, not the jobs queued behind it; a stopping runner lets
//! the job in flight finish before it gives its leases back.
mod common;

use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use checkout_server::jobs::Runner;
use checkout_server::AppState;
use common::*;
use serde_json::json;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::Notify;

/// A notification endpoint: each delivery's event id and arrival, how many
/// are in flight at once (and at most), answered `200` after `delay` or,
/// with a gate, once the gate opens.
#[derive(Clone, Default)]
struct Receiver {
    got: Arc<Mutex<Vec<(String, Instant)>>>,
    in_flight: Arc<Mutex<(usize, usize)>>,
    answered: Arc<Mutex<usize>>,
    gate: Option<Arc<Notify>>,
    delay: Duration,
}

impl Receiver {
    async fn serve(self) -> (String, Receiver) {
        let r = self.clone();
        let app = axum::Router::new().route(
            "/hook",
            post(move |headers: HeaderMap| {
                let r = r.clone();
                async move {
                    let id = headers.get("checkout-event-id").unwrap().to_str().unwrap();
                    r.got.lock().unwrap().push((id.to_string(), Instant::now()));
                    {
                        let mut f = r.in_flight.lock().unwrap();
                        f.0 += 1;
                        f.1 = f.1.max(f.0);
                    }
                    match &r.gate {
                        // Bounded, so a runner that never frees the slot fails the test, not hangs it.
                        Some(g) => {
                            let _ =
                                tokio::time::timeout(Duration::from_secs(6), g.notified()).await;
                        }
                        None => tokio::time::sleep(r.delay).await,
                    }
                    r.in_flight.lock().unwrap().0 -= 1;
                    *r.answered.lock().unwrap() += 1;
                    StatusCode::OK
                }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/hook", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await });
        (url, self)
    }

    fn ids(&self) -> Vec<String> {
        self.got
            .lock()
            .unwrap()
            .iter()
            .map(|g| g.0.clone())
            .collect()
    }
}

/// Subscribes `url` to `session.canceled` for the merchant of `key`.
async fn endpoint(t: &TestApp, key: &str, url: &str) {
    let body = json!({"url": url, "event_types": ["session.canceled"]});
    let a = call(
        &t.app,
        "POST",
        "/v1/webhook-endpoints",
        Some(key),
        Some(body),
    )
    .await;
    assert_eq!(a.status, StatusCode::CREATED);
}

/// Creates and cancels a session of the merchant of `key`: one `session.canceled` event.
async fn canceled_session(t: &TestApp, key: &str) {
    let body = session_body("customer+de@klarna.com");
    let c = call(&t.app, "POST", "/v1/sessions", Some(key), Some(body)).await;
    assert_eq!(c.status, StatusCode::CREATED);
    let id = c.json()["id"].as_str().unwrap().to_string();
    let path = format!("/v1/sessions/{id}/cancel");
    let a = call(&t.app, "POST", &path, Some(key), Some(json!({}))).await;
    assert_eq!(a.status, StatusCode::OK);
}

/// Jobs still queued or running.
async fn open_jobs(state: &AppState) -> u64 {
    let counts = state.store.job_counts().await.unwrap();
    counts
        .iter()
        .filter(|(s, _)| s == "queued" || s == "running")
        .map(|(_, n)| n)
        .sum()
}

/// Waits (polling) until `ok` holds or `within` has passed; answers whether it held.
async fn until(within: Duration, mut ok: impl FnMut() -> bool) -> bool {
    let end = Instant::now() + within;
    while Instant::now() < end {
        if ok() {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    ok()
}

/// The tester's repro, shortened: two instances on one database, a 1 s lease
/// (the shortest allowed), an endpoint that answers after 300 ms and ten
/// events. Before the fix one instance claimed all ten and delivered them one
/// after another, so the later ones started after their lease had run out and
/// the other instance delivered them again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_deliver_each_event_once_with_a_slow_endpoint_and_a_short_lease() {
    let fast_settings = [
        ("CHECKOUT_JOB_LEASE_MS", "1000"),
        ("CHECKOUT_JOB_POLL_MS", "20"),
    ];
    let t = app_with(&fast_settings);
    let s = settings(&t.dir, &fast_settings);
    let other = AppState::new(s.clone(), open_store(&s)).unwrap();
    let slow = Receiver {
        delay: Duration::from_millis(300),
        ..Default::default()
    };
    let (url, r) = slow.serve().await;
    endpoint(&t, KEY_A, &url).await;
    for _ in 0..10 {
        canceled_session(&t, KEY_A).await;
    }
    let started = Instant::now();
    let (a, b) = (Runner::spawn(t.state.clone()), Runner::spawn(other));
    // Every job ran to its end (a lost lease leaves the job to the other instance, which runs it again).
    let state = t.state.clone();
    let mut rest = u64::MAX;
    for _ in 0..750 {
        rest = open_jobs(&state).await;
        if rest == 0 && r.ids().len() >= 10 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let took = started.elapsed();
    a.stop().await;
    b.stop().await;
    assert_eq!(rest, 0, "jobs left unfinished after {took:?}");
    let mut ids = r.ids();
    let delivered = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 10, "every event reached the endpoint");
    assert_eq!(
        delivered, 10,
        "each event exactly once, not {delivered} deliveries"
    );
    let most = r.in_flight.lock().unwrap().1;
    assert!(most > 1, "deliveries ran one after another ({took:?})");
}

/// One instance, an endpoint of merchant A that holds its delivery until the
/// test lets it go, and a quick endpoint of merchant B: B's notification,
/// queued while A's is in flight, arrives at once. Before the fix it waited
/// for A's answer (the runner awaited its batch before claiming again).
/// Stopping the runner meanwhile waits for A's delivery to finish.
#[tokio::test]
async fn a_slow_endpoint_delays_no_other_job_and_stop_waits_for_it() {
    let t = app_with(&[("CHECKOUT_JOB_POLL_MS", "20")]);
    let gate = Arc::new(Notify::new());
    let held = Receiver {
        gate: Some(gate.clone()),
        ..Default::default()
    };
    let (slow_url, slow) = held.serve().await;
    let (fast_url, fast) = Receiver::default().serve().await;
    endpoint(&t, KEY_A, &slow_url).await;
    endpoint(&t, KEY_B, &fast_url).await;
    let runner = Runner::spawn(t.state.clone());
    canceled_session(&t, KEY_A).await;
    let s = slow.clone();
    let reached = until(Duration::from_secs(5), || !s.ids().is_empty()).await;
    assert!(reached, "the slow endpoint got its delivery");
    // Merchant B's event comes while A's delivery is held.
    canceled_session(&t, KEY_B).await;
    let f = fast.clone();
    let quick = until(Duration::from_secs(2), || !f.ids().is_empty()).await;
    let answered = *slow.answered.lock().unwrap();
    assert!(quick, "B's notification waited behind A's slow endpoint");
    assert_eq!(answered, 0, "A's delivery is still held");
    // A stop waits for the delivery in flight, which is then done, not handed to another instance.
    let stopping = tokio::spawn(runner.stop());
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(!stopping.is_finished(), "stop waits for the running job");
    gate.notify_one();
    tokio::time::timeout(Duration::from_secs(5), stopping)
        .await
        .expect("stop returns once the job finished")
        .unwrap();
    assert_eq!(*slow.answered.lock().unwrap(), 1);
    assert_eq!(open_jobs(&t.state).await, 0, "nothing left to run again");
    assert_eq!(slow.ids().len() + fast.ids().len(), 2);
}
