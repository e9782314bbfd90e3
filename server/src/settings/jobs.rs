//! Settings of the job runner (`CHECKOUT_JOB_*`, `docs/http-api.md`); the
//! runner is [`crate::jobs`].

use std::time::Duration;

/// How long a claim holds a job by default; a job's run is cut off well before.
pub const LEASE_MS: i64 = 60_000;
/// The longest a job's run may take, whatever the lease (see [`JobSettings::run_limit`]).
pub const RUN_LIMIT: Duration = Duration::from_secs(45);

/// How the job runner polls and retries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobSettings {
    /// First retry delay (`CHECKOUT_JOB_RETRY_BASE_MS`, default 10000); doubles per attempt.
    pub retry_base_ms: i64,
    /// Longest retry delay (`CHECKOUT_JOB_RETRY_MAX_MS`, default 3600000).
    pub retry_max_ms: i64,
    /// Pause between polls when nothing is due (`CHECKOUT_JOB_POLL_MS`, default 500).
    pub poll_ms: u64,
    /// How long notifications are retried (`CHECKOUT_NOTIFICATION_RETRY_HOURS`, default 72).
    pub notification_retry_hours: i64,
    /// How long `Idempotency-Key`s are kept (`CHECKOUT_IDEMPOTENCY_HOURS`, default 24, at least 24).
    pub idempotency_hours: i64,
    /// How long a claimed job is its instance's (`CHECKOUT_JOB_LEASE_MS`, default 60000, 1000–3600000):
    /// a job whose instance died is claimed again after this. A run is cut off at
    /// [`JobSettings::run_limit`], three quarters of it, so a live instance never loses a lease.
    pub lease_ms: i64,
    /// How long finished sessions keep the shopper's personal data
    /// (`CHECKOUT_PERSONAL_DATA_DAYS`, default 90, 0–3650; 0: erased at the
    /// first maintenance round after the session finished).
    pub personal_data_days: i64,
    /// How long a job that gave up (`failed`) is kept for a look at what
    /// went wrong (`CHECKOUT_FAILED_JOBS_DAYS`, default 30, 1–3650); then the
    /// maintenance round deletes it, with the Klarna envelope a webhook's job
    /// holds (it can name the shopper).
    pub failed_jobs_days: i64,
}

impl Default for JobSettings {
    fn default() -> Self {
        JobSettings {
            retry_base_ms: 10_000,
            retry_max_ms: 3_600_000,
            poll_ms: 500,
            notification_retry_hours: 72,
            idempotency_hours: 24,
            lease_ms: LEASE_MS,
            personal_data_days: 90,
            failed_jobs_days: 30,
        }
    }
}

fn number(
    get: &dyn Fn(&str) -> Option<String>,
    var: &'static str,
    default: i64,
    range: std::ops::RangeInclusive<i64>,
) -> Result<i64, (&'static str, String)> {
    match get(var) {
        None => Ok(default),
        Some(v) => v
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|n| range.contains(n))
            .ok_or((
                var,
                format!(
                    "expected a whole number from {} to {}, got {v:?}",
                    range.start(),
                    range.end()
                ),
            )),
    }
}

impl JobSettings {
    /// How long one run may take, counted from its claim: three quarters of the
    /// lease, at most [`RUN_LIMIT`] (45 s: the default 60 s lease gives exactly that).
    ///
    /// Derived rather than fixed because `CHECKOUT_JOB_LEASE_MS` may be as short
    /// as 1 s: a fixed 45 s limit let a run outlive its lease, and another
    /// instance claimed the job and ran it a second time. Counted from the claim
    /// (the lease's start), the cut-off leaves a quarter of the lease (250 ms
    /// at the shortest) to write the run's end. A short lease therefore cuts
    /// slow work short (a notification endpoint or Klarna taking longer is
    /// retried later); it never runs a job twice at once.
    pub fn run_limit(&self) -> Duration {
        let ms = u64::try_from(self.lease_ms.max(0)).unwrap_or(0) / 4 * 3;
        Duration::from_millis(ms).min(RUN_LIMIT)
    }

