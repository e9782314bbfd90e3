//! Named fault points for tests only (`CHECKOUT_FAULT_POINTS`): places in a
//! payment where a test can hold the server, so it can act while the server
//! is there (a `PATCH` while an authorization waits) or kill the process
//! exactly there (after Klarna approved and before our write).
//!
//! The setting is `name=pause[:<ms>][@<share>]`, comma separated: `pause`
//! alone holds until the process is killed, `pause:<ms>` holds that long and
//! goes on, `@<share>` (0 to 1, default 1) picks the share of passes that
//! stop. Each stop prints `fault point reached: <name>` on stderr before it
//! holds, so a harness knows when to act and can count the hits. Like
//! `CHECKOUT_FAULTS`, it is refused outside sandbox mode and without
//! `CHECKOUT_ALLOW_FAULTS=yes-this-is-a-test`.

use std::time::Duration;

/// Every point the server has, with where it is.
pub const KNOWN_POINTS: &[(&str, &str)] = &[
    (
        AUTHORIZE_AFTER_KLARNA,
        "Klarna answered an authorization; nothing of it is written yet",
    ),
    (
        JOB_BEFORE_FINISH,
        "a claimed job ran; its end (done, retry, failed) is not written yet",
    ),
    (
        NOTIFICATION_MID_DELIVERY,
        "a merchant endpoint answered a notification; the delivery is not recorded yet",
    ),
    (
        METRICS_STORE_READ,
        "a metrics scrape is about to read the store (a store that hangs)",
    ),
];

/// A metrics scrape, before its reads of the store (job counts, backlog,
/// readiness): held, it is a store that hangs.
pub const METRICS_STORE_READ: &str = "metrics.store_read";

/// After a claimed job ran, before its end is written (its lease still held).
pub const JOB_BEFORE_FINISH: &str = "job.before_finish";

/// In the middle of a notification delivery: the merchant's endpoint
/// answered, the attempt is not recorded yet.
pub const NOTIFICATION_MID_DELIVERY: &str = "notification.mid_delivery";

/// After Klarna answered an authorization (initial, final or confirmation),
/// before the answer is written.
pub const AUTHORIZE_AFTER_KLARNA: &str = "authorize.after_klarna";

/// What a point does when a pass stops there.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PointAction {
    /// How long to hold; `None` holds until the process is killed.
    pub hold: Option<Duration>,
    /// Share of passes that stop, 0 to 1.
    pub share: f64,
}

/// Parsed `CHECKOUT_FAULT_POINTS`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FaultPoints {
    points: Vec<(String, PointAction)>,
}

impl FaultPoints {
    /// Parses the setting's value; the error says what is wrong.
    pub fn parse(v: &str) -> Result<FaultPoints, String> {
        let mut points = Vec::new();
        for part in v.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (name, action) = part
                .split_once('=')
                .ok_or_else(|| format!("{part:?} is not name=pause[:<ms>][@<share>]"))?;
            let name = name.trim();
            if !KNOWN_POINTS.iter().any(|(n, _)| *n == name) {
                let known: Vec<&str> = KNOWN_POINTS.iter().map(|(n, _)| *n).collect();
                return Err(format!(
                    "unknown fault point {name:?}; expected one of {}",
                    known.join(", ")
                ));
            }
            let (action, share) = match action.split_once('@') {
                Some((a, s)) => match s.trim().parse::<f64>() {
                    Ok(x) if (0.0..=1.0).contains(&x) => (a, x),
                    _ => return Err(format!("share {s:?} of {name} is not a number from 0 to 1")),
                },
                None => (action, 1.0),
            };
            let hold = match action.trim().split_once(':') {
                None if action.trim() == "pause" => None,
                Some(("pause", ms)) => match ms.trim().parse::<u64>() {
                    Ok(ms) if ms <= 600_000 => Some(Duration::from_millis(ms)),
                    _ => return Err(format!("pause {ms:?} of {name} is not 0 to 600000 ms")),
                },
                _ => {
                    return Err(format!(
                        "action {action:?} of {name} is not pause or pause:<ms>"
                    ))
                }
            };
            points.push((name.to_string(), PointAction { hold, share }));
        }
        Ok(FaultPoints { points })
    }

    /// The action configured for `name`, if any.
    pub fn action(&self, name: &str) -> Option<PointAction> {
        self.points.iter().find(|(n, _)| n == name).map(|(_, a)| *a)
    }
}

/// Passes the point `name`: stops there when the settings say so.
pub async fn reach(points: Option<&FaultPoints>, name: &'static str) {
    let Some(action) = points.and_then(|p| p.action(name)) else {
        return;
    };
    if super::uniform() >= action.share {
        return;
    }
    // On stderr unconditionally: harnesses wait for this line and count it.
    eprintln!("fault point reached: {name}");
    tracing::warn!(point = name, "fault point reached (CHECKOUT_FAULT_POINTS)");
    match action.hold {
        Some(d) => tokio::time::sleep(d).await,
        None => std::future::pending::<()>().await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_holds_and_shares() {
        let p = FaultPoints::parse("authorize.after_klarna=pause:250@0.5").unwrap();
        let a = p.action(AUTHORIZE_AFTER_KLARNA).unwrap();
        assert_eq!(a.hold, Some(Duration::from_millis(250)));
        assert_eq!(a.share, 0.5);
        let forever = FaultPoints::parse("authorize.after_klarna=pause").unwrap();
        assert_eq!(forever.action(AUTHORIZE_AFTER_KLARNA).unwrap().hold, None);
    }

    #[test]
    fn refuses_unknown_points_and_actions() {
        assert!(FaultPoints::parse("nowhere=pause")
            .unwrap_err()
            .contains("unknown fault point"));
        assert!(FaultPoints::parse("authorize.after_klarna=crash")
            .unwrap_err()
            .contains("not pause"));
        assert!(FaultPoints::parse("authorize.after_klarna=pause@2")
            .unwrap_err()
            .contains("from 0 to 1"));
    }
}
