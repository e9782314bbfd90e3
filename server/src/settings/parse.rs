//! Parsers for single settings; each error names its variable.

use super::OtherMethodSetting;
use super::{
    FaultKind, FaultPoints, FaultSettings, FaultTarget, KlarnaMode, MerchantKey, Secret,
    SigningKey, ALLOW_FAULTS_VALUE, DEFAULT_RATE_LIMIT,
};
use checkout_core::labels::Localized;
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
pub(super) fn pairs(
    var: &'static str,
    v: &str,
    what: &str,
) -> Result<Vec<(String, String)>, SettingsError> {
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
        if id == super::DEMO_MERCHANT.0 {
            return Err(SettingsError::invalid(
                var,
                format!("merchant id {id:?} is reserved for the sandbox's demo store; choose another id"),
            ));
        }
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

/// `KLARNA_SDK_TIMEOUT_MS`: how long the hosted page waits for one attempt
/// at loading Klarna's SDK (default 10000).
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

pub(super) fn sdk_timeout(v: Option<String>) -> Result<u32, SettingsError> {
    millis("KLARNA_SDK_TIMEOUT_MS", v, 10_000, 500..=60_000)
}

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
pub(super) fn fault_points(
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

/// `KLARNA_PAYMENT_ACCOUNT_ID`: the payment account at Klarna that payments
/// use, for acquirers with several (`acquiring_config.payment_account_id`);
/// 1 to 255 visible ASCII characters.
pub(super) fn payment_account(v: Option<String>) -> Result<Option<String>, SettingsError> {
    let Some(v) = v.map(|v| v.trim().to_string()).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    if v.len() > 255 || !v.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(SettingsError::invalid(
            "KLARNA_PAYMENT_ACCOUNT_ID",
            "expected Klarna's payment account id: 1 to 255 visible ASCII characters",
        ));
    }
    Ok(Some(v))
}

/// `CHECKOUT_FAULTS`: `rate=0.3,kinds=5xx+delay+drop,delay_ms=20000,paths=hosted`.
/// Refused unless the mode is sandbox and `CHECKOUT_ALLOW_FAULTS` is exactly
/// [`ALLOW_FAULTS_VALUE`].
pub(super) fn faults(
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

pub(super) fn trust_proxy(v: Option<String>) -> Result<bool, SettingsError> {
    match v.as_deref().map(str::trim) {
        None | Some("0") | Some("false") => Ok(false),
        Some("1") | Some("true") => Ok(true),
        Some(other) => Err(SettingsError::invalid(
            "CHECKOUT_TRUST_PROXY",
            format!("expected 1 or 0, got {other:?}"),
        )),
    }
}
