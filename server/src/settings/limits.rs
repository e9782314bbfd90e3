//! Limits of the HTTP server itself: how long a client may take to send a
//! request's headers (also how long a kept-alive connection may sit idle)
//! and its body, how many connections are served at once, and how long a
//! shutdown waits for requests in flight.

use super::parse::millis;
use super::SettingsError;
use std::time::Duration;

/// The serve loop's limits (`docs/http-api.md`, "Connections").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServeLimits {
    /// `CHECKOUT_HEADER_TIMEOUT_MS`: time to receive a request's headers,
    /// counted from when the connection waits for them (so it is also the
    /// idle time-out of a kept-alive connection).
    pub header_timeout: Duration,
    /// `CHECKOUT_BODY_TIMEOUT_MS`: time to receive a request's body.
    pub body_timeout: Duration,
    /// `CHECKOUT_MAX_CONNECTIONS`: connections served at once; more wait in
    /// the listen queue.
    pub max_connections: usize,
    /// `CHECKOUT_DRAIN_TIMEOUT_MS`: how long `SIGTERM` or Ctrl-C waits for
    /// requests in flight before the process exits anyway.
    pub drain_timeout: Duration,
    /// `CHECKOUT_DRAIN_NOTICE_MS`: how long after `SIGTERM` the server still
    /// accepts connections and serves, answering `503` on `/readyz`, so the
    /// load balancer sees it draining before the listener closes.
    pub drain_notice: Duration,
}

impl ServeLimits {
    /// Reads the limits through `get` (trimmed, non-empty values only).
    pub fn from_env(get: &dyn Fn(&str) -> Option<String>) -> Result<ServeLimits, SettingsError> {
        let ms = |name, default, range| -> Result<Duration, SettingsError> {
            millis(name, get(name), default, range).map(|v| Duration::from_millis(v.into()))
        };
        let max_connections = match get("CHECKOUT_MAX_CONNECTIONS") {
            None => 1024,
            Some(v) => match v.trim().parse::<usize>() {
                Ok(n) if (1..=65_536).contains(&n) => n,
                _ => {
                    return Err(SettingsError::invalid(
                        "CHECKOUT_MAX_CONNECTIONS",
                        format!("expected a number of connections from 1 to 65536, got {v:?}"),
                    ))
                }
            },
        };
        Ok(ServeLimits {
            header_timeout: ms("CHECKOUT_HEADER_TIMEOUT_MS", 10_000, 100..=120_000)?,
            body_timeout: ms("CHECKOUT_BODY_TIMEOUT_MS", 15_000, 100..=120_000)?,
            max_connections,
            drain_timeout: ms("CHECKOUT_DRAIN_TIMEOUT_MS", 30_000, 0..=600_000)?,
            drain_notice: ms("CHECKOUT_DRAIN_NOTICE_MS", 0, 0..=120_000)?,
        })
    }
}
