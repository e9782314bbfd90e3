//! Parsers for single settings; each error names its variable. The error
//! type, the key lists and the test-only settings have files of their own.

mod error;
mod keys;
mod test_only;

pub use error::SettingsError;
pub(super) use keys::{merchant_keys, pairs, signing_keys};
pub(super) use test_only::{fault_points, faults};

use super::{KlarnaMode, OtherMethodSetting, DEFAULT_RATE_LIMIT};
use checkout_core::labels::Localized;
use reqwest::Url;
use std::net::SocketAddr;

pub(super) fn mode(v: Option<String>) -> Result<KlarnaMode, SettingsError> {
    match v.as_deref().map(str::trim) {
        None | Some("sandbox") => Ok(KlarnaMode::Sandbox),
        Some("test") => Ok(KlarnaMode::Test),
        Some("live") => Ok(KlarnaMode::Live),
        Some(other) => Err(SettingsError::invalid(
            "KLARNA_MODE",
            format!("expected sandbox, test or live, got {other:?}"),
        )),
    }
}

pub(super) fn addr(v: Option<String>) -> Result<SocketAddr, SettingsError> {
    let v = v.unwrap_or_else(|| "127.0.0.1:8787".into());
    v.trim().parse().map_err(|_| {
        SettingsError::invalid(
            "CHECKOUT_ADDR",
            format!("expected host:port such as 127.0.0.1:8787, got {v:?}"),
        )
    })
}

/// The origin (`scheme://host[:port]`) of an absolute http(s) URL.
pub fn origin_of(url: &str) -> Option<String> {
    let u = Url::parse(url).ok()?;
    if !matches!(u.scheme(), "http" | "https") || u.host_str().is_none() {
        return None;
    }
    Some(u.origin().ascii_serialization())
}

pub(super) fn http_url(var: &'static str, v: &str) -> Result<String, SettingsError> {
    let v = v.trim();
    match origin_of(v) {
        Some(_) => Ok(v.trim_end_matches('/').to_string()),
        None => Err(SettingsError::invalid(
            var,
            format!("expected an absolute http(s) URL, got {v:?}"),
        )),
    }
}

/// Refuses a URL that is not `https` (`KLARNA_MODE=live`).
pub(super) fn https_in_live(var: &'static str, url: &str) -> Result<(), SettingsError> {
    if Url::parse(url).is_ok_and(|u| u.scheme() == "https") {
        return Ok(());
    }
    Err(SettingsError::invalid(
        var,
        format!("expected an https URL with KLARNA_MODE=live (the live credentials must not travel in clear text), got {url:?}"),
    ))
}

/// Refuses a `CHECKOUT_PUBLIC_URL` that is not `https` (`KLARNA_MODE=live`):
/// shoppers reach the hosted page, and pay, through it.
pub(super) fn public_url_in_live(url: &str) -> Result<(), SettingsError> {
    if Url::parse(url).is_ok_and(|u| u.scheme() == "https") {
        return Ok(());
    }
    Err(SettingsError::invalid(
        "CHECKOUT_PUBLIC_URL",
        format!("expected an https URL with KLARNA_MODE=live (shoppers' pages and payments must not travel in clear text), got {url:?}"),
    ))
}

pub(super) fn public_url(v: Option<String>) -> Result<(String, String), SettingsError> {
    let v = v.unwrap_or_else(|| "http://127.0.0.1:8787".into());
    let url = http_url("CHECKOUT_PUBLIC_URL", &v)?;
    let parsed = Url::parse(&url).ok();
    if parsed.is_some_and(|u| u.query().is_some() || u.fragment().is_some()) {
        return Err(SettingsError::invalid(
            "CHECKOUT_PUBLIC_URL",
            format!("expected a base URL without query or fragment, got {v:?}"),
        ));
    }
    let origin = origin_of(&url).unwrap_or_default();
    Ok((url, origin))
}

/// `CHECKOUT_OTHER_METHODS`: `id:Label[|lang=Label…],…`, e.g.
/// `card:Card|de=Karte|fr=Carte,paypal:PayPal`.
pub(super) fn other_methods(v: &str) -> Result<Vec<OtherMethodSetting>, SettingsError> {
    if v.trim().is_empty() {
        return Ok(Vec::new());
    }
    let var = "CHECKOUT_OTHER_METHODS";
    let list = pairs(var, v, "id:Label[|lang=Label…]")?;
    let mut out = Vec::new();
    for (id, labels) in list {
        let ok = id.len() <= 64
            && id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        if !ok {
            let msg = format!("expected ids of 1 to 64 letters, digits, '-' and '_', got {id:?}");
            return Err(SettingsError::invalid(var, msg));
        }
        let mut parts = labels.split('|').map(str::trim);
        let default = parts.next().unwrap_or_default().to_string();
        let mut by_tag = Vec::new();
        for part in parts {
            let tag_ok = |t: &str| {
                !t.is_empty()
                    && t.len() <= 12
                    && t.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            };
            match part.split_once('=') {
                Some((tag, text)) if tag_ok(tag.trim()) && !text.trim().is_empty() => {
                    by_tag.push((tag.trim().to_string(), text.trim().to_string()))
                }
                _ => {
                    return Err(SettingsError::invalid(
                        var,
                        format!("method {id:?}: expected lang=Label after '|' (such as de=Karte), got {part:?}"),
                    ))
                }
            }
        }
        for text in std::iter::once(&default).chain(by_tag.iter().map(|(_, t)| t)) {
            if let Err(e) = checkout_core::text::check_text(text, 1, 64) {
                return Err(SettingsError::invalid(
                    var,
                    format!("method {id:?}: each label: {e}"),
                ));
            }
        }
        out.push(OtherMethodSetting {
            id,
            label: Localized { default, by_tag },
        });
    }
    Ok(out)
}

