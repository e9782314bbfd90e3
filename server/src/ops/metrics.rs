//! Prometheus metrics (`metrics` + `metrics-exporter-prometheus`), served on
//! their own listener (`CHECKOUT_METRICS_ADDR`) so they are never public by
//! accident. What is measured, by name:
//!
//! - `checkout_http_requests_total{method,route,status}` and
//!   `checkout_http_request_duration_seconds{method,route}` (route = the
//!   matched pattern, `static` for files);
//! - `checkout_klarna_calls_total{operation,outcome}` and
//!   `checkout_klarna_call_duration_seconds{operation}`
//!   ([`MeteredKlarna`](crate::klarna::MeteredKlarna));
//! - `checkout_authorizations_total{outcome}`;
//! - `checkout_webhook_lag_seconds` (Klarna's `occurred_at` to our receipt);
//! - `checkout_store_connections{state}`, `checkout_store_ready` and
//!   `checkout_jobs{state}` (the job queue, notifications included; read at
//!   each scrape);
//! - `checkout_job_backlog{kind}` and `checkout_job_backlog_age_seconds{kind}`
//!   (queued jobs that are due, and how long the oldest has waited);
//! - `checkout_job_retrying{kind}` and `checkout_job_retrying_age_seconds{kind}`
//!   (queued jobs that failed at least once, due or waiting out their
//!   backoff, and how long ago the oldest was created: work that keeps
//!   failing, which the backlog does not show between its tries);
//! - `checkout_http_writes_in_flight` and `checkout_http_writes_refused_total`
//!   ([`detached`](crate::detached)).
//!
//! The alert rules and the dashboard built on them are in `ops/`.

use crate::state::AppState;
use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// Buckets of every `_seconds` histogram: 5 ms to 30 s.
const BUCKETS: [f64; 13] = [
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 20.0, 30.0,
];

static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
/// Held while the recorder is installed, so two callers at once install it once.
static INSTALLING: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Installs the process-wide recorder (once; later calls return the same
/// handle) and starts its upkeep. Until it is installed, metrics cost nothing.
pub fn install() -> Result<PrometheusHandle, String> {
    let _installing = INSTALLING.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(h) = HANDLE.get() {
        return Ok(h.clone());
    }
    let handle = PrometheusBuilder::new()
        .set_buckets_for_metric(Matcher::Suffix("_seconds".into()), &BUCKETS)
        .map_err(|e| e.to_string())?
        .install_recorder()
        .map_err(|e| e.to_string())?;
    let h = HANDLE.get_or_init(|| handle).clone();
    super::metrics_help::describe();
    // The refusals' counter (it has no labels) is exported from the start at
    // 0, so the first refusal is an increase that `rate()` and `increase()`
    // see (a series that appears at 1 has no earlier sample to rise from).
    metrics::counter!("checkout_http_writes_refused_total").absolute(0);
    let upkeep = h.clone();
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(Duration::from_secs(5)).await;
            upkeep.run_upkeep();
        }
    });
    Ok(h)
}

/// The request metrics middleware (inside the router, where the matched
/// route is known).
pub async fn track(req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "static".to_string(), |p| p.as_str().to_string());
    let method = req.method().as_str().to_string();
    let started = Instant::now();
    let res = next.run(req).await;
    let status = res.status().as_u16().to_string();
    metrics::counter!("checkout_http_requests_total", "method" => method.clone(), "route" => route.clone(), "status" => status)
        .increment(1);
    metrics::histogram!("checkout_http_request_duration_seconds", "method" => method, "route" => route)
        .record(started.elapsed().as_secs_f64());
    res
}

/// How long a scrape waits for the store's answers: well under Prometheus's
/// default 10 s scrape timeout, so a store that hangs or is down (each read
/// would wait out the pool's 5 s acquire timeout) is a scrape that says
/// `checkout_store_ready 0` in time, not a failed scrape that only
/// `CheckoutInstanceDown` sees.
pub const STORE_WAIT: Duration = Duration::from_secs(2);

/// The states `checkout_jobs{state}` has, each exported at every scrape (0
/// when no job is in it), so a state that empties doesn't keep its last
/// count and the first given-up job is a rise from 0 that `delta()` sees.
const JOB_STATES: [&str; 4] = ["queued", "running", "done", "failed"];

