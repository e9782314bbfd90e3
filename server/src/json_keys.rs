//! Refuses a JSON body that sends one key twice in an object.
//!
//! serde_json keeps the last of two equal keys, so `{"amount": 100,
//! "amount": 9000}` captured 9000 (an outside tester), while another
//! reader of the same bytes (a proxy, a log, the merchant's own code) may
//! take the first. RFC 8259 leaves the meaning open, so the server refuses
//! the body and names the key, before any handler reads it. serde_json has
//! no setting for this and no maintained crate does only this, hence the
//! small visitor below: it walks the document once without building it.

use serde::de::{DeserializeSeed, Deserializer, Error as _, MapAccess, SeqAccess, Visitor};
use std::collections::HashSet;
use std::fmt;

/// The path (`order_lines[0].name`, `$` for the top) of the first key sent
/// twice, if any. A body that is not JSON passes: its parser names that.
pub fn first_duplicate(body: &[u8]) -> Option<String> {
    let mut de = serde_json::Deserializer::from_slice(body);
    let err = Walk {
        path: String::new(),
    }
    .deserialize(&mut de)
    .err()?;
    let msg = err.to_string();
    let path = msg.strip_prefix(MARK)?.split(MARK).next()?;
    Some(path.to_string())
}

/// Starts (and ends) the path inside serde_json's error message.
const MARK: &str = "\u{1}dup:";

/// Walks one value at `path`.
struct Walk {
    path: String,
}

impl Walk {
    fn child(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", self.path)
        }
    }
}

impl<'de> DeserializeSeed<'de> for Walk {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Walk {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut i = 0usize;
        let base = if self.path.is_empty() {
            "$"
        } else {
            &self.path
        };
        while seq
            .next_element_seed(Walk {
                path: format!("{base}[{i}]"),
            })?
            .is_some()
        {
            i += 1;
        }
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut seen = HashSet::new();
        while let Some(key) = map.next_key::<String>()? {
            let path = self.child(&key);
            if !seen.insert(key) {
                return Err(A::Error::custom(format!("{MARK}{path}{MARK}")));
            }
            map.next_value_seed(Walk { path })?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::first_duplicate;

    #[test]
    fn names_the_key_sent_twice_wherever_it_is() {
        assert_eq!(
            first_duplicate(br#"{"amount":100,"amount":9000}"#).as_deref(),
            Some("amount")
        );
        assert_eq!(
            first_duplicate(br#"{"order_lines":[{"name":"a"},{"name":"b","name":"c"}]}"#)
                .as_deref(),
            Some("order_lines[1].name")
        );
        assert_eq!(
            first_duplicate(br#"[{"a":{"b":1,"b":2}}]"#).as_deref(),
            Some("$[0].a.b")
        );
    }

    #[test]
    fn passes_what_has_no_duplicate_and_what_is_not_json() {
        for ok in [
            &br#"{"a":1,"b":{"a":2},"c":[{"a":3},{"a":4}]}"#[..],
            b"[]",
            b"\"x\"",
            b"not json",
            b"",
            br#"{"a":"\u0061","\u0061b":1}"#,
        ] {
            assert_eq!(first_duplicate(ok), None, "{}", String::from_utf8_lossy(ok));
        }
        // Escapes are read: "\u0061" is the key "a".
        assert_eq!(
            first_duplicate(br#"{"a":1,"\u0061":2}"#).as_deref(),
            Some("a")
        );
    }
}
