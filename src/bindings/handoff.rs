//! Klarna's head start from the boot script (www/hpp.src.js): it imports
//! Klarna's SDK module, calls `KlarnaSDK(config)` and the first
//! `Payment.presentation(data)` while this module compiles, and offers each
//! promise once through `globalThis.__khcKlarna`. The loader's import
//! (`loader.rs`) and the SDK wrappers (`sdk.rs`) ask for it here before they
//! call Klarna themselves; the boot script hands a promise over only when it
//! is for exactly what they would ask (the same URL, the same config from
//! that module, the same data for that instance), so adopting one changes
//! no result, error or retry.

use wasm_bindgen::prelude::*;

// A snippet rather than `Reflect` calls from Rust: the smallest code in the
// module for a look-up the page makes twice.
#[wasm_bindgen(
    inline_js = "export function khc_adopt(step, a, b) { return globalThis.__khcKlarna?.[step](a, b); }"
)]
extern "C" {
    fn khc_adopt(step: &str, a: &JsValue, b: &JsValue) -> JsValue;
}

/// The boot script's promise for `step` (`instance`: `a` the module, `b`
/// the config; `presentation`: `a` the instance, `b` the data), taken once;
/// `None` when it has none that fits (the caller then calls Klarna itself).
pub fn adopt(step: &str, a: &JsValue, b: &JsValue) -> Option<JsValue> {
    Some(khc_adopt(step, a, b)).filter(|p| !p.is_undefined())
}
