//! How a job's run ended. Its own file so that the work the runner calls
//! (lifecycle, onboarding, the webhook subscription) can answer with it
//! without importing the runner.

/// How a run ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Done.
    Done,
    /// Try again later (backoff), with what went wrong.
    Retry(String),
    /// Try again no sooner than `delay_ms` from now (what the other side
    /// asked for, e.g. Klarna's `Retry-After`), or after the backoff when
    /// that is longer.
    RetryIn {
        /// What went wrong.
        error: String,
        /// The delay asked for, milliseconds.
        delay_ms: i64,
    },
    /// Give up, with why.
    Fail(String),
}