    /// Reads the settings; an error names the variable and what was expected.
    pub fn from_env(
        get: &dyn Fn(&str) -> Option<String>,
    ) -> Result<JobSettings, (&'static str, String)> {
        let d = JobSettings::default();
        let retry_base_ms = number(
            get,
            "CHECKOUT_JOB_RETRY_BASE_MS",
            d.retry_base_ms,
            50..=3_600_000,
        )?;
        Ok(JobSettings {
            retry_base_ms,
            retry_max_ms: number(
                get,
                "CHECKOUT_JOB_RETRY_MAX_MS",
                d.retry_max_ms,
                retry_base_ms..=86_400_000,
            )?,
            poll_ms: number(get, "CHECKOUT_JOB_POLL_MS", d.poll_ms as i64, 10..=60_000)? as u64,
            lease_ms: number(get, "CHECKOUT_JOB_LEASE_MS", d.lease_ms, 1_000..=3_600_000)?,
            notification_retry_hours: number(
                get,
                "CHECKOUT_NOTIFICATION_RETRY_HOURS",
                72,
                1..=720,
            )?,
            idempotency_hours: number(get, "CHECKOUT_IDEMPOTENCY_HOURS", 24, 24..=720)?,
            personal_data_days: number(get, "CHECKOUT_PERSONAL_DATA_DAYS", 90, 0..=3650)?,
            failed_jobs_days: number(get, "CHECKOUT_FAILED_JOBS_DAYS", 30, 1..=3650)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_errors() {
        assert_eq!(JobSettings::from_env(&|_| None), Ok(JobSettings::default()));
        let bad =
            JobSettings::from_env(&|k| (k == "CHECKOUT_IDEMPOTENCY_HOURS").then(|| "2".into()));
        assert_eq!(bad.unwrap_err().0, "CHECKOUT_IDEMPOTENCY_HOURS");
        let fast =
            JobSettings::from_env(&|k| (k == "CHECKOUT_JOB_RETRY_BASE_MS").then(|| "100".into()))
                .unwrap();
        assert_eq!(fast.retry_base_ms, 100);
        for bad in ["-1", "3651", "ninety", "1.5"] {
            let e = JobSettings::from_env(&|k| {
                (k == "CHECKOUT_PERSONAL_DATA_DAYS").then(|| bad.to_string())
            });
            assert_eq!(e.unwrap_err().0, "CHECKOUT_PERSONAL_DATA_DAYS", "{bad}");
        }
        let days =
            JobSettings::from_env(&|k| (k == "CHECKOUT_PERSONAL_DATA_DAYS").then(|| "0".into()));
        assert_eq!(days.unwrap().personal_data_days, 0);
        for bad in ["0", "3651", "thirty"] {
            let e = JobSettings::from_env(&|k| {
                (k == "CHECKOUT_FAILED_JOBS_DAYS").then(|| bad.to_string())
            });
            assert_eq!(e.unwrap_err().0, "CHECKOUT_FAILED_JOBS_DAYS", "{bad}");
        }
    }

    #[test]
    fn a_run_ends_within_its_lease_whatever_the_lease() {
        let limit = |lease: &str| {
            JobSettings::from_env(&|k| (k == "CHECKOUT_JOB_LEASE_MS").then(|| lease.into()))
                .unwrap()
                .run_limit()
        };
        assert_eq!(JobSettings::default().run_limit(), RUN_LIMIT);
        assert_eq!(limit("1000"), Duration::from_millis(750));
        assert_eq!(limit("15000"), Duration::from_millis(11_250));
        assert_eq!(limit("3600000"), RUN_LIMIT);
        for lease in [1_000i64, 1_001, 7_777, 59_999, 60_000, 3_600_000] {
            let run = limit(&lease.to_string()).as_millis() as i64;
            assert!(run <= lease * 3 / 4, "{lease}: {run}");
        }
    }
}
