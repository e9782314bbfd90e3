//! The job runner: durable work kept as rows in the store (Klarna's webhooks,
//! operations Klarna did not answer, notification deliveries, cancellations
//! of payment requests), claimed with a lease so that several instances on
//! one database never run one job at the same time, retried with
//! exponential backoff, and logged (`job` target: kind, attempt, outcome,
//! milliseconds) for metrics to pick up.
//!
//! A claimed job starts at once, as a task of its own beside the others, and
//! is cut off at [`JobSettings::run_limit`] counted from its claim, so it
//! always ends within its lease. Every instance runs one [`Runner`], which
//! keeps up to [`SLOTS`] jobs running and claims more as runs end; tests
//! drive [`run_due`] and [`drain`] directly.

use crate::clock::now_ms;
use crate::faults::points;
use crate::state::AppState;
use crate::store::{JobFinish, JobRecord};
use tokio::task::JoinSet;
use tokio::time::Instant;

pub mod deliver;
pub mod klarna_event;
pub mod maintenance;
pub mod outcome;
mod runner;
pub mod work;

pub use crate::settings::jobs::{JobSettings, LEASE_MS, RUN_LIMIT};
pub use outcome::Outcome;
pub use runner::Runner;

/// Jobs one instance runs at once. Each waits mostly on the network (Klarna,
/// a merchant's endpoint, up to 10 s), so one slow job takes one slot and
/// the rest go on; eight keep a PostgreSQL pool of 10 (the default
/// `CHECKOUT_DATABASE_MAX_CONNECTIONS`) open to requests when every job
/// touches the database at the same moment. More instances add more slots.
pub const SLOTS: usize = 8;

/// The delay before attempt `attempts + 1`: `base × 2^(attempts-1)`, at most `max`.
pub fn backoff_ms(s: &JobSettings, attempts: u32) -> i64 {
    let exp = attempts.saturating_sub(1).min(30);
    s.retry_base_ms
        .saturating_mul(1i64 << exp)
        .min(s.retry_max_ms)
}

/// Runs one claimed job until `deadline` (its claim + the run limit, inside
/// the lease) and writes its end.
async fn run_one(state: AppState, owner: String, job: JobRecord, deadline: Instant) {
    let started = std::time::Instant::now();
    let outcome = match tokio::time::timeout_at(deadline, work::run(&state, &job)).await {
        Ok(o) => o,
        Err(_) => Outcome::Retry(format!(
            "ran longer than its time limit ({} ms, 3/4 of CHECKOUT_JOB_LEASE_MS, at most 45 s)",
            state.settings.jobs.run_limit().as_millis()
        )),
    };
    let ms = started.elapsed().as_millis() as u64;
    let finish = match &outcome {
        Outcome::Done => JobFinish::Done,
        Outcome::Retry(e) => JobFinish::Retry {
            run_at_ms: now_ms() + backoff_ms(&state.settings.jobs, job.attempts),
            error: e.clone(),
        },
        Outcome::RetryIn { error, delay_ms } => JobFinish::Retry {
            run_at_ms: now_ms()
                + backoff_ms(&state.settings.jobs, job.attempts)
                    .max((*delay_ms).min(state.settings.jobs.retry_max_ms)),
            error: error.clone(),
        },
        Outcome::Fail(e) => JobFinish::Failed { error: e.clone() },
    };
    match &outcome {
        Outcome::Done => {
            tracing::info!(target: "job", job = %job.id, kind = %job.kind, attempt = job.attempts, ms, outcome = "done", "job finished")
        }
        Outcome::Retry(e) | Outcome::RetryIn { error: e, .. } => {
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
    match state.store.finish_job(&job.id, &owner, &finish).await {
        Ok(true) => {}
        Ok(false) => {
            tracing::warn!(target: "job", job = %job.id, "job lease was lost before it finished")
        }
        Err(e) => {
            tracing::error!(target: "job", job = %job.id, error = %e, "finishing a job failed")
        }
    }
}

/// Claims up to `free` due jobs for `owner` and starts each as a task in
/// `running` (the task's id maps to its job's id, for the log of a panic);
/// answers how many it claimed.
///
/// Only as many as can start now are claimed: a lease runs from its claim,
/// so a job claimed to wait for a slot would spend its lease waiting (the
/// defect this replaces: sixteen claimed at once and run one after another,
/// the last ones after their leases had run out).
async fn start(
    state: &AppState,
    owner: &str,
    free: usize,
    running: &mut JoinSet<()>,
    ids: &mut std::collections::HashMap<tokio::task::Id, String>,
) -> usize {
    // Taken before the claim, so the deadline is never later than the lease's end.
    let claimed_at = Instant::now();
    let lease_ms = state.settings.jobs.lease_ms;
    let limit = u32::try_from(free).unwrap_or(u32::MAX);
    let jobs = match state
        .store
        .claim_jobs(owner, now_ms(), lease_ms, limit)
        .await
    {
        Ok(j) => j,
        Err(e) => {
            tracing::error!(target: "job", error = %e, "claiming jobs failed");
            return 0;
        }
    };
    let deadline = claimed_at + state.settings.jobs.run_limit();
    let n = jobs.len();
    for job in jobs {
        let id = job.id.clone();
        let run = run_one(state.clone(), owner.to_string(), job, deadline);
        ids.insert(running.spawn(run).id(), id);
    }
    n
}

/// Claims up to [`SLOTS`] jobs due now for `owner`, runs them side by side
/// and waits for all of them; answers how many ran. A job's panic is raised
/// again here once the others have ended (tests see it).
pub async fn run_due(state: &AppState, owner: &str) -> usize {
    let (mut running, mut ids) = (JoinSet::new(), Default::default());
    let n = start(state, owner, SLOTS, &mut running, &mut ids).await;
    let mut panic = None;
    while let Some(done) = running.join_next().await {
        if let Err(e) = done {
            if e.is_panic() {
                panic.get_or_insert(e.into_panic());
            }
        }
    }
    if let Some(p) = panic {
        std::panic::resume_unwind(p);
    }
    n
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
