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
    /// Give up, with why.
    Fail(String),
}
