//! Time for every rule of the server, in the API's format (RFC 3339 UTC with
//! whole seconds), and the sandbox's test clock.
//!
//! Every time rule (session and payment-request life, the 60-minute window
//! of a final authorization, idempotency-key retention, retries of jobs and
//! notifications over days, authorization expiry) reads [`now`] or
//! [`now_ms`]. In sandbox mode `POST /sandbox/clock` moves this clock
//! forward ([`advance`]), so tests prove those rules without sleeping. The
//! offset belongs to the process (a test clock for one instance; production
//! never moves it: the route exists only in sandbox mode).

use std::sync::atomic::{AtomicI64, Ordering};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// How far the test clock runs ahead of the real one, in milliseconds.
static OFFSET_MS: AtomicI64 = AtomicI64::new(0);

/// The longest the test clock may run ahead: a little over a year.
pub const MAX_OFFSET_MS: i64 = 400 * 86_400_000;

/// Now (test clock included), in UTC, truncated to whole seconds (what the
/// API shows and stores).
pub fn now() -> OffsetDateTime {
    let t =
        OffsetDateTime::now_utc() + time::Duration::milliseconds(OFFSET_MS.load(Ordering::Relaxed));
    t.replace_nanosecond(0).unwrap_or(t)
}

/// Unix seconds of the real clock, never the test clock: the `t` of
/// `Checkout-Signature`, which a merchant's receiver compares with its own
/// clock to refuse replays (a delivery signed at test-clock time would look
/// stale, or from the future, to every real receiver).
pub fn wall_unix() -> i64 {
    OffsetDateTime::now_utc().unix_timestamp()
}

/// Unix milliseconds now (test clock included).
pub fn now_ms() -> i64 {
    (OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000) as i64
        + OFFSET_MS.load(Ordering::Relaxed)
}

/// Moves the test clock forward by `ms`; answers the new offset, or `None`
/// when it would pass [`MAX_OFFSET_MS`] or go backwards. Sandbox only.
pub fn advance(ms: i64) -> Option<i64> {
    OFFSET_MS
        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |o| {
            let next = o.checked_add(ms)?;
            (ms >= 0 && next <= MAX_OFFSET_MS).then_some(next)
        })
        .ok()
        .map(|o| o + ms)
}

/// Sets the test clock back to real time.
pub fn reset() {
    OFFSET_MS.store(0, Ordering::SeqCst);
}

/// How far the test clock runs ahead, in milliseconds.
pub fn offset_ms() -> i64 {
    OFFSET_MS.load(Ordering::Relaxed)
}

/// Formats a time as RFC 3339 UTC, e.g. `2026-11-23T10:00:00Z`.
pub fn format(t: OffsetDateTime) -> String {
    t.to_offset(time::UtcOffset::UTC)
        .format(&Rfc3339)
        .unwrap_or_else(|_| t.unix_timestamp().to_string())
}

/// Parses an RFC 3339 time.
pub fn parse(s: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(s, &Rfc3339).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_whole_seconds() {
        let t = now();
        let s = format(t);
        assert!(s.ends_with('Z'), "{s}");
        assert_eq!(parse(&s), Some(t));
        assert_eq!(
            parse("2026-11-23T10:00:00Z").map(format).as_deref(),
            Some("2026-11-23T10:00:00Z")
        );
        assert!(parse("yesterday").is_none());
    }
}
