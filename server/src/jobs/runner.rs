//! The runner of one instance: keeps up to [`SLOTS`] jobs running, claims
//! more as slots free up (not once a whole batch has ended, so one slow job
//! holds one slot, never the jobs behind it), runs maintenance once a
//! minute, and on stop lets its running jobs finish and gives back its leases.

use super::{maintenance, start, SLOTS};
use crate::clock::now_ms;
use crate::state::AppState;
use std::collections::HashMap;
use std::time::Duration;
use tokio::task::{Id, JoinError, JoinSet};

/// The runner of one instance: polls for due jobs until stopped.
pub struct Runner {
    stop: tokio::sync::watch::Sender<bool>,
    task: tokio::task::JoinHandle<()>,
}

/// Logs a run that ended by panicking (its job stays leased until the lease
/// runs out or the runner stops, then runs again) and forgets its task.
fn ended(done: Result<(Id, ()), JoinError>, ids: &mut HashMap<Id, String>) {
    match done {
        Ok((id, ())) => {
            ids.remove(&id);
        }
        Err(e) => {
            let job = ids.remove(&e.id()).unwrap_or_default();
            tracing::error!(target: "job", job = %job, error = %e, "a job's run panicked; it runs again later");
        }
    }
}

impl Runner {
    /// Starts the runner of this instance.
    pub fn spawn(state: AppState) -> Runner {
        let (stop, mut stopped) = tokio::sync::watch::channel(false);
        let owner = format!("instance-{}", crate::ids::random_hex(8));
        let task = tokio::spawn(async move {
            tracing::info!(target: "job", owner = %owner, "job runner started");
            let poll = Duration::from_millis(state.settings.jobs.poll_ms);
            let mut running = JoinSet::new();
            let mut ids = HashMap::new();
            let mut next_maintenance = 0i64;
            while !*stopped.borrow() {
                if now_ms() >= next_maintenance {
                    maintenance::tick(&state).await;
                    next_maintenance = now_ms() + 60_000;
                }
                while let Some(done) = running.try_join_next_with_id() {
                    ended(done, &mut ids);
                }
                let free = SLOTS - running.len();
                // Fewer due than free slots: nothing more to claim until the next poll.
                let idle =
                    free > 0 && start(&state, &owner, free, &mut running, &mut ids).await < free;
                // Wake when a run ends (its slot takes the next due job at once, and the
                // jobs it queued, such as a dispatch's deliveries, run without waiting
                // for the poll), at the poll time when idle, or on stop.
                tokio::select! {
                    Some(done) = running.join_next_with_id(), if !running.is_empty() => {
                        ended(done, &mut ids);
                    }
                    _ = tokio::time::sleep(poll), if idle => {}
                    changed = stopped.changed() => {
                        // The Runner was dropped without stop(): stop as well.
                        if changed.is_err() {
                            break;
                        }
                    }
                }
            }
            // Stopped: claim nothing more, let the running jobs end (each within its run limit).
            while let Some(done) = running.join_next_with_id().await {
                ended(done, &mut ids);
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
