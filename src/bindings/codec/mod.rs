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
