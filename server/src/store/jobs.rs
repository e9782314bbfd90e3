//! Jobs: the durable queue with leases that every instance works from.

use super::{JobBacklog, JobFinish, JobRecord, JobsRetrying, NewJob, StoreResult};
use async_trait::async_trait;

/// The durable job queue: enqueue, lease-based claims, finishing, counts and backlog.
#[async_trait]
pub trait JobStore: Send + Sync {
    /// Enqueues jobs; one whose `dedupe_key` is already queued is skipped.
    async fn enqueue_jobs(&self, jobs: &[NewJob]) -> StoreResult<()>;
    /// Atomically claims up to `limit` due jobs for `owner` until
    /// `now_ms + lease_ms`: queued ones whose time has come and running ones
    /// whose lease ran out (their instance died). A claimed job is run by
    /// its owner only; no two owners hold one job's lease at once.
    async fn claim_jobs(
        &self,
        owner: &str,
        now_ms: i64,
        lease_ms: i64,
        limit: u32,
    ) -> StoreResult<Vec<JobRecord>>;
    /// Ends `owner`'s run of job `id`; `false` when the lease was lost.
    async fn finish_job(&self, id: &str, owner: &str, finish: &JobFinish) -> StoreResult<bool>;
    /// Gives back `owner`'s unfinished leases (shutdown), so another instance
    /// runs them at once.
    async fn release_jobs(&self, owner: &str) -> StoreResult<u64>;
    /// Deletes at most `limit` jobs that ran to their end (`done`) before
    /// `done_before_ms` or gave up (`failed`) before `failed_before_ms`;
    /// queued and running jobs stay. Answers how many were deleted.
    async fn prune_jobs(
        &self,
        done_before_ms: i64,
        failed_before_ms: i64,
        limit: u32,
    ) -> StoreResult<u64>;
    /// Counts jobs by state (`queued`, `running`, `done`, `failed`).
    async fn job_counts(&self) -> StoreResult<Vec<(String, u64)>>;
    /// The queued jobs due at `now_ms`, by kind, with the oldest one's due
    /// time: the backlog and its age (notifications are jobs too).
    async fn job_backlog(&self, now_ms: i64) -> StoreResult<Vec<JobBacklog>>;
    /// The queued jobs that failed at least once (due or waiting out their
    /// backoff), by kind, with the oldest one's creation time: work that
    /// keeps failing, which [`Self::job_backlog`] does not see while each
    /// retry is scheduled in the future.
    async fn jobs_retrying(&self) -> StoreResult<Vec<JobsRetrying>>;
}
