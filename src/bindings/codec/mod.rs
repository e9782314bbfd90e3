//! The page's typed values across the JavaScript boundary: `serde` derives
//! (those of `checkout_core`'s wire types, and the page's own for Klarna's
//! option objects) with `serde-wasm-bindgen`.
//!
//! JSON text is parsed and printed by the browser (`JSON.parse`,
//! `JSON.stringify`), so no JSON crate is linked into the module; values go
//! between JavaScript objects and Rust types with `serde-wasm-bindgen`, maps
//! as plain objects (`Serializer::json_compatible`). Every decoding error
//! names the field by its path (`config.klarna: missing field `sdk_url``,
//! `config.order_lines[0].quantity: invalid type: …`): serde's own messages
//! name a missing or unknown field but not the field whose value has the
//! wrong type, so the decoder runs inside `serde_path_to_error`.

pub mod protocol;

use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};

/// Parses JSON text with the browser's parser.
pub fn parse(text: &str) -> Result<JsValue, String> {
    js_sys::JSON::parse(text).map_err(|_| "not JSON".to_string())
}

/// Prints a value as JSON text with the browser's printer.
pub fn stringify(value: &JsValue) -> String {
    js_sys::JSON::stringify(value)
        .map(String::from)
        .unwrap_or_default()
}

/// Reads `value` as a `T`; a failure reads `"{what}.{path}: {serde's message}"`.
pub fn from_js<T: DeserializeOwned>(value: JsValue, what: &str) -> Result<T, String> {
    let mut out = None;
    let failure = explain(value, what, &mut |v| {
        let de = serde_wasm_bindgen::Deserializer::from(v);
        match serde_path_to_error::deserialize(de) {
            Ok(t) => {
                out = Some(t);
                None
            }
            Err(e) => Some(e),
        }
    });
    match (failure, out) {
        (None, Some(t)) => Ok(t),
        (failure, _) => Err(failure.unwrap_or_default()),
    }
}

/// One tracked read's failure (`read` answers `None` when the value read).
type Read<'a> =
    dyn FnMut(JsValue) -> Option<serde_path_to_error::Error<serde_wasm_bindgen::Error>> + 'a;

/// Reads `value` with `read`; a failure as `"{what}.{path}: {message}"`.
/// Not generic, so the module holds it once, whatever the types read.
fn explain(value: JsValue, what: &str, read: &mut Read) -> Option<String> {
    let e = read(value.clone())?;
    let mut path = e.path().to_string();
    // serde's message, without the `Error: ` of the JS error's text.
    let inner: JsValue = e.into_inner().into();
    let message = inner
        .dyn_into::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .unwrap_or_default();
    if path == "." {
        path = if message.starts_with("invalid") {
            locate(&value, read).unwrap_or_default()
        } else {
            String::new()
        };
    }
    let sep = if what.is_empty() || path.is_empty() || path.starts_with('[') {
        ""
    } else {
        "."
    };
    Some(format!("{what}{sep}{path}: {message}"))
}

/// The field with the wrong value where serde's path stops short: serde
/// reads a flattened field or an internally tagged enum (the postMessage
/// envelope, the authorize answer) from a buffered copy, and its errors there
/// name no field. The field is the one that, given a value of another JSON
/// type (`null`, `0`, `""`, `false`, `{}`, `[]`) in a copy, lets the copy
/// read. With two wrong fields no one field does: then it is the first (in
/// the order serde reads them, which is the order of `fields`) of the two
/// that together do, the one serde's message is about. Runs only after a
/// failure, on a small value: pairs only among the first [`PAIR_FIELDS`].
fn locate(value: &JsValue, read: &mut Read) -> Option<String> {
    let mut paths = Vec::new();
    fields(value, &mut Vec::new(), &mut paths);
    let text = stringify(value);
    let single = paths
        .iter()
        .find(|p| reads_with(&text, &[p.as_slice()], read));
    if let Some(p) = single {
        return Some(p.join("."));
    }
    let few = &paths[..paths.len().min(PAIR_FIELDS)];
    few.iter().enumerate().find_map(|(i, a)| {
        few[i + 1..]
            .iter()
            // A field and one inside it are not two fields.
            .filter(|b| !b.starts_with(a))
            .any(|b| reads_with(&text, &[a.as_slice(), b.as_slice()], read))
            .then(|| a.join("."))
    })
}

/// How many of a value's fields [`locate`] tries in pairs (at most 120
/// pairs, each with 36 combinations of probes).
const PAIR_FIELDS: usize = 16;

/// Whether a copy of `text` reads once each field at `paths` holds some
/// value of another JSON type (every combination of the probes is tried).
fn reads_with(text: &str, paths: &[&[String]], read: &mut Read) -> bool {
    const PROBES: [&str; 6] = ["null", "0", "\"\"", "false", "{}", "[]"];
    let combos = PROBES.len().pow(paths.len() as u32);
    (0..combos).any(|mut n| {
        let Ok(copy) = parse(text) else { return false };
        let set = paths.iter().all(|path| {
            let probe = PROBES[n % PROBES.len()];
            n /= PROBES.len();
            let Some((last, parents)) = path.split_last() else {
                return false;
            };
            let parent = parents
                .iter()
                .try_fold(copy.clone(), |o, k| crate::bindings::js::get(&o, k));
            parent
                .zip(parse(probe).ok())
                .map(|(o, v)| js_sys::Reflect::set(&o, &JsValue::from_str(last), &v).is_ok())
                == Some(true)
        });
        set && read(copy).is_none()
    })
}

/// The paths of `value`'s fields, each nested object's fields after it.
fn fields(value: &JsValue, at: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    if !value.is_object() || js_sys::Array::is_array(value) {
        return;
    }
    for key in js_sys::Object::keys(value.unchecked_ref::<js_sys::Object>()).iter() {
        let Some(key) = key.as_string() else { continue };
        at.push(key);
        out.push(at.clone());
        if let Some(child) = crate::bindings::js::get(value, &at[at.len() - 1]) {
            fields(&child, at, out);
        }
        at.pop();
    }
}

/// Reads JSON text as a `T` ([`parse`], then [`from_js`]).
pub fn from_json<T: DeserializeOwned>(text: &str, what: &str) -> Result<T, String> {
    from_js(parse(text).map_err(|e| format!("{what}: {e}"))?, what)
}

/// Writes `value` as a plain JavaScript value (objects, arrays, numbers,
/// strings; `None` fields are skipped or `null`, as the type says). The
/// page's types hold strings, booleans and integers; the one value
/// `serde-wasm-bindgen` refuses is an integer beyond ±2^53 (no amount within
/// the server's caps), written as `null`.
pub fn to_js<T: Serialize + ?Sized>(value: &T) -> JsValue {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap_or(JsValue::NULL)
}

/// Writes `value` as JSON text ([`to_js`], then [`stringify`]).
pub fn to_json<T: Serialize + ?Sized>(value: &T) -> String {
    stringify(&to_js(value))
}
