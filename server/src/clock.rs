//! Wall-clock time in the API's format: RFC 3339 UTC with whole seconds.

use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// Now, in UTC, truncated to whole seconds (what the API shows and stores).
pub fn now() -> OffsetDateTime {
    let t = OffsetDateTime::now_utc();
    t.replace_nanosecond(0).unwrap_or(t)
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
