//! JSON codecs of the wire types without serde in the module.
//!
//! The browser parses and prints JSON (`JSON.parse` / `JSON.stringify`); these
//! functions move values between JavaScript objects and `checkout_core`'s
//! types with a few `Reflect` calls. serde's derived visitors and a
//! serde-format crate made up about a quarter of the module, for four
//! responses, two request bodies and two messages; this hand-written layer
//! costs a fraction of that (BENCHMARKS.md records the figures). The wire
//! shapes stay those of `checkout_core` (serde), which the browser tests check
//! by round-tripping through `checkout_core`'s own serde decoder.

pub mod api;
pub mod protocol;
mod reader;

pub use reader::Obj;

use wasm_bindgen::JsValue;

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

/// Parses the `appearance` JSON into `checkout_core::appearance::Raw`
/// (strings and objects; anything else kept as the name of its kind).
pub fn appearance_raw(text: &str) -> Result<checkout_core::appearance::Raw, String> {
    parse(text).map(|v| raw_tree(&v, 0))
}

fn raw_tree(v: &JsValue, depth: u32) -> checkout_core::appearance::Raw {
    use checkout_core::appearance::Raw;
    if v.is_null() || v.is_undefined() {
        return Raw::Null;
    }
    if let Some(s) = v.as_string() {
        return Raw::Str(s);
    }
    if v.as_bool().is_some() {
        return Raw::Other("a boolean");
    }
    if v.as_f64().is_some() {
        return Raw::Other("a number");
    }
    if js_sys::Array::is_array(v) {
        return Raw::Other("an array");
    }
    if !v.is_object() || depth > 8 {
        return Raw::Other("a value of another kind");
    }
    let obj: &js_sys::Object = wasm_bindgen::JsCast::unchecked_ref(v);
    let mut map = std::collections::BTreeMap::new();
    for key in js_sys::Object::keys(obj).iter() {
        let k = key.as_string().unwrap_or_default();
        let item = crate::bindings::js::get(v, &k).unwrap_or(JsValue::NULL);
        map.insert(k, raw_tree(&item, depth + 1));
    }
    Raw::Obj(map)
}
