//! The page's console lines, prefixed so a developer finds them; never
//! secrets or tokens.

use wasm_bindgen::JsValue;

/// Writes a warning line to the browser console.
pub fn log(msg: &str) {
    web_sys::console::warn_1(&JsValue::from_str(&format!(
        "[klarna-hosted-checkout] {msg}"
    )));
}
