//! Parsers of the operating settings: the store (`CHECKOUT_DATABASE_URL`,
//! pool limits) and the metrics listener (`CHECKOUT_METRICS_ADDR`).

use super::SettingsError;
use crate::store::{DatabaseUrl, PoolLimits};
use std::net::SocketAddr;
use std::path::Path;
use std::time::Duration;

/// Default of `CHECKOUT_METRICS_ADDR`.
pub const DEFAULT_METRICS_ADDR: &str = "127.0.0.1:9787";

pub(super) fn database(v: Option<String>, data_dir: &Path) -> Result<DatabaseUrl, SettingsError> {
    match v {
        None => Ok(DatabaseUrl::Sqlite(data_dir.join("checkout.sqlite"))),
        Some(v) => {
            DatabaseUrl::parse(&v).map_err(|m| SettingsError::invalid("CHECKOUT_DATABASE_URL", m))
        }
    }
}

pub(super) fn pool(
    max: Option<String>,
    timeout_ms: Option<String>,
) -> Result<PoolLimits, SettingsError> {
    let mut p = PoolLimits::default();
    if let Some(v) = max {
        p.max_connections = v
            .trim()
            .parse()
            .ok()
            .filter(|n| (1..=1000).contains(n))
            .ok_or_else(|| {
                SettingsError::invalid(
                    "CHECKOUT_DATABASE_MAX_CONNECTIONS",
                    format!("expected a whole number from 1 to 1000, got {v:?}"),
                )
            })?;
    }
    if let Some(v) = timeout_ms {
        let ms: u64 = v
            .trim()
            .parse()
            .ok()
            .filter(|n| (100..=600_000).contains(n))
            .ok_or_else(|| {
                SettingsError::invalid(
                    "CHECKOUT_DATABASE_TIMEOUT_MS",
                    format!("expected milliseconds from 100 to 600000, got {v:?}"),
                )
            })?;
        p.timeout = Duration::from_millis(ms);
    }
    Ok(p)
}

pub(super) fn metrics_addr(v: Option<String>) -> Result<Option<SocketAddr>, SettingsError> {
    let v = v.unwrap_or_else(|| DEFAULT_METRICS_ADDR.into());
    if v.trim() == "off" {
        return Ok(None);
    }
    v.trim().parse().map(Some).map_err(|_| {
        SettingsError::invalid(
            "CHECKOUT_METRICS_ADDR",
            format!("expected host:port such as {DEFAULT_METRICS_ADDR}, or off, got {v:?}"),
        )
    })
}
