//! The job queue: rows claimed with a lease inside an immediate transaction
//! (PostgreSQL: `UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED)`),
//! finished only by the lease's owner.

use crate::clock;
use crate::store::{JobBacklog, JobFinish, JobRecord, JobsRetrying, NewJob, StoreResult};
use rusqlite::{params, Connection, Transaction, TransactionBehavior};
use time::OffsetDateTime;

fn now_ms() -> i64 {
    clock::now_ms()
}

/// Inserts `jobs` inside `tx`; a job whose `dedupe_key` is queued or running is skipped.
pub(super) fn insert_jobs(tx: &Transaction<'_>, jobs: &[NewJob]) -> StoreResult<()> {
    let now = now_ms();
    for j in jobs {
        tx.execute(
            "INSERT INTO jobs (id, kind, payload, status, run_at_ms, attempts, dedupe_key, created_at_ms, updated_at_ms)
             VALUES (?1, ?2, ?3, 'queued', ?4, 0, ?5, ?6, ?6)
             ON CONFLICT DO NOTHING",
            params![j.id, j.kind, j.payload.to_string(), j.run_at_ms, j.dedupe_key, now],
        )?;
    }
    Ok(())
}

pub(super) fn enqueue(c: &mut Connection, jobs: &[NewJob]) -> StoreResult<()> {
    let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
    insert_jobs(&tx, jobs)?;
    tx.commit()?;
    Ok(())
}

pub(super) fn claim(
    c: &mut Connection,
    owner: &str,
    now: i64,
    lease_ms: i64,
    limit: u32,
) -> StoreResult<Vec<JobRecord>> {
    let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let due: Vec<(String, String, String, u32, i64)> = {
        let mut stmt = tx.prepare(
            "SELECT id, kind, payload, attempts, created_at_ms FROM jobs
             WHERE (status = 'queued' AND run_at_ms <= ?1) OR (status = 'running' AND lease_until_ms <= ?1)
             ORDER BY run_at_ms LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![now, limit], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?;
        rows.collect::<Result<_, _>>()?
    };
    let mut out = Vec::new();
    for (id, kind, payload, attempts, created) in due {
        tx.execute(
            "UPDATE jobs SET status = 'running', lease_owner = ?1, lease_until_ms = ?2, attempts = attempts + 1,
                             updated_at_ms = ?3 WHERE id = ?4",
            params![owner, now + lease_ms, now, id],
        )?;
        out.push(JobRecord {
            id,
            kind,
            payload: serde_json::from_str(&payload).unwrap_or_default(),
            attempts: attempts + 1,
            created_at_ms: created,
        });
    }
    tx.commit()?;
    Ok(out)
}

pub(super) fn finish(
    c: &mut Connection,
    id: &str,
    owner: &str,
    f: &JobFinish,
) -> StoreResult<bool> {
    let now = now_ms();
    let (status, run_at, error) = match f {
        JobFinish::Done => ("done", None, None),
        JobFinish::Retry { run_at_ms, error } => ("queued", Some(*run_at_ms), Some(error.as_str())),
        JobFinish::Failed { error } => ("failed", None, Some(error.as_str())),
    };
    let n = c.execute(
        "UPDATE jobs SET status = ?1, run_at_ms = COALESCE(?2, run_at_ms), last_error = COALESCE(?3, last_error),
                         lease_owner = NULL, lease_until_ms = NULL, updated_at_ms = ?4
         WHERE id = ?5 AND lease_owner = ?6 AND status = 'running'",
        params![status, run_at, error, now, id, owner],
    )?;
    Ok(n == 1)
}

pub(super) fn release(c: &mut Connection, owner: &str) -> StoreResult<u64> {
    let n = c.execute(
        "UPDATE jobs SET status = 'queued', lease_owner = NULL, lease_until_ms = NULL, updated_at_ms = ?1
         WHERE lease_owner = ?2 AND status = 'running'",
        params![now_ms(), owner],
    )?;
    Ok(n as u64)
}

/// Deletes at most `limit` jobs done before the first cut-off or given up
/// before the second.
pub(super) fn prune(
    c: &mut Connection,
    (done, failed): (i64, i64),
    limit: u32,
) -> StoreResult<u64> {
    let n = c.execute(
        "DELETE FROM jobs WHERE id IN
           (SELECT id FROM jobs WHERE (status = 'done' AND updated_at_ms < ?1)
              OR (status = 'failed' AND updated_at_ms < ?2) LIMIT ?3)",
        params![done, failed, limit],
    )?;
    Ok(n as u64)
}

pub(super) fn counts(c: &mut Connection) -> StoreResult<Vec<(String, u64)>> {
    let mut stmt =
        c.prepare("SELECT status, COUNT(*) FROM jobs GROUP BY status ORDER BY status")?;
    let rows = stmt.query_map([], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as u64))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Due queued jobs by kind with the oldest one's due time.
pub(super) fn backlog(c: &mut Connection, now_ms: i64) -> StoreResult<Vec<JobBacklog>> {
    let mut stmt = c.prepare(
        "SELECT kind, COUNT(*), MIN(run_at_ms) FROM jobs WHERE status = 'queued' AND run_at_ms <= ?1 GROUP BY kind ORDER BY kind",
    )?;
    let rows = stmt.query_map(params![now_ms], |r| {
        Ok(JobBacklog {
            kind: r.get(0)?,
            due: r.get::<_, i64>(1)? as u64,
            oldest_run_at_ms: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Queued jobs that failed at least once, by kind, with the oldest's creation.
pub(super) fn retrying(c: &mut Connection) -> StoreResult<Vec<JobsRetrying>> {
    let mut stmt = c.prepare(
        "SELECT kind, COUNT(*), MIN(created_at_ms) FROM jobs WHERE status = 'queued' AND attempts > 0 GROUP BY kind ORDER BY kind",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(JobsRetrying {
            kind: r.get(0)?,
            retrying: r.get::<_, i64>(1)? as u64,
            oldest_created_at_ms: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub(super) fn accept_klarna_event(
    c: &mut Connection,
    event_id: &str,
    event_type: &str,
    job: &NewJob,
    at: OffsetDateTime,
) -> StoreResult<bool> {
    let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let n = tx.execute(
        "INSERT INTO webhook_events (event_id, event_type, received_at) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
        params![event_id, event_type, clock::format(at)],
    )?;
    if n != 1 {
        return Ok(false);
    }
    insert_jobs(&tx, std::slice::from_ref(job))?;
    tx.commit()?;
    Ok(true)
}
