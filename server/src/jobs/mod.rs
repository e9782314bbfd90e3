//! The job runner: durable work kept as rows in the store (Klarna's webhooks,
//! operations Klarna did not answer, notification deliveries, cancellations
//! of payment requests), claimed with a lease so that several instances on
//! one database never run one job at the same time, retried with
//! exponential backoff, and logged (`job` target: kind, attempt, outcome,
//! milliseconds) for metrics to pick up.
//!
//! Every instance runs one [`Runner`]; tests drive [`run_due`] directly.

use crate::clock::now_ms;
use crate::faults::points;
use crate::state::AppState;
use crate::store::{JobFinish, JobRecord};
use std::time::Duration;

pub mod deliver;
pub mod klarna_event;
pub mod maintenance;
pub mod outcome;
pub mod work;

pub use crate::settings::jobs::{JobSettings, LEASE_MS};
pub use outcome::Outcome;
/// A run's time limit (below the lease, so a live owner never loses it).
pub const RUN_LIMIT: Duration = Duration::from_secs(45);
/// Jobs claimed per round.
const BATCH: u32 = 16;

/// The delay before attempt `attempts + 1`: `base × 2^(attempts-1)`, at most `max`.
pub fn backoff_ms(s: &JobSettings, attempts: u32) -> i64 {
    let exp = attempts.saturating_sub(1).min(30);
    s.retry_base_ms
        .saturating_mul(1i64 << exp)
        .min(s.retry_max_ms)
}

async fn run_one(state: &AppState, owner: &str, job: JobRecord) {
    let started = std::time::Instant::now();
    let outcome = match tokio::time::timeout(RUN_LIMIT, work::run(state, &job)).await {
        Ok(o) => o,
        Err(_) => Outcome::Retry(format!("ran longer than {} s", RUN_LIMIT.as_secs())),
    };
    let ms = started.elapsed().as_millis() as u64;
    let finish = match &outcome {
        Outcome::Done => JobFinish::Done,
        Outcome::Retry(e) => JobFinish::Retry {
            run_at_ms: now_ms() + backoff_ms(&state.settings.jobs, job.attempts),
            error: e.clone(),
        },
        Outcome::Fail(e) => JobFinish::Failed { error: e.clone() },
    };
    match &outcome {
        Outcome::Done => {
            tracing::info!(target: "job", job = %job.id, kind = %job.kind, attempt = job.attempts, ms, outcome = "done", "job finished")
        }
        Outcome::Retry(e) => {
            tracing::warn!(target: "job", job = %job.id, kind = %job.kind, attempt = job.attempts, ms, outcome = "retry", error = %e, "job will be retried")
        }
        Outcome::Fail(e) => {
            tracing::error!(target: "job", job = %job.id, kind = %job.kind, attempt = job.attempts, ms, outcome = "failed", error = %e, "job given up")
        }
    }
    // Tests only: the job ran, its end is not written (a kill here makes another instance run it again).
    points::reach(
        state.settings.fault_points.as_ref(),
        points::JOB_BEFORE_FINISH,
    )
    .await;
    match state.store.finish_job(&job.id, owner, &finish).await {
        Ok(true) => {}
        Ok(false) => {
            tracing::warn!(target: "job", job = %job.id, "job lease was lost before it finished")
        }
        Err(e) => {
            tracing::error!(target: "job", job = %job.id, error = %e, "finishing a job failed")
        }
    }
}

/// Claims the jobs due now for `owner` and runs them (concurrently);
/// answers how many ran.
pub async fn run_due(state: &AppState, owner: &str) -> usize {
    let jobs = match state
        .store
        .claim_jobs(owner, now_ms(), state.settings.jobs.lease_ms, BATCH)
        .await
    {
        Ok(j) => j,
        Err(e) => {
            tracing::error!(target: "job", error = %e, "claiming jobs failed");
            return 0;
        }
    };
    let n = jobs.len();
    let runs = jobs.into_iter().map(|j| run_one(state, owner, j));
    futures_join(runs).await;
    n
}

async fn futures_join<F: std::future::Future<Output = ()>>(runs: impl Iterator<Item = F>) {
    let mut set = Vec::new();
    for r in runs {
        set.push(r);
    }
    // A handful per round: joining in place keeps borrows simple.
    for r in set {
        r.await;
    }
}

/// Runs jobs until none is due (tests: drive the queue to rest).
pub async fn drain(state: &AppState, owner: &str) -> usize {
    let mut total = 0;
    for _ in 0..1000 {
        let n = run_due(state, owner).await;
        if n == 0 {
            break;
        }
        total += n;
    }
    total
}

/// The runner of one instance: polls for due jobs until stopped.
pub struct Runner {
    stop: tokio::sync::watch::Sender<bool>,
    task: tokio::task::JoinHandle<()>,
}

impl Runner {
    /// Starts the runner of this instance.
    pub fn spawn(state: AppState) -> Runner {
        let (stop, mut stopped) = tokio::sync::watch::channel(false);
        let owner = format!("instance-{}", crate::ids::random_hex(8));
        let task = tokio::spawn(async move {
            tracing::info!(target: "job", owner = %owner, "job runner started");
            let mut next_maintenance = 0i64;
            while !*stopped.borrow() {
                if now_ms() >= next_maintenance {
                    maintenance::tick(&state).await;
                    next_maintenance = now_ms() + 60_000;
                }
                if run_due(&state, &owner).await == 0 {
                    let poll = Duration::from_millis(state.settings.jobs.poll_ms);
                    tokio::select! {
                        _ = tokio::time::sleep(poll) => {}
                        _ = stopped.changed() => {}
                    }
                }
            }
            match state.store.release_jobs(&owner).await {
                Ok(n) => {
                    tracing::info!(target: "job", owner = %owner, released = n, "job runner stopped")
                }
                Err(e) => tracing::error!(target: "job", error = %e, "releasing job leases failed"),
            }
        });
        Runner { stop, task }
    }

    /// Stops claiming, lets running jobs finish, releases this instance's leases.
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        let _ = self.task.await;
    }
}
