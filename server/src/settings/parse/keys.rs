//! Key lists in settings: `a:b,c:d` pairs, merchant API keys and webhook
//! signing keys (errors name the entry, never its content).

use super::SettingsError;
use crate::settings::{MerchantKey, Secret, SigningKey};

/// Splits `a:b,c:d` into trimmed pairs; the error names the 1-based entry
/// (never its content: these lists hold secrets).
pub(in crate::settings) fn pairs(
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

pub(in crate::settings) fn merchant_keys(v: &str) -> Result<Vec<MerchantKey>, SettingsError> {
    let var = "CHECKOUT_MERCHANT_KEYS";
    let list = pairs(var, v, "merchant_id:secret")?;
    let mut keys: Vec<MerchantKey> = Vec::new();
    for (id, secret) in list {
        if id == crate::settings::DEMO_MERCHANT.0 {
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
        // A key authenticates one merchant: a shared one would act as whichever
        // merchant the lookup meets first.
        if let Some(other) = keys.iter().find(|k| k.secret.expose() == secret) {
            return Err(SettingsError::invalid(
                var,
                format!(
                    "merchants {:?} and {id:?} have the same secret; each merchant needs its own",
                    other.merchant_id
                ),
            ));
        }
        keys.push(MerchantKey {
            merchant_id: id,
            secret: Secret::new(secret),
        });
    }
    Ok(keys)
}

/// Shortest webhook signing secret accepted in live mode
/// (`KLARNA_WEBHOOK_SIGNING_KEYS`), as for operator keys: an HMAC key guessed
/// is a forged event. Klarna's own secrets are far longer; sandbox and test
/// mode take any length, as they always did (tests sign with short ones).
pub const MIN_SIGNING_SECRET: usize = 16;

/// `KLARNA_WEBHOOK_SIGNING_KEYS`: `key_id:secret` pairs, each id once, each
/// secret at least [`MIN_SIGNING_SECRET`] characters when `live`.
pub(in crate::settings) fn signing_keys(
    v: &str,
    live: bool,
) -> Result<Vec<SigningKey>, SettingsError> {
    let var = "KLARNA_WEBHOOK_SIGNING_KEYS";
    let mut keys: Vec<SigningKey> = Vec::new();
    for (key_id, secret) in pairs(var, v, "key_id:secret")? {
        if live && secret.chars().count() < MIN_SIGNING_SECRET {
            return Err(SettingsError::invalid(
                var,
                format!("expected secrets of at least {MIN_SIGNING_SECRET} characters in live mode; the one of key {key_id:?} is shorter"),
            ));
        }
        // Events name their key by id: two secrets under one id can't both verify.
        if keys.iter().any(|k| k.key_id == key_id) {
            return Err(SettingsError::invalid(
                var,
                format!("key {key_id:?} is listed twice; each key id names one secret"),
            ));
        }
        keys.push(SigningKey {
            key_id,
            secret: Secret::new(secret),
        });
    }
    Ok(keys)
}
