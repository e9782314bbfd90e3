//! `impl JobStore for SqliteStore`.

use super::super::{jobs, SqliteStore};
use crate::store::{JobBacklog, JobFinish, JobRecord, JobStore, JobsRetrying, NewJob, StoreResult};
use async_trait::async_trait;

#[async_trait]
impl JobStore for SqliteStore {
    async fn enqueue_jobs(&self, jobs: &[NewJob]) -> StoreResult<()> {
        let jobs = jobs.to_vec();
        self.run(move |c| jobs::enqueue(c, &jobs)).await
    }

    async fn claim_jobs(
        &self,
        owner: &str,
        now_ms: i64,
        lease_ms: i64,
        limit: u32,
    ) -> StoreResult<Vec<JobRecord>> {
        let owner = owner.to_string();
        self.run(move |c| jobs::claim(c, &owner, now_ms, lease_ms, limit))
            .await
    }

    async fn finish_job(&self, id: &str, owner: &str, finish: &JobFinish) -> StoreResult<bool> {
        let (id, owner, f) = (id.to_string(), owner.to_string(), finish.clone());
        self.run(move |c| jobs::finish(c, &id, &owner, &f)).await
    }

    async fn release_jobs(&self, owner: &str) -> StoreResult<u64> {
        let owner = owner.to_string();
        self.run(move |c| jobs::release(c, &owner)).await
    }

    async fn prune_jobs(
        &self,
        done_before_ms: i64,
        failed_before_ms: i64,
        limit: u32,
    ) -> StoreResult<u64> {
        self.run(move |c| jobs::prune(c, (done_before_ms, failed_before_ms), limit))
            .await
    }

    async fn job_counts(&self) -> StoreResult<Vec<(String, u64)>> {
        self.run(jobs::counts).await
    }

    async fn job_backlog(&self, now_ms: i64) -> StoreResult<Vec<JobBacklog>> {
        self.run(move |c| jobs::backlog(c, now_ms)).await
    }

    async fn jobs_retrying(&self) -> StoreResult<Vec<JobsRetrying>> {
        self.run(jobs::retrying).await
    }
}
