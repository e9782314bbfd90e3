//! Parsers for single settings; each error names its variable.

use super::{KlarnaMode, MerchantKey, Secret, SigningKey};
use checkout_core::api::OtherMethod;
use reqwest::Url;
use std::net::SocketAddr;

/// A setting that stops the server at start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingsError {
    /// The environment variable.
    pub variable: &'static str,
    /// What was expected (and what was found, unless it is secret).
    pub message: String,
}

impl SettingsError {
    /// A malformed value.
    pub fn invalid(variable: &'static str, message: impl Into<String>) -> Self {
        SettingsError {
            variable,
            message: message.into(),
        }
    }
    /// A required value that is absent.
    pub fn missing(variable: &'static str, expected: &str) -> Self {
        SettingsError::invalid(variable, format!("missing; expected {expected}"))
    }
}

impl std::fmt::Display for SettingsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.variable, self.message)
    }
}

impl std::error::Error for SettingsError {}

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

/// Splits `a:b,c:d` into trimmed pairs; the error names the 1-based entry
/// (never its content: these lists hold secrets).
fn pairs(var: &'static str, v: &str, what: &str) -> Result<Vec<(String, String)>, SettingsError> {
    let mut out = Vec::new();
    for (i, entry) in v.split(',').enumerate() {
        let entry = entry.trim();
        if entry.is_empty() {
            continue;
        }
        match entry.split_once(':') {
            Some((a, b)) if !a.trim().is_empty() && !b.trim().is_empty() => {
                out.push((a.trim().to_string(), b.trim().to_string()))
            }
            _ => {
                return Err(SettingsError::invalid(
                    var,
                    format!(
                        "expected {what} pairs, comma separated; entry {} is malformed",
                        i + 1
                    ),
                ))
            }
        }
    }
    if out.is_empty() {
        return Err(SettingsError::invalid(
            var,
            format!("expected at least one {what} pair"),
        ));
    }
    Ok(out)
}

pub(super) fn merchant_keys(v: &str) -> Result<Vec<MerchantKey>, SettingsError> {
    let var = "CHECKOUT_MERCHANT_KEYS";
    let list = pairs(var, v, "merchant_id:secret")?;
    let mut keys: Vec<MerchantKey> = Vec::new();
    for (id, secret) in list {
        if secret.len() < 8 {
            let msg = format!(
                "expected secrets of at least 8 characters; the one of merchant {id:?} is shorter"
            );
            return Err(SettingsError::invalid(var, msg));
        }
        if keys.iter().any(|k| k.merchant_id == id) {
            return Err(SettingsError::invalid(
                var,
                format!("merchant {id:?} is listed twice"),
            ));
        }
        keys.push(MerchantKey {
            merchant_id: id,
            secret: Secret::new(secret),
        });
    }
    Ok(keys)
}

pub(super) fn signing_keys(v: &str) -> Result<Vec<SigningKey>, SettingsError> {
    let list = pairs("KLARNA_WEBHOOK_SIGNING_KEYS", v, "key_id:secret")?;
    Ok(list
        .into_iter()
        .map(|(key_id, secret)| SigningKey {
            key_id,
            secret: Secret::new(secret),
        })
        .collect())
}

pub(super) fn other_methods(v: &str) -> Result<Vec<OtherMethod>, SettingsError> {
    if v.trim().is_empty() {
        return Ok(Vec::new());
    }
    let var = "CHECKOUT_OTHER_METHODS";
    let list = pairs(var, v, "id:Label")?;
    for (id, _) in &list {
        let ok = id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        if !ok {
            let msg = format!("expected ids of letters, digits, '-' and '_', got {id:?}");
            return Err(SettingsError::invalid(var, msg));
        }
    }
    Ok(list
        .into_iter()
        .map(|(id, label)| OtherMethod { id, label })
        .collect())
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
