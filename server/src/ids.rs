//! Identifiers and secrets: 128-bit ids and 256-bit secrets from the OS RNG,
//! SHA-256 hashing of secrets for storage, constant-time comparison.

use sha2::{Digest, Sha256};
use std::sync::atomic::{AtomicU64, Ordering};
use subtle::ConstantTimeEq;

/// `n` random bytes from the operating system's RNG, hex encoded.
///
/// The OS RNG failing means the machine can't do cryptography at all; there
/// is no safe fallback, so this aborts the request's task with a panic.
pub fn random_hex(n: usize) -> String {
    let mut buf = vec![0u8; n];
    getrandom::fill(&mut buf).expect("the operating system's random number generator failed");
    hex::encode(buf)
}

/// A new id with `prefix` (`cap`, `ref`, `void`, `evt`, `job`, `we`): 96 random bits.
pub fn new_id(prefix: &str) -> String {
    format!("{prefix}_{}", random_hex(12))
}

/// A new session id: `hcs_` + 32 hex digits (128 bits).
pub fn session_id() -> String {
    format!("hcs_{}", random_hex(16))
}

/// Whether `id` has a session id's shape (`hcs_` + 32 hex digits), whether
/// or not such a session exists.
pub fn is_session_id(id: &str) -> bool {
    id.len() == 36 && id.starts_with("hcs_") && id[4..].bytes().all(|b| b.is_ascii_hexdigit())
}

/// A new client secret: `hcs_secret_` + 64 hex digits (256 bits).
pub fn client_secret() -> String {
    format!("hcs_secret_{}", random_hex(32))
}

/// A new 256-bit secret for signing keys, hex encoded.
pub fn signing_secret() -> String {
    random_hex(32)
}

/// SHA-256 of `data`, hex encoded (how secrets are stored and bodies fingerprinted).
pub fn sha256_hex(data: &[u8]) -> String {
    hex::encode(Sha256::digest(data))
}

/// Compares a presented secret with a stored SHA-256 hash in constant time.
pub fn secret_matches_hash(presented: &str, stored_hash: &str) -> bool {
    let presented = sha256_hex(presented.as_bytes());
    presented.as_bytes().ct_eq(stored_hash.as_bytes()).into()
}

/// Compares two secrets in constant time (both are hashed first, so their
/// lengths don't leak either).
pub fn secrets_equal(a: &str, b: &str) -> bool {
    let ha = Sha256::digest(a.as_bytes());
    let hb = Sha256::digest(b.as_bytes());
    ha.ct_eq(&hb).into()
}

/// A new id that sorts in creation order: `prefix`, 12 hex digits of the
/// time in milliseconds, 8 random hex digits (`mer_019ad3c5e2a1` + `5f0c9e21`).
///
/// Within this process the time part never repeats or goes back: an id made
/// in the same millisecond as the last (or after the clock stepped back)
/// takes the last one's millisecond plus one, so the random part never
/// decides the order. Instances order their ids by their own clocks; the
/// random part keeps two instances' ids apart.
pub fn ordered(prefix: &str) -> String {
    static LAST_MS: AtomicU64 = AtomicU64::new(0);
    let now = crate::clock::now_ms().max(0) as u64;
    let mut last = LAST_MS.load(Ordering::Relaxed);
    let ms = loop {
        let next = now.max(last + 1);
        match LAST_MS.compare_exchange_weak(last, next, Ordering::AcqRel, Ordering::Relaxed) {
            Ok(_) => break next,
            Err(seen) => last = seen,
        }
    };
    format!("{prefix}{ms:012x}{}", random_hex(4))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordered_ids_sort_in_the_order_they_were_made() {
        // Many in one millisecond: the random part must not decide.
        let made: Vec<String> = (0..2000).map(|_| ordered("mer_")).collect();
        let out_of_order = made.windows(2).find(|w| w[0] >= w[1]);
        assert_eq!(out_of_order, None);
        assert!(made.iter().all(|id| id.len() == 4 + 12 + 8));
    }

    #[test]
    fn shapes_and_uniqueness() {
        let id = session_id();
        assert_eq!(id.len(), 4 + 32);
        assert!(id.starts_with("hcs_") && id[4..].bytes().all(|b| b.is_ascii_hexdigit()));
        assert!(is_session_id(&id));
        for bad in [
            "hcs_",
            "hcs_123",
            "pay_00000000000000000000000000000000",
            &format!("{id}0"),
            "hcs_0000000000000000000000000000000g",
        ] {
            assert!(!is_session_id(bad), "{bad}");
        }
        let cs = client_secret();
        assert_eq!(cs.len(), 11 + 64);
        assert_ne!(client_secret(), cs);
    }

    #[test]
    fn hashing_and_comparison() {
        let s = client_secret();
        let h = sha256_hex(s.as_bytes());
        assert!(secret_matches_hash(&s, &h));
        assert!(!secret_matches_hash("hcs_secret_other", &h));
        assert!(secrets_equal("a", "a"));
        assert!(!secrets_equal("a", "ab"));
    }
}
