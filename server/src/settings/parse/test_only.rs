//! Test-only settings (`CHECKOUT_FAULTS`, `CHECKOUT_FAULT_POINTS`), refused
//! unless the mode is sandbox and `CHECKOUT_ALLOW_FAULTS` allows them.

use super::SettingsError;
use crate::settings::{
    FaultKind, FaultPoints, FaultSettings, FaultTarget, KlarnaMode, ALLOW_FAULTS_VALUE,
};

/// Refuses a test-only setting unless the mode is sandbox and
/// `CHECKOUT_ALLOW_FAULTS` is exactly [`ALLOW_FAULTS_VALUE`].
fn tests_only(
    var: &'static str,
    allow: Option<String>,
    mode: KlarnaMode,
) -> Result<(), SettingsError> {
    if mode != KlarnaMode::Sandbox {
        return Err(SettingsError::invalid(
            var,
            format!(
                "fault injection is for tests only and refused with KLARNA_MODE={}; unset {var}",
                mode.as_str()
            ),
        ));
    }
    if allow.as_deref().map(str::trim) != Some(ALLOW_FAULTS_VALUE) {
        return Err(SettingsError::invalid(
            var,
            format!("fault injection is for tests only; it also needs CHECKOUT_ALLOW_FAULTS={ALLOW_FAULTS_VALUE}"),
        ));
    }
    Ok(())
}

/// `CHECKOUT_FAULT_POINTS`: named points where tests hold the server
/// ([`crate::faults::points`]); gated like `CHECKOUT_FAULTS`.
pub(in crate::settings) fn fault_points(
    v: Option<String>,
    allow: Option<String>,
    mode: KlarnaMode,
) -> Result<Option<FaultPoints>, SettingsError> {
    let var = "CHECKOUT_FAULT_POINTS";
    let Some(v) = v else {
        return Ok(None);
    };
    tests_only(var, allow, mode)?;
    FaultPoints::parse(&v)
        .map(Some)
        .map_err(|e| SettingsError::invalid(var, e))
}

/// `CHECKOUT_FAULTS`: `rate=0.3,kinds=5xx+delay+drop,delay_ms=20000,paths=hosted`.
/// Refused unless the mode is sandbox and `CHECKOUT_ALLOW_FAULTS` is exactly
/// [`ALLOW_FAULTS_VALUE`].
pub(in crate::settings) fn faults(
    v: Option<String>,
    allow: Option<String>,
    mode: KlarnaMode,
) -> Result<Option<FaultSettings>, SettingsError> {
    let var = "CHECKOUT_FAULTS";
    let Some(v) = v else {
        return Ok(None);
    };
    tests_only(var, allow, mode)?;
    let expected = "expected rate=<0..1>,kinds=<5xx|delay|drop joined by +>[,delay_ms=<ms>][,paths=<hosted|merchant|webhooks joined by +>]";
    let bad = |what: String| SettingsError::invalid(var, format!("{what}; {expected}"));
    let mut rate = None;
    let mut kinds = Vec::new();
    let mut delay_ms = 20_000u64;
    let mut targets = vec![FaultTarget::Hosted];
    for part in v.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let Some((k, val)) = part.split_once('=') else {
            return Err(bad(format!("{part:?} is not key=value")));
        };
        let val = val.trim();
        match k.trim() {
            "rate" => match val.parse::<f64>() {
                Ok(r) if (0.0..=1.0).contains(&r) => rate = Some(r),
                _ => return Err(bad(format!("rate {val:?} is not a share from 0 to 1"))),
            },
            "kinds" => {
                kinds.clear();
                for name in val.split('+').map(str::trim) {
                    match FaultKind::parse(name) {
                        Some(kind) if !kinds.contains(&kind) => kinds.push(kind),
                        Some(_) => {}
                        None => return Err(bad(format!("unknown fault kind {name:?}"))),
                    }
                }
            }
            "delay_ms" => match val.parse::<u64>() {
                Ok(ms) if ms <= 600_000 => delay_ms = ms,
                _ => return Err(bad(format!("delay_ms {val:?} is not 0 to 600000"))),
            },
            "paths" => {
                targets.clear();
                for name in val.split('+').map(str::trim) {
                    match FaultTarget::parse(name) {
                        Some(t) if !targets.contains(&t) => targets.push(t),
                        Some(_) => {}
                        None => return Err(bad(format!("unknown path group {name:?}"))),
                    }
                }
            }
            other => return Err(bad(format!("unknown key {other:?}"))),
        }
    }
    let rate = rate.ok_or_else(|| bad("rate is missing".into()))?;
    if kinds.is_empty() {
        return Err(bad("kinds is missing".into()));
    }
    Ok(Some(FaultSettings {
        rate,
        kinds,
        delay: std::time::Duration::from_millis(delay_ms),
        targets,
    }))
}
