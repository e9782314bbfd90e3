//! A reader over a JSON object that collects every problem with its path.
//!
//! serde's derive stops at the first error and names fields poorly; inputs at
//! our boundaries are read through this instead so that one response lists
//! every bad field with what was expected.

use crate::errors::FieldError;
use serde_json::{Map, Value};

/// Reads typed fields out of a JSON object and remembers what was wrong.
pub struct Fields<'a> {
    obj: &'a Map<String, Value>,
    prefix: String,
    /// Problems found so far.
    pub errors: Vec<FieldError>,
    seen: Vec<&'static str>,
    all_seen: bool,
}

impl<'a> Fields<'a> {
    /// Starts reading `value`, which must be an object; `prefix` is its path ("" for the root).
    pub fn new(value: &'a Value, prefix: &str, errors: &mut Vec<FieldError>) -> Option<Fields<'a>> {
        match value.as_object() {
            Some(obj) => Some(Fields {
                obj,
                prefix: prefix.to_string(),
                errors: Vec::new(),
                seen: Vec::new(),
                all_seen: false,
            }),
            None => {
                let path = if prefix.is_empty() { "$" } else { prefix };
                errors.push(FieldError::new(path, "expected a JSON object"));
                None
            }
        }
    }

    /// Full path of a field of this object.
    pub fn path(&self, name: &str) -> String {
        if self.prefix.is_empty() {
            name.to_string()
        } else if name.starts_with('[') {
            format!("{}{name}", self.prefix)
        } else {
            format!("{}.{name}", self.prefix)
        }
    }

    /// Records a problem with a field.
    pub fn fail(&mut self, name: &str, reason: impl Into<String>) {
        let p = self.path(name);
        self.errors.push(FieldError::new(p, reason));
    }

    /// The raw value of a field (absent and `null` are both `None`).
    pub fn raw(&mut self, name: &'static str) -> Option<&'a Value> {
        self.seen.push(name);
        self.obj.get(name).filter(|v| !v.is_null())
    }

    /// The first present of several names (for legacy aliases); marks all as
    /// known. A later name with another value is a problem named at it: the
    /// caller must not be left guessing which one was taken.
    pub fn raw_alias(&mut self, names: &[&'static str]) -> Option<(&'static str, &'a Value)> {
        let mut found: Option<(&'static str, &'a Value)> = None;
        for n in names {
            let Some(v) = self.raw(n) else { continue };
            match found {
                None => found = Some((*n, v)),
                Some((first, taken)) if taken != v => {
                    self.fail(n, format!("differs from {first}: send one of them"));
                }
                Some(_) => {}
            }
        }
        found
    }

    /// A required field; records "is required" when absent.
    pub fn required(&mut self, name: &'static str) -> Option<&'a Value> {
        let v = self.raw(name);
        if v.is_none() {
            self.fail(name, "is required");
        }
        v
    }

    /// Reads a string (optional), failing on other JSON types.
    pub fn string(&mut self, name: &'static str, required: bool) -> Option<&'a str> {
        let v = if required {
            self.required(name)
        } else {
            self.raw(name)
        }?;
        match v.as_str() {
            Some(s) => Some(s),
            None => {
                self.fail(name, "expected a string");
                None
            }
        }
    }

    /// Reads an integer (optional), failing on fractions, strings and the like.
    pub fn integer(&mut self, name: &'static str, required: bool) -> Option<i64> {
        let v = if required {
            self.required(name)
        } else {
            self.raw(name)
        }?;
        match v.as_i64() {
            Some(n) => Some(n),
            None => {
                self.fail(name, "expected an integer (minor units, no decimals)");
                None
            }
        }
    }

    /// Reads an array of strings (optional).
    pub fn strings(&mut self, name: &'static str) -> Option<Vec<&'a str>> {
        let v = self.raw(name)?;
        let Some(arr) = v.as_array() else {
            self.fail(name, "expected an array of strings");
            return None;
        };
        let mut out = Vec::with_capacity(arr.len());
        for (i, item) in arr.iter().enumerate() {
            match item.as_str() {
                Some(s) => out.push(s),
                None => self.fail(&format!("{name}[{i}]"), "expected a string"),
            }
        }
        Some(out)
    }

    /// Every key and value of a free-form object (a map such as labels by
    /// language), all marked as read.
    pub fn take_all(&mut self) -> Vec<(String, Value)> {
        self.all_seen = true;
        self.obj
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    }

    /// Reports every key that no reader asked for as unknown. Call last.
    pub fn finish(mut self, errors: &mut Vec<FieldError>) {
        let unknown: Vec<String> = self
            .obj
            .keys()
            .filter(|k| !self.all_seen && !self.seen.contains(&k.as_str()))
            .cloned()
            .collect();
        for k in unknown {
            self.fail(&unknown_key_name(&k), "unknown field");
        }
        errors.append(&mut self.errors);
    }
}

/// How an unknown key is named in a path: as is when it is a plain name
/// (letters, digits, `_`, `-`), else quoted in brackets (`[""]`, `["a.b"]`),
/// so an empty or dotted key can't pass for the object itself or a nested field.
fn unknown_key_name(k: &str) -> String {
    let plain = !k.is_empty()
        && k.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if plain {
        k.to_string()
    } else {
        format!("[{}]", serde_json::Value::String(k.to_string()))
    }
}

/// Whether `s` is an absolute `http` or `https` URL with a host (a light check:
/// no spaces or control characters, scheme, `://`, non-empty host).
pub fn is_http_url(s: &str) -> bool {
    let rest = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"));
    match rest {
        Some(r) => {
            let host = r.split(['/', '?', '#']).next().unwrap_or("");
            !host.is_empty() && !s.chars().any(|c| c.is_whitespace() || c.is_control())
        }
        None => false,
    }
}

/// Whether `s` is a web origin: `scheme://host[:port]` with no path, query or fragment.
pub fn is_origin(s: &str) -> bool {
    if !is_http_url(s) {
        return false;
    }
    // After the scheme (`is_http_url` checked it), stripped rather than
    // searched for: a `&str` pattern would link the two-way substring searcher
    // into the hosted page's WebAssembly.
    let rest = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"))
        .unwrap_or("");
    !rest.contains(['/', '?', '#']) && !rest.contains('@')
}

#[cfg(test)]
mod tests {
    use super::is_origin;

    #[test]
    fn origins_are_scheme_host_and_port_only() {
        for ok in [
            "https://shop.example",
            "http://localhost:8080",
            "https://a.b.example:443",
        ] {
            assert!(is_origin(ok), "{ok}");
        }
        for bad in [
            "https://shop.example/",
            "https://shop.example/path",
            "https://shop.example?q",
            "https://shop.example#f",
            "https://user@shop.example",
            "ftp://shop.example",
            "shop.example",
            "https://",
            "https:// shop.example",
        ] {
            assert!(!is_origin(bad), "{bad}");
        }
    }
}
