//! The secrets inside kept idempotent answers, sealed under the caller's key.
//!
//! A merchant call's first answer is kept for `Idempotency-Key` replays and
//! replayed byte for byte, secrets included: a session's `client_secret` and
//! `hosted_url` (its fragment carries the secret), a webhook endpoint's
//! signing `secret`. Those values exist nowhere else in clear (the store keeps
//! a session's secret as a hash), so a copy of the database must not reveal
//! them. Before an answer is stored, each such string value is replaced by a
//! sealed one (`"khc-sealed:v1:…"`): ChaCha20-Poly1305 under a key derived
//! with HMAC-SHA256 from the merchant API key the call was made with, bound to
//! the idempotency record (scope and key). A replay made with the same API key
//! opens them and gets the first answer's exact bytes back; the store never
//! sees that key (it keeps merchant keys as hashes, or not at all for the
//! bootstrap keys in the settings). The rest of the answer stays JSON, so
//! erasing a session's personal data still edits it.
//!
//! The values are replaced as their exact JSON literals in the answer's bytes
//! rather than by serializing a parsed copy, which would reorder the keys and
//! break the byte-for-byte replay. Written here because `ring` gives the AEAD
//! and the HMAC and nothing more is needed.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use ring::aead::{Aad, LessSafeKey, Nonce, UnboundKey, CHACHA20_POLY1305, NONCE_LEN};
use ring::hmac;
use ring::rand::{SecureRandom, SystemRandom};
use serde_json::Value;

/// The fields whose string values are sealed, at any depth of an answer.
pub const SECRET_FIELDS: [&str; 3] = ["client_secret", "hosted_url", "secret"];
/// What a sealed value starts with.
const PREFIX: &str = "khc-sealed:v1:";
/// The one field of an answer sealed whole.
const WHOLE: &str = "khc_sealed";

/// The key one idempotency record's secrets are sealed under.
pub struct SealKey(LessSafeKey);

/// A sealed value that the caller's key does not open: the answer was kept
/// from a call made with another API key (a rotated or a second key).
#[derive(Debug, PartialEq, Eq)]
pub struct OtherKey;

impl SealKey {
    /// The key for the record `(scope, idempotency_key)` of a call made with
    /// the merchant API key `api_key`.
    pub fn new(api_key: &str, scope: &str, idempotency_key: &str) -> Self {
        let mac = hmac::Key::new(hmac::HMAC_SHA256, api_key.as_bytes());
        let info = format!("khc idempotency seal v1\n{scope}\n{idempotency_key}");
        let tag = hmac::sign(&mac, info.as_bytes());
        let unbound = UnboundKey::new(&CHACHA20_POLY1305, tag.as_ref())
            .expect("an HMAC-SHA256 tag is a ChaCha20-Poly1305 key's 32 bytes");
        Self(LessSafeKey::new(unbound))
    }

    fn seal_literal(&self, literal: &str) -> Option<String> {
        let mut nonce = [0u8; NONCE_LEN];
        SystemRandom::new().fill(&mut nonce).ok()?;
        let mut data = literal.as_bytes().to_vec();
        self.0
            .seal_in_place_append_tag(Nonce::assume_unique_for_key(nonce), Aad::empty(), &mut data)
            .ok()?;
        let mut out = nonce.to_vec();
        out.extend_from_slice(&data);
        serde_json::to_string(&format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(out))).ok()
    }

    fn open_value(&self, sealed: &str) -> Result<Vec<u8>, OtherKey> {
        let raw = URL_SAFE_NO_PAD
            .decode(&sealed[PREFIX.len()..])
            .map_err(|_| OtherKey)?;
        if raw.len() < NONCE_LEN {
            return Err(OtherKey);
        }
        let (nonce, data) = raw.split_at(NONCE_LEN);
        let nonce = Nonce::try_assume_unique_for_key(nonce).map_err(|_| OtherKey)?;
        let mut data = data.to_vec();
        let plain = self
            .0
            .open_in_place(nonce, Aad::empty(), &mut data)
            .map_err(|_| OtherKey)?;
        Ok(plain.to_vec())
    }

    /// `answer` with each secret field's string value sealed. An answer that
    /// is not JSON, or has no secret, is kept as it is. A value that can't be
    /// sealed (no randomness) is never kept in clear: the answer is then kept
    /// without it, as `null`.
    pub fn seal(&self, answer: &[u8]) -> Vec<u8> {
        let Ok(v) = serde_json::from_slice::<Value>(answer) else {
            return answer.to_vec();
        };
        let mut secrets = Vec::new();
        collect(&v, &mut |k, s| {
            if SECRET_FIELDS.contains(&k) && !s.starts_with(PREFIX) {
                secrets.push(s.to_string());
            }
        });
        let mut out = answer.to_vec();
        for s in secrets {
            let literal = serde_json::to_string(&s).unwrap_or_default();
            if !contains(&out, literal.as_bytes()) {
                // Escaped otherwise than serde_json escapes (never in this
                // server's answers): the whole answer is sealed instead.
                return self.seal_whole(answer);
            }
            let with = self
                .seal_literal(&literal)
                .unwrap_or_else(|| "null".to_string());
            out = replace(&out, literal.as_bytes(), with.as_bytes());
        }
        out
    }

    /// The whole answer sealed, as `{"khc_sealed": "khc-sealed:v1:…"}`; the
    /// answer kept as `null` when it can't be sealed.
    fn seal_whole(&self, answer: &[u8]) -> Vec<u8> {
        let text = String::from_utf8_lossy(answer);
        match self.seal_literal(&text) {
            Some(sealed) => format!(r#"{{"{WHOLE}":{sealed}}}"#).into_bytes(),
            None => b"null".to_vec(),
        }
    }

    /// The answer as first made: each sealed value opened. [`OtherKey`] when
    /// a value was sealed under another API key.
    pub fn open(&self, kept: &[u8]) -> Result<Vec<u8>, OtherKey> {
        let Ok(v) = serde_json::from_slice::<Value>(kept) else {
            return Ok(kept.to_vec());
        };
        if let Some(Value::String(whole)) = v
            .get(WHOLE)
            .filter(|_| v.as_object().map(|o| o.len()) == Some(1))
        {
            return self.open_value(whole);
        }
        let mut sealed = Vec::new();
        collect(&v, &mut |_, s| {
            if s.starts_with(PREFIX) {
                sealed.push(s.to_string());
            }
        });
        let mut out = kept.to_vec();
        for s in sealed {
            let literal = serde_json::to_string(&s).map_err(|_| OtherKey)?;
            out = replace(&out, literal.as_bytes(), &self.open_value(&s)?);
        }
        Ok(out)
    }
}

