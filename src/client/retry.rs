//! Retry schedule: exponential backoff with full jitter, capped.

/// Delay before retry number `attempt` (1-based), in milliseconds, given a
/// random number in `[0, 1)`: uniformly drawn from `[base/2, base]` where
/// `base = min(cap, first × 2^(attempt-1))`.
pub fn backoff_ms(attempt: u32, first_ms: u32, cap_ms: u32, random: f64) -> u32 {
    let exp = first_ms.saturating_mul(1u32 << attempt.saturating_sub(1).min(16));
    let base = exp.min(cap_ms);
    let half = base / 2;
    half + ((f64::from(base - half)) * random.clamp(0.0, 1.0)) as u32
}

#[cfg(test)]
mod tests {
    use super::backoff_ms;

    #[test]
    fn grows_then_caps_and_stays_in_range() {
        assert_eq!(backoff_ms(1, 200, 5000, 0.0), 100);
        assert_eq!(backoff_ms(1, 200, 5000, 0.999_999), 199);
        assert_eq!(backoff_ms(3, 200, 5000, 0.0), 400);
        assert_eq!(backoff_ms(10, 200, 5000, 0.0), 2500);
        for a in 1..20 {
            let d = backoff_ms(a, 200, 5000, 0.5);
            assert!(d <= 5000, "attempt {a}: {d}");
        }
    }
}
