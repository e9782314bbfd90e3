//! Klarna's head start from the page's inline boot script (www/early.src.js): it imports
//! Klarna's SDK module, calls `KlarnaSDK(config)` and the first
//! `Payment.presentation(data)` while this module compiles, and offers each
//! promise once through `globalThis.__khcKlarna`. The loader's import
//! (`loader.rs`) and the SDK wrappers (`sdk.rs`) ask for it here before they
//! call Klarna themselves; the boot script hands a promise over only when it
//! is for exactly what they would ask (the same URL, the same config from
//! that module, the same data for that instance), so adopting one changes
//! no result, error or retry.
//!
//! "Klarna first": when the session leaves the page nothing to decide, the
//! boot script also mounts Klarna's payment button from that presentation
//! (`earlyButton` there), with Klarna's events listened to before the mount
//! and a click's `initiate` held. The page adopts that button where it would
//! mount the same one ([`adopt_button`]), takes the events Klarna sent
//! before the page listened ([`queued_events`]), and otherwise releases it
//! ([`release_button`]).

use wasm_bindgen::prelude::*;

// A snippet rather than `Reflect` calls from Rust: the smallest code in the
// module for the look-ups the page makes.
#[wasm_bindgen(
    inline_js = "export function khc_adopt(step, a, b, c) { return globalThis.__khcKlarna?.[step]?.(a, b, c); }"
)]
extern "C" {
    fn khc_adopt(step: &str, a: &JsValue, b: &JsValue, c: &JsValue) -> JsValue;
}

/// The boot script's promise for `step` (`instance`: `a` the module, `b`
/// the config; `presentation`: `a` the instance, `b` the data), taken once;
/// `None` when it has none that fits (the caller then calls Klarna itself).
pub fn adopt(step: &str, a: &JsValue, b: &JsValue) -> Option<JsValue> {
    Some(khc_adopt(step, a, b, &JsValue::UNDEFINED)).filter(|p| !p.is_undefined())
}

/// The boot script's mounted button (Klarna's `KlarnaUIElement`), moved into
/// `target`, when it is for the same `option` object and the same locale,
/// theme, shape and mode as `config` (the config the page would hand Klarna),
/// or when the shopper already clicked it; its held click then goes to
/// `config`'s `initiate`, as every later one. `None` otherwise: the boot
/// script released its button, and the page mounts its own.
pub fn adopt_button(option: &JsValue, config: &JsValue, target: &JsValue) -> Option<JsValue> {
    Some(khc_adopt("adopt", option, config, target)).filter(|b| b.is_object())
}

/// Hands the clicks on the boot script's button (held ones first) to
/// `config`'s `initiate` before the button is adopted, when it is the one
/// [`adopt_button`] would take for `option` and `config`; `true` when it did.
/// The page can pay as soon as its presentation is applied, a frame and the
/// method list's first render before the row to move the button into exists.
pub fn serve_clicks(option: &JsValue, config: &JsValue) -> bool {
    khc_adopt("serve", option, config, &JsValue::UNDEFINED).is_truthy()
}

/// Unmounts the boot script's button if the page did not adopt it (the page
/// shows no Klarna button, or another one); a held click is refused.
pub fn release_button() {
    step("release");
}

/// Klarna's payment events that came before the page listened, as
/// `[event, a, b]` arrays in order; from then on the boot script keeps none.
pub fn queued_events() -> js_sys::Array {
    step("events").dyn_into().unwrap_or_default()
}

/// Calls the boot script's `step`, which takes no arguments.
fn step(name: &str) -> JsValue {
    let none = JsValue::UNDEFINED;
    khc_adopt(name, &none, &none, &none)
}
