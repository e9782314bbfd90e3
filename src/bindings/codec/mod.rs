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
//! wrong type, so after a failure `locate` finds the field.

mod locate;
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
    let failure = explain(
        value,
        what,
        &mut |v| match serde_wasm_bindgen::from_value(v) {
            Ok(t) => {
                out = Some(t);
                None
            }
            Err(e) => Some(message(e)),
        },
    );
    match (failure, out) {
        (None, Some(t)) => Ok(t),
        (failure, _) => Err(failure.unwrap_or_default()),
    }
}

/// serde's message, without the `Error: ` of the JS error's text.
fn message(e: serde_wasm_bindgen::Error) -> String {
    JsValue::from(e)
        .dyn_into::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .unwrap_or_default()
}

/// Reads `value` with `read`; a failure as `"{what}.{path}: {message}"`.
/// Not generic, so the module holds it once, whatever the types read.
fn explain(value: JsValue, what: &str, read: &mut locate::Read) -> Option<String> {
    let message = read(value.clone())?;
    let path = locate::locate(&value, &message, read);
    let sep = if what.is_empty() || path.is_empty() || path.starts_with('[') {
        ""
    } else {
        "."
    };
    Some(format!("{what}{sep}{path}: {message}"))
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

/// Writes `value` as JSON text ([`to_js`], then [`stringify()`]).
pub fn to_json<T: Serialize + ?Sized>(value: &T) -> String {
    stringify(&to_js(value))
}
