//! The job queue on PostgreSQL: due rows claimed with a lease by one
//! `UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED)`, so instances
//! claiming together never take the same job and never wait on each other;
//! a job is finished only by its lease's owner.

use crate::store::{JobBacklog, JobFinish, JobRecord, JobsRetrying, NewJob, StoreResult};
use sqlx::postgres::{PgConnection, PgPool};
use sqlx::Row;
use time::OffsetDateTime;

/// The process clock (the sandbox's test clock included), as the SQLite
/// store and the job runner read it: a job's times and the cut-offs they are
/// compared with come from one clock.
fn now_ms() -> i64 {
    crate::clock::now_ms()
}

/// Inserts `jobs` on `c`; a job whose `dedupe_key` is queued or running is
/// skipped (the partial unique index), as is a repeated id.
pub(super) async fn insert_jobs(c: &mut PgConnection, jobs: &[NewJob]) -> StoreResult<()> {
    let now = now_ms();
    for j in jobs {
        sqlx::query(
            "INSERT INTO jobs (id, kind, payload, status, run_at_ms, attempts, dedupe_key, created_at_ms, updated_at_ms)
             VALUES ($1, $2, $3, 'queued', $4, 0, $5, $6, $6)
             ON CONFLICT DO NOTHING",
        )
        .bind(&j.id)
        .bind(&j.kind)
        .bind(j.payload.to_string())
        .bind(j.run_at_ms)
        .bind(&j.dedupe_key)
        .bind(now)
        .execute(&mut *c)
        .await?;
    }
    Ok(())
}

pub(super) async fn enqueue(pool: &PgPool, jobs: &[NewJob]) -> StoreResult<()> {
    let mut tx = pool.begin().await?;
    insert_jobs(&mut tx, jobs).await?;
    tx.commit().await?;
    Ok(())
}

pub(super) async fn claim(
    pool: &PgPool,
    owner: &str,
    now: i64,
    lease_ms: i64,
    limit: u32,
) -> StoreResult<Vec<JobRecord>> {
    let rows = sqlx::query(
        "UPDATE jobs SET status = 'running', lease_owner = $1, lease_until_ms = $2 + $3,
                         attempts = attempts + 1, updated_at_ms = $2
         WHERE id IN (SELECT id FROM jobs
                      WHERE (status = 'queued' AND run_at_ms <= $2) OR (status = 'running' AND lease_until_ms <= $2)
                      ORDER BY run_at_ms LIMIT $4
                      FOR UPDATE SKIP LOCKED)
         RETURNING id, kind, payload, attempts, created_at_ms, run_at_ms",
    )
    .bind(owner)
    .bind(now)
    .bind(lease_ms)
    .bind(i64::from(limit))
    .fetch_all(pool)
    .await?;
    let mut out: Vec<(i64, JobRecord)> = Vec::with_capacity(rows.len());
    for r in rows {
        let payload: String = r.try_get(2)?;
        let attempts: i32 = r.try_get(3)?;
        out.push((
            r.try_get(5)?,
            JobRecord {
                id: r.try_get(0)?,
                kind: r.try_get(1)?,
                payload: serde_json::from_str(&payload).unwrap_or_default(),
                attempts: u32::try_from(attempts).unwrap_or(0),
                created_at_ms: r.try_get(4)?,
            },
        ));
    }
    // RETURNING has no order: oldest due first, as claimed.
    out.sort_by_key(|(run_at, _)| *run_at);
    Ok(out.into_iter().map(|(_, j)| j).collect())
}

pub(super) async fn finish(
    pool: &PgPool,
    id: &str,
    owner: &str,
    f: &JobFinish,
) -> StoreResult<bool> {
    let (status, run_at, error) = match f {
        JobFinish::Done => ("done", None, None),
        JobFinish::Retry { run_at_ms, error } => ("queued", Some(*run_at_ms), Some(error.as_str())),
        JobFinish::Failed { error } => ("failed", None, Some(error.as_str())),
    };
    let n = sqlx::query(
        "UPDATE jobs SET status = $1, run_at_ms = COALESCE($2, run_at_ms), last_error = COALESCE($3, last_error),
                         lease_owner = NULL, lease_until_ms = NULL, updated_at_ms = $4
         WHERE id = $5 AND lease_owner = $6 AND status = 'running'",
    )
    .bind(status)
    .bind(run_at)
    .bind(error)
    .bind(now_ms())
    .bind(id)
    .bind(owner)
    .execute(pool)
    .await?
    .rows_affected();
    Ok(n == 1)
}

