//! `Klarna-Idempotency-Key` and `Partner-Correlation-Id`: the headers that
//! make our retries of a Klarna call safe and tie Klarna's logs to ours.
//!
//! A key is derived, never random: the same operation on the same inputs
//! gives the same key, so when we call Klarna again for an attempt whose
//! answer we lost (a crash between Klarna's approval and our write, a
//! time-out), Klarna replays its first answer instead of creating a second
//! transaction. Inputs that make a new attempt (another payment request,
//! another amount, a step-up already on record) give a new key. Every
//! mutating Klarna call takes its key from [`derive_key`].

use sha2::{Digest, Sha256};

/// Header of the idempotency key on mutating Klarna calls.
pub const IDEMPOTENCY_HEADER: &str = "Klarna-Idempotency-Key";
/// Header carrying our request id to Klarna (optional on Klarna's side).
pub const CORRELATION_HEADER: &str = "Partner-Correlation-Id";

/// The key of `operation` (e.g. `authorize.initial`) over `parts`, shaped as
/// a UUID (RFC 9562 version 8, "custom"), the form Klarna's examples show.
/// Parts are length-prefixed before hashing, so `["ab", "c"]` and
/// `["a", "bc"]` never give the same key.
pub fn derive_key(operation: &str, parts: &[&str]) -> String {
    let mut h = Sha256::new();
    for p in std::iter::once(&operation).chain(parts) {
        h.update((p.len() as u64).to_be_bytes());
        h.update(p.as_bytes());
    }
    let mut b: [u8; 16] = h.finalize()[..16].try_into().unwrap_or([0; 16]);
    b[6] = (b[6] & 0x0f) | 0x80; // version 8
    b[8] = (b[8] & 0x3f) | 0x80; // RFC 9562 variant
    let hex = hex::encode(b);
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_inputs_give_the_same_uuid_shaped_key() {
        let a = derive_key("authorize.initial", &["hcs_1", "0", "11800"]);
        assert_eq!(a, derive_key("authorize.initial", &["hcs_1", "0", "11800"]));
        assert_eq!(a.len(), 36);
        assert_eq!(a.as_bytes()[14], b'8', "{a}");
        assert!(matches!(a.as_bytes()[19], b'8' | b'9' | b'a' | b'b'), "{a}");
    }

    #[test]
    fn other_inputs_give_other_keys() {
        let base = derive_key("authorize.initial", &["hcs_1", "0"]);
        assert_ne!(base, derive_key("authorize.initial", &["hcs_1", "1"]));
        assert_ne!(base, derive_key("authorize.final", &["hcs_1", "0"]));
        assert_ne!(derive_key("x", &["ab", "c"]), derive_key("x", &["a", "bc"]));
    }
}