pub(super) fn ttl(v: Option<String>) -> Result<time::Duration, SettingsError> {
    let Some(v) = v else {
        return Ok(time::Duration::minutes(1440));
    };
    match v.trim().parse::<i64>() {
        Ok(m) if (1..=43_200).contains(&m) => Ok(time::Duration::minutes(m)),
        _ => Err(SettingsError::invalid(
            "CHECKOUT_SESSION_TTL_MINUTES",
            format!("expected whole minutes from 1 to 43200, got {v:?}"),
        )),
    }
}

/// A duration setting in milliseconds: `default` when absent, else a whole
/// number within `range` (the error names `name` and the range).
pub(super) fn millis(
    name: &'static str,
    v: Option<String>,
    default: u32,
    range: std::ops::RangeInclusive<u32>,
) -> Result<u32, SettingsError> {
    let Some(v) = v else { return Ok(default) };
    match v.trim().parse::<u32>() {
        Ok(ms) if range.contains(&ms) => Ok(ms),
        _ => Err(SettingsError::invalid(
            name,
            format!(
                "expected milliseconds from {} to {}, got {v:?}",
                range.start(),
                range.end()
            ),
        )),
    }
}

/// `CHECKOUT_CLIENT_TIMEOUT_MS`: the hosted page's time limit per API call
/// (default 15000).
pub(super) fn client_timeout(v: Option<String>) -> Result<u32, SettingsError> {
    millis("CHECKOUT_CLIENT_TIMEOUT_MS", v, 15_000, 500..=120_000)
}

/// `KLARNA_RECORDINGS_DIR`: a directory, refused in live mode (recordings
/// are for proving an integration in Klarna's test environment).
pub(super) fn recordings_dir(
    v: Option<String>,
    mode: super::KlarnaMode,
) -> Result<Option<std::path::PathBuf>, SettingsError> {
    match v {
        None => Ok(None),
        Some(_) if mode == super::KlarnaMode::Live => Err(SettingsError::invalid(
            "KLARNA_RECORDINGS_DIR",
            "recordings are for KLARNA_MODE=test or sandbox, not live",
        )),
        Some(d) => Ok(Some(d.trim().into())),
    }
}

/// `KLARNA_SDK_TIMEOUT_MS`: how long the hosted page waits for one attempt
/// at loading Klarna's SDK (default 10000).
pub(super) fn sdk_timeout(v: Option<String>) -> Result<u32, SettingsError> {
    millis("KLARNA_SDK_TIMEOUT_MS", v, 10_000, 500..=60_000)
}

/// `KLARNA_PAYMENT_ACCOUNT_ID`: the payment account at Klarna that payments
/// use, for acquirers with several (`acquiring_config.payment_account_id`);
/// 1 to 255 visible ASCII characters. `v` is the raw value: set but empty is
/// refused (unset it for none), not read as unset.
pub(super) fn payment_account(v: Option<String>) -> Result<Option<String>, SettingsError> {
    let Some(v) = v.map(|v| v.trim().to_string()) else {
        return Ok(None);
    };
    if v.is_empty() || v.len() > 255 || !v.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(SettingsError::invalid(
            "KLARNA_PAYMENT_ACCOUNT_ID",
            "expected Klarna's payment account id: 1 to 255 visible ASCII characters (unset it for none)",
        ));
    }
    Ok(Some(v))
}

pub(super) fn rate_limit(v: Option<String>) -> Result<u32, SettingsError> {
    let Some(v) = v else {
        return Ok(DEFAULT_RATE_LIMIT);
    };
    v.trim().parse::<u32>().map_err(|_| {
        SettingsError::invalid(
            "CHECKOUT_RATE_LIMIT",
            format!(
                "expected requests per minute per client as a whole number (0 disables), got {v:?}"
            ),
        )
    })
}

/// `CHECKOUT_TRUST_PROXY`: the number of trusted proxies that append to
/// `X-Forwarded-For` (`0` to `10`; `true`/`false` are `1`/`0`).
pub(super) fn trust_proxy(v: Option<String>) -> Result<u8, SettingsError> {
    match v.as_deref().map(str::trim) {
        None | Some("false") => Ok(0),
        Some("true") => Ok(1),
        Some(n) => match n.parse::<u8>() {
            Ok(n) if n <= 10 => Ok(n),
            _ => Err(SettingsError::invalid(
                "CHECKOUT_TRUST_PROXY",
                format!(
                    "expected the number of proxies in front that append to X-Forwarded-For, 0 to 10 (1: one load balancer), got {n:?}"
                ),
            )),
        },
    }
}
