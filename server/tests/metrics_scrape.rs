//! The metrics scrape's store-read gauges (operations outside tester): every
//! job state is exported at each scrape, so an emptied state reads 0 rather
//! than its last count; and a store that hangs makes a scrape that answers
//! in time with `checkout_store_ready 0`, not one that outlives Prometheus's
//! scrape timeout. Its own test binary: the recorder is process-wide, and no
//! other test here scrapes at the same time.

mod common;

use axum::http::StatusCode;
use checkout_server::store::{JobFinish, NewJob};
use checkout_server::{ops, AppState};
use common::*;
use std::time::Instant;

async fn scrape(state: &AppState) -> String {
    let handle = ops::metrics::install().expect("recorder installs");
    let a = call(
        &ops::metrics::router(state.clone(), handle),
        "GET",
        "/metrics",
        None,
        None,
    )
    .await;
    assert_eq!(a.status, StatusCode::OK);
    String::from_utf8(a.bytes).unwrap()
}

fn gauge(text: &str, series: &str) -> f64 {
    let line = text
        .lines()
        .find(|l| l.starts_with(series) && l[series.len()..].starts_with(' '))
        .unwrap_or_else(|| panic!("missing {series} in\n{text}"));
    line.rsplit(' ').next().unwrap().parse().unwrap()
}

#[tokio::test]
async fn every_job_state_is_exported_and_an_emptied_one_reads_zero() {
    let dir = tempfile::tempdir().unwrap();
    write_www(&dir);
    let s = settings(&dir, &[]);
    let state = AppState::new(s.clone(), open_store(&s)).unwrap();
    let text = scrape(&state).await;
    // Before any job gave up, `failed` is already there at 0: the first one is a rise.
    for st in ["queued", "running", "done", "failed"] {
        assert_eq!(
            gauge(&text, &format!(r#"checkout_jobs{{state="{st}"}}"#)),
            0.0,
            "{st}"
        );
    }
    let job = NewJob {
        id: "job_scrape_probe".into(),
        kind: "scrape_probe".into(),
        payload: serde_json::json!({}),
        run_at_ms: checkout_server::clock::now_ms() - 1,
        dedupe_key: None,
    };
    state.store.enqueue_jobs(&[job]).await.unwrap();
    let now = checkout_server::clock::now_ms();
    let claimed = state
        .store
        .claim_jobs("probe", now, 60_000, 16)
        .await
        .unwrap();
    assert_eq!(claimed.len(), 1);
    let text = scrape(&state).await;
    assert_eq!(gauge(&text, r#"checkout_jobs{state="running"}"#), 1.0);
    assert!(state
        .store
        .finish_job("job_scrape_probe", "probe", &JobFinish::Done)
        .await
        .unwrap());
    // No job is running now: the gauge says so (it kept its 1 before).
    let text = scrape(&state).await;
    assert_eq!(gauge(&text, r#"checkout_jobs{state="running"}"#), 0.0);
    assert_eq!(gauge(&text, r#"checkout_jobs{state="done"}"#), 1.0);
}

#[tokio::test]
async fn a_store_that_hangs_is_a_timely_scrape_saying_not_ready() {
    let dir = tempfile::tempdir().unwrap();
    write_www(&dir);
    // The scrape's store reads held for good: a store that hangs (a frozen or unreachable database, where
    // each read would wait out the pool's 5 s, three times over).
    let s = settings(
        &dir,
        &[
            ("CHECKOUT_ALLOW_FAULTS", "yes-this-is-a-test"),
            ("CHECKOUT_FAULT_POINTS", "metrics.store_read=pause"),
        ],
    );
    let state = AppState::new(s.clone(), open_store(&s)).unwrap();
    let started = Instant::now();
    let text = scrape(&state).await;
    let took = started.elapsed();
    let backend = state.store.backend();
    assert_eq!(
        gauge(
            &text,
            &format!(r#"checkout_store_ready{{backend="{backend}"}}"#)
        ),
        0.0
    );
    assert!(
        took < ops::metrics::STORE_WAIT + std::time::Duration::from_secs(1),
        "the scrape took {took:?}"
    );
}