pub(super) async fn release(pool: &PgPool, owner: &str) -> StoreResult<u64> {
    Ok(sqlx::query(
        "UPDATE jobs SET status = 'queued', lease_owner = NULL, lease_until_ms = NULL, updated_at_ms = $1
         WHERE lease_owner = $2 AND status = 'running'",
    )
    .bind(now_ms())
    .bind(owner)
    .execute(pool)
    .await?
    .rows_affected())
}

/// Deletes at most `limit` jobs done before the first cut-off or given up
/// before the second.
pub(super) async fn prune(
    pool: &PgPool,
    (done, failed): (i64, i64),
    limit: u32,
) -> StoreResult<u64> {
    Ok(sqlx::query(
        "DELETE FROM jobs WHERE id IN
           (SELECT id FROM jobs WHERE (status = 'done' AND updated_at_ms < $1)
              OR (status = 'failed' AND updated_at_ms < $2) LIMIT $3)",
    )
    .bind(done)
    .bind(failed)
    .bind(i64::from(limit))
    .execute(pool)
    .await?
    .rows_affected())
}

pub(super) async fn counts(pool: &PgPool) -> StoreResult<Vec<(String, u64)>> {
    let rows = sqlx::query("SELECT status, COUNT(*) FROM jobs GROUP BY status ORDER BY status")
        .fetch_all(pool)
        .await?;
    rows.iter()
        .map(|r| {
            let n: i64 = r.try_get(1)?;
            Ok((r.try_get(0)?, u64::try_from(n).unwrap_or(0)))
        })
        .collect()
}

/// Due queued jobs by kind with the oldest one's due time.
pub(super) async fn backlog(pool: &PgPool, now_ms: i64) -> StoreResult<Vec<JobBacklog>> {
    let rows = sqlx::query(
        "SELECT kind, COUNT(*), MIN(run_at_ms) FROM jobs WHERE status = 'queued' AND run_at_ms <= $1 GROUP BY kind ORDER BY kind",
    )
    .bind(now_ms)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            let n: i64 = r.try_get(1)?;
            Ok(JobBacklog {
                kind: r.try_get(0)?,
                due: u64::try_from(n).unwrap_or(0),
                oldest_run_at_ms: r.try_get(2)?,
            })
        })
        .collect()
}

/// Queued jobs that failed at least once, by kind, with the oldest's creation.
pub(super) async fn retrying(pool: &PgPool) -> StoreResult<Vec<JobsRetrying>> {
    let rows = sqlx::query(
        "SELECT kind, COUNT(*), MIN(created_at_ms) FROM jobs WHERE status = 'queued' AND attempts > 0 GROUP BY kind ORDER BY kind",
    )
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            let n: i64 = r.try_get(1)?;
            Ok(JobsRetrying {
                kind: r.try_get(0)?,
                retrying: u64::try_from(n).unwrap_or(0),
                oldest_created_at_ms: r.try_get(2)?,
            })
        })
        .collect()
}

pub(super) async fn accept_klarna_event(
    pool: &PgPool,
    event_id: &str,
    event_type: &str,
    job: &NewJob,
    at: OffsetDateTime,
) -> StoreResult<bool> {
    let mut tx = pool.begin().await?;
    let n = sqlx::query(
        "INSERT INTO webhook_events (event_id, event_type, received_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
    )
    .bind(event_id)
    .bind(event_type)
    .bind(at)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if n != 1 {
        return Ok(false);
    }
    insert_jobs(&mut tx, std::slice::from_ref(job)).await?;
    tx.commit().await?;
    Ok(true)
}