/// Calls `f(key, value)` for each string value of an object field, at any depth.
fn collect(v: &Value, f: &mut impl FnMut(&str, &str)) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                if let Value::String(s) = x {
                    f(k, s);
                }
                collect(x, f);
            }
        }
        Value::Array(a) => a.iter().for_each(|x| collect(x, f)),
        _ => {}
    }
}

/// Whether `needle` occurs in `haystack`.
fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len().max(1)).any(|w| w == needle)
}

/// `haystack` with every occurrence of `needle` replaced by `with`.
fn replace(haystack: &[u8], needle: &[u8], with: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(haystack.len());
    let mut i = 0;
    while i < haystack.len() {
        if haystack[i..].starts_with(needle) {
            out.extend_from_slice(with);
            i += needle.len();
        } else {
            out.push(haystack[i]);
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const ANSWER: &[u8] = br#"{"id":"hcs_1","client_secret":"hcs_secret_abc","hosted_url":"https://pay.example/hpp/hcs_1#cs=hcs_secret_abc","amount":100,"nested":[{"secret":"whsec_\"x"}]}"#;
    /// A secret escaped otherwise than serde_json escapes it.
    const ESCAPED: &[u8] = br#"{"id":"hcs_1","secret":"whsec_\u00e9x"}"#;

    #[test]
    fn a_sealed_answer_hides_its_secrets_and_opens_to_the_same_bytes() {
        let k = SealKey::new("sk_test_a", "merchant:shop_a", "k1");
        let kept = k.seal(ANSWER);
        let text = String::from_utf8(kept.clone()).unwrap();
        assert!(
            !text.contains("hcs_secret_abc") && !text.contains("whsec_"),
            "{text}"
        );
        let v: Value = serde_json::from_slice(&kept).unwrap();
        assert_eq!(
            (v["id"].as_str(), v["amount"].as_i64()),
            (Some("hcs_1"), Some(100))
        );
        assert!(v["client_secret"].as_str().unwrap().starts_with(PREFIX));
        assert_eq!(k.open(&kept).unwrap(), ANSWER);
    }

    #[test]
    fn an_answer_escaped_otherwise_is_sealed_whole() {
        let k = SealKey::new("sk_test_a", "merchant:shop_a", "k1");
        let kept = k.seal(ESCAPED);
        let v: Value = serde_json::from_slice(&kept).unwrap();
        assert!(v[WHOLE].as_str().unwrap().starts_with(PREFIX), "{v}");
        assert_eq!(k.open(&kept).unwrap(), ESCAPED);
        let other = SealKey::new("sk_test_b", "merchant:shop_a", "k1");
        assert_eq!(other.open(&kept), Err(OtherKey));
    }

    #[test]
    fn another_api_key_or_record_does_not_open_it() {
        let kept = SealKey::new("sk_test_a", "merchant:shop_a", "k1").seal(ANSWER);
        for other in [
            SealKey::new("sk_test_b", "merchant:shop_a", "k1"),
            SealKey::new("sk_test_a", "merchant:shop_a", "k2"),
            SealKey::new("sk_test_a", "merchant:shop_b", "k1"),
        ] {
            assert_eq!(other.open(&kept), Err(OtherKey));
        }
    }

    #[test]
    fn answers_without_secrets_or_json_are_kept_as_they_are() {
        let k = SealKey::new("sk", "s", "k");
        for plain in [&br#"{"id":"hcs_1","state":"open"}"#[..], b"not json", b""] {
            assert_eq!(k.seal(plain), plain);
            assert_eq!(k.open(plain).unwrap(), plain);
        }
        // Kept in clear before sealing existed: replayed as it is.
        assert_eq!(k.open(ANSWER).unwrap(), ANSWER);
    }

    #[test]
    fn a_broken_sealed_value_is_refused() {
        let k = SealKey::new("sk", "s", "k");
        for bad in ["khc-sealed:v1:", "khc-sealed:v1:!!", "khc-sealed:v1:AAAA"] {
            let kept = format!(r#"{{"client_secret":"{bad}"}}"#);
            assert_eq!(k.open(kept.as_bytes()), Err(OtherKey), "{bad}");
        }
    }
}
