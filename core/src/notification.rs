//! Merchant notifications: the event types and the `Checkout-Signature`
//! header, `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">` with
//! the endpoint's secret. Verification is in constant time and refuses
//! timestamps outside a tolerance, so a captured delivery can't be replayed
//! later. The npm package's `verifyNotification` implements the same rule.

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The header carrying the signature.
pub const SIGNATURE_HEADER: &str = "Checkout-Signature";

/// Every event type a merchant endpoint can subscribe to.
pub const EVENT_TYPES: &[&str] = &[
    "session.authorized",
    "session.declined",
    "session.canceled",
    "session.expired",
    "payment.captured",
    "payment.capture_failed",
    "payment.refunded",
    "payment.refund_failed",
    "payment.voided",
    "payment.void_failed",
    "payment.expired",
];

fn mac(secret: &str) -> Hmac<Sha256> {
    // HMAC accepts keys of any length, so this never fails.
    Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key length")
}

/// The header value for `body` sent at unix time `t`.
pub fn sign(secret: &str, t: i64, body: &[u8]) -> String {
    let mut m = mac(secret);
    m.update(t.to_string().as_bytes());
    m.update(b".");
    m.update(body);
    format!("t={t},v1={}", hex::encode(m.finalize().into_bytes()))
}

/// Why a notification's signature was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VerifyError {
    /// The header is not `t=…,v1=…`.
    Malformed,
    /// `t` is further than the tolerance from now.
    Stale,
    /// No `v1` signature matches the body.
    Mismatch,
}

impl std::fmt::Display for VerifyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            VerifyError::Malformed => "Checkout-Signature is not t=<seconds>,v1=<hex>",
            VerifyError::Stale => "Checkout-Signature's timestamp is outside the tolerance",
            VerifyError::Mismatch => "Checkout-Signature does not match the body",
        })
    }
}

/// Verifies `header` for `body` with `secret` at unix time `now`, accepting
/// timestamps within `tolerance_seconds` of it. Several `v1` parts (a secret
/// being rolled) are accepted; one match is enough.
pub fn verify(
    secret: &str,
    header: &str,
    body: &[u8],
    now: i64,
    tolerance_seconds: i64,
) -> Result<(), VerifyError> {
    let mut t = None;
    let mut sigs = Vec::new();
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", v)) => t = v.parse::<i64>().ok(),
            Some(("v1", v)) => sigs.push(v),
            _ => {}
        }
    }
    let t = t.ok_or(VerifyError::Malformed)?;
    if sigs.is_empty() {
        return Err(VerifyError::Malformed);
    }
    // `checked_sub`: a timestamp of i64::MIN must be stale, not an overflow.
    let off = now.checked_sub(t).map(i64::unsigned_abs);
    if off.is_none_or(|d| d > tolerance_seconds.unsigned_abs()) {
        return Err(VerifyError::Stale);
    }
    for sig in sigs {
        let Ok(bytes) = hex::decode(sig) else {
            continue;
        };
        let mut m = mac(secret);
        m.update(t.to_string().as_bytes());
        m.update(b".");
        m.update(body);
        if m.verify_slice(&bytes).is_ok() {
            return Ok(());
        }
    }
    Err(VerifyError::Mismatch)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signed_bodies_verify_within_the_tolerance_only() {
        let body = br#"{"id":"evt_1"}"#;
        let h = sign("whsec", 1_700_000_000, body);
        assert!(h.starts_with("t=1700000000,v1="), "{h}");
        assert_eq!(verify("whsec", &h, body, 1_700_000_100, 300), Ok(()));
        assert_eq!(
            verify("whsec", &h, body, 1_700_000_301, 300),
            Err(VerifyError::Stale)
        );
        assert_eq!(
            verify("other", &h, body, 1_700_000_000, 300),
            Err(VerifyError::Mismatch)
        );
        assert_eq!(
            verify("whsec", &h, b"{}", 1_700_000_000, 300),
            Err(VerifyError::Mismatch)
        );
        let rolled = format!("{h},v1=00");
        assert_eq!(verify("whsec", &rolled, body, 1_700_000_000, 300), Ok(()));
        for bad in ["", "v1=ab", "t=x,v1=ab", "t=1700000000"] {
            assert_eq!(
                verify("whsec", bad, body, 1_700_000_000, 300),
                Err(VerifyError::Malformed),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn extreme_timestamps_are_stale_not_a_panic() {
        for t in [i64::MIN, i64::MAX, -1] {
            let h = format!("t={t},v1=00");
            assert_eq!(
                verify("whsec", &h, b"{}", 1_700_000_000, 300),
                Err(VerifyError::Stale),
                "{h}"
            );
        }
    }

    #[test]
    fn the_signature_covers_the_timestamp() {
        let body = b"{}";
        let h = sign("s", 100, body);
        let moved = h.replace("t=100", "t=101");
        assert_eq!(
            verify("s", &moved, body, 100, 300),
            Err(VerifyError::Mismatch)
        );
    }
}
