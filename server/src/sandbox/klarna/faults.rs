//! Faults of the sandbox's Klarna (`KLARNA_SANDBOX_FAULTS`, tests only):
//! a share of the calls on transactions and payment requests fail, either
//! before Klarna did anything (`5xx`) or after it did and the answer was lost
//! (`lost`), so tests prove that a retry with the same
//! `Klarna-Idempotency-Key` never does anything twice. `latency_ms` makes
//! every authorization, confirmation and transaction call take that long
//! while Klarna works (after the call is on record, before its answer), as
//! Klarna's own calls do: a client that hangs up or retries meanwhile meets
//! a call in the middle (`tests/e2e-faults`). Accepted only with
//! `CHECKOUT_ALLOW_FAULTS=yes-this-is-a-test` in sandbox mode.

use std::time::Duration;

/// Longest `latency_ms` accepted.
pub const MAX_LATENCY_MS: u64 = 10_000;

/// When a sandbox call fails.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SandboxFaults {
    /// Share of calls that fail, 0 to 1.
    pub rate: f64,
    /// Whether `5xx` (nothing done) is among the kinds.
    pub before: bool,
    /// Whether `lost` (done, answer lost) is among the kinds.
    pub after: bool,
    /// How long each call takes while Klarna works on it.
    pub latency: Duration,
}

/// What happens to one call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FaultDraw {
    /// Nothing: the call runs.
    Pass,
    /// Fail before doing anything.
    Before,
    /// Do it, then fail.
    After,
}

impl SandboxFaults {
    /// Parses `rate=<0..1>[,kinds=5xx+lost][,latency_ms=<0..10000>]`; the
    /// error names what was expected.
    pub fn parse(v: &str) -> Result<SandboxFaults, String> {
        let mut rate = None;
        let mut latency = Duration::ZERO;
        let (mut before, mut after) = (true, true);
        for part in v.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            match part.split_once('=') {
                Some(("rate", r)) => {
                    rate = r.parse::<f64>().ok().filter(|r| (0.0..=1.0).contains(r));
                    if rate.is_none() {
                        return Err(format!("expected rate between 0 and 1, got {r:?}"));
                    }
                }
                Some(("kinds", k)) => {
                    let kinds: Vec<&str> = k.split('+').collect();
                    if kinds.is_empty() || kinds.iter().any(|k| !matches!(*k, "5xx" | "lost")) {
                        return Err(format!(
                            "expected kinds joined by + from 5xx, lost; got {k:?}"
                        ));
                    }
                    before = kinds.contains(&"5xx");
                    after = kinds.contains(&"lost");
                }
                Some(("latency_ms", ms)) => {
                    let ms = ms.parse::<u64>().ok().filter(|ms| *ms <= MAX_LATENCY_MS);
                    let Some(ms) = ms else {
                        return Err(format!(
                            "expected latency_ms from 0 to {MAX_LATENCY_MS}, got {part:?}"
                        ));
                    };
                    latency = Duration::from_millis(ms);
                }
                _ => {
                    return Err(format!(
                        "expected rate=<0..1>[,kinds=5xx+lost][,latency_ms=<0..{MAX_LATENCY_MS}>], got {part:?}"
                    ))
                }
            }
        }
        let rate = rate.ok_or("expected rate=<0..1>")?;
        Ok(SandboxFaults {
            rate,
            before,
            after,
            latency,
        })
    }

    /// Decides one call from two uniform numbers in `[0, 1)`.
    pub fn draw_with(&self, draw: f64, half: f64) -> FaultDraw {
        if draw >= self.rate {
            return FaultDraw::Pass;
        }
        match (self.before, self.after) {
            (true, true) if half < 0.5 => FaultDraw::Before,
            (true, true) | (false, true) => FaultDraw::After,
            (true, false) => FaultDraw::Before,
            (false, false) => FaultDraw::Pass,
        }
    }

    /// Waits the configured latency (Klarna at work on a call).
    pub async fn work(faults: Option<&SandboxFaults>) {
        if let Some(f) = faults.filter(|f| !f.latency.is_zero()) {
            tokio::time::sleep(f.latency).await;
        }
    }

    /// Decides one call with the OS RNG.
    pub fn draw(&self) -> FaultDraw {
        self.draw_with(uniform(), uniform())
    }
}

fn uniform() -> f64 {
    let mut b = [0u8; 8];
    if getrandom::fill(&mut b).is_err() {
        return 1.0;
    }
    (u64::from_le_bytes(b) >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_draws() {
        let f = SandboxFaults::parse("rate=0.3,kinds=5xx+lost").unwrap();
        assert_eq!(f.draw_with(0.3, 0.0), FaultDraw::Pass);
        assert_eq!(f.draw_with(0.1, 0.2), FaultDraw::Before);
        assert_eq!(f.draw_with(0.1, 0.7), FaultDraw::After);
        let lost = SandboxFaults::parse("rate=1,kinds=lost").unwrap();
        assert_eq!(lost.draw_with(0.5, 0.1), FaultDraw::After);
        assert_eq!(f.latency, Duration::ZERO);
        let slow = SandboxFaults::parse("rate=0,latency_ms=300").unwrap();
        assert_eq!(slow.latency, Duration::from_millis(300));
        assert_eq!(slow.draw_with(0.0, 0.0), FaultDraw::Pass);
        for bad in [
            "",
            "rate=2",
            "rate=0.1,kinds=drop",
            "x=1",
            "rate=0,latency_ms=10001",
            "rate=0,latency_ms=-1",
            "rate=0,latency_ms=fast",
        ] {
            assert!(SandboxFaults::parse(bad).is_err(), "{bad}");
        }
    }
}