async fn scrape(State((state, handle)): State<(AppState, PrometheusHandle)>) -> Response {
    let pool = state.store.pool_use();
    metrics::gauge!("checkout_store_connections", "state" => "in_use").set(f64::from(pool.in_use));
    metrics::gauge!("checkout_store_connections", "state" => "idle").set(f64::from(pool.idle));
    metrics::gauge!("checkout_store_connections", "state" => "max").set(f64::from(pool.max));
    metrics::gauge!("checkout_http_writes_in_flight").set(state.detached.in_flight() as f64);
    let now = crate::clock::now_ms();
    // The three reads at once, and all of them within STORE_WAIT.
    let store = &state.store;
    let points = state.settings.fault_points.as_ref();
    let reads = async {
        crate::faults::points::reach(points, crate::faults::points::METRICS_STORE_READ).await;
        tokio::join!(
            store.job_counts(),
            store.job_backlog(now),
            store.jobs_retrying(),
            store.readiness()
        )
    };
    let ready = match tokio::time::timeout(STORE_WAIT, reads).await {
        Ok((counts, backlog, retrying, ready)) => {
            if let Ok(counts) = counts {
                for state in JOB_STATES {
                    let n = counts
                        .iter()
                        .find(|(s, _)| s == state)
                        .map_or(0, |(_, n)| *n);
                    metrics::gauge!("checkout_jobs", "state" => state).set(n as f64);
                }
            }
            if let Ok(backlog) = backlog {
                publish_backlog(&backlog, now);
            }
            if let Ok(retrying) = retrying {
                publish_retrying(&retrying, now);
            }
            ready.is_ok()
        }
        Err(_) => false,
    };
    metrics::gauge!("checkout_store_ready", "backend" => state.store.backend()).set(if ready {
        1.0
    } else {
        0.0
    });
    (
        [("content-type", "text/plain; version=0.0.4")],
        handle.render(),
    )
        .into_response()
}

/// Job kinds whose backlog gauges were set at an earlier scrape: a kind whose
/// backlog emptied is set back to 0 instead of keeping its last value.
static BACKLOG_KINDS: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());

/// Job kinds whose retrying gauges were set at an earlier scrape.
static RETRYING_KINDS: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());

/// Sets `checkout_job_backlog{kind}` and `checkout_job_backlog_age_seconds{kind}`.
fn publish_backlog(backlog: &[crate::store::JobBacklog], now_ms: i64) {
    let rows = backlog.iter().map(|b| (&b.kind, b.due, b.oldest_run_at_ms));
    let names = ("checkout_job_backlog", "checkout_job_backlog_age_seconds");
    publish_by_kind(&BACKLOG_KINDS, names, rows, now_ms);
}

/// Sets `checkout_job_retrying{kind}` and `checkout_job_retrying_age_seconds{kind}`.
fn publish_retrying(retrying: &[crate::store::JobsRetrying], now_ms: i64) {
    let rows = retrying
        .iter()
        .map(|r| (&r.kind, r.retrying, r.oldest_created_at_ms));
    let names = ("checkout_job_retrying", "checkout_job_retrying_age_seconds");
    publish_by_kind(&RETRYING_KINDS, names, rows, now_ms);
}

/// Sets the count gauge `{kind}` to each row's count and the age gauge
/// `{kind}` to the seconds since its time (unix ms); a kind set at an
/// earlier scrape (kept in `seen`) that has no row now is set back to 0 on both.
fn publish_by_kind<'a>(
    seen: &std::sync::Mutex<Vec<String>>,
    (name, age_name): (&'static str, &'static str),
    rows: impl Iterator<Item = (&'a String, u64, i64)> + Clone,
    now_ms: i64,
) {
    let mut seen = seen.lock().unwrap_or_else(|e| e.into_inner());
    for kind in seen.iter() {
        if !rows.clone().any(|(k, _, _)| k == kind) {
            metrics::gauge!(name, "kind" => kind.clone()).set(0.0);
            metrics::gauge!(age_name, "kind" => kind.clone()).set(0.0);
        }
    }
    for (kind, count, since_ms) in rows {
        let age = (now_ms - since_ms).max(0) as f64 / 1000.0;
        metrics::gauge!(name, "kind" => kind.clone()).set(count as f64);
        metrics::gauge!(age_name, "kind" => kind.clone()).set(age);
        if !seen.contains(kind) {
            seen.push(kind.clone());
        }
    }
}

/// The metrics listener's app: `GET /metrics`.
pub fn router(state: AppState, handle: PrometheusHandle) -> Router {
    Router::new()
        .route("/metrics", get(scrape))
        .with_state((state, handle))
}

/// Binds `CHECKOUT_METRICS_ADDR` and serves [`router`] until the process ends.
pub async fn serve(
    addr: std::net::SocketAddr,
    state: AppState,
) -> Result<tokio::task::JoinHandle<()>, String> {
    let handle = install()?;
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| format!("expected a free address for the metrics, {addr} failed: {e}"))?;
    let app = router(state, handle);
    Ok(tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, app).await {
            tracing::error!(error = %e, "the metrics listener stopped");
        }
    }))
}
