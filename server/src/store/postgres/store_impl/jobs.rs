//! `impl JobStore for PgStore`.

use super::super::{jobs, PgStore};
use crate::store::{JobBacklog, JobFinish, JobRecord, JobStore, JobsRetrying, NewJob, StoreResult};
use async_trait::async_trait;

#[async_trait]
impl JobStore for PgStore {
    async fn enqueue_jobs(&self, jobs: &[NewJob]) -> StoreResult<()> {
        jobs::enqueue(&self.pool, jobs).await
    }

    async fn claim_jobs(
        &self,
        owner: &str,
        now_ms: i64,
        lease_ms: i64,
        limit: u32,
    ) -> StoreResult<Vec<JobRecord>> {
        jobs::claim(&self.pool, owner, now_ms, lease_ms, limit).await
    }

    async fn finish_job(&self, id: &str, owner: &str, finish: &JobFinish) -> StoreResult<bool> {
        jobs::finish(&self.pool, id, owner, finish).await
    }

    async fn release_jobs(&self, owner: &str) -> StoreResult<u64> {
        jobs::release(&self.pool, owner).await
    }

    async fn prune_jobs(
        &self,
        done_before_ms: i64,
        failed_before_ms: i64,
        limit: u32,
    ) -> StoreResult<u64> {
        jobs::prune(&self.pool, (done_before_ms, failed_before_ms), limit).await
    }

    async fn job_counts(&self) -> StoreResult<Vec<(String, u64)>> {
        jobs::counts(&self.pool).await
    }

    async fn job_backlog(&self, now_ms: i64) -> StoreResult<Vec<JobBacklog>> {
        jobs::backlog(&self.pool, now_ms).await
    }

    async fn jobs_retrying(&self) -> StoreResult<Vec<JobsRetrying>> {
        jobs::retrying(&self.pool).await
    }
}
