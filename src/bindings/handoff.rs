//! Klarna's head start from the boot script (www/hpp.src.js): it imports
//! Klarna's SDK module, calls `KlarnaSDK(config)` and the first
//! `Payment.presentation(data)` while this module compiles, and offers each
//! promise once through `globalThis.__khcKlarna`. The loader and the SDK
//! wrappers ask for it here before they call Klarna themselves; the boot
//! script hands a promise over only when it is for exactly what they would
//! ask (the same URL, the same config from that module, the same data for
//! that instance), so adopting one changes no result, error or retry.

use super::js;
use wasm_bindgen::{JsCast, JsValue};

/// The boot script's promise for `step` (`module`, `instance`,
/// `presentation`) with these arguments, taken once; `None` when it has none
/// that fits (the caller then calls Klarna itself).
pub fn adopt(step: &str, args: &[JsValue]) -> Option<js_sys::Promise> {
    let global: JsValue = js_sys::global().into();
    let early = js::get(&global, "__khcKlarna")?;
    js::call(&early, step, args).ok()?.dyn_into().ok()
}
