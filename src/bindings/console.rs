//! The page's console lines, prefixed so a developer finds them; never
//! secrets or tokens.

use wasm_bindgen::JsValue;

/// A `performance.mark` named `khc:m:{step}` at a step of the start-up, in a
/// build with the `marks` feature (`KHC_FEATURES=marks npm run build`;
/// `bench/spikes/startup-marks.mjs` reads them). Without the feature it is
/// empty and the module holds nothing of it (the size test's figure).
#[inline(always)]
pub fn mark(step: &str) {
    #[cfg(feature = "marks")]
    if let Some(p) = crate::bindings::js::get(&js_sys::global(), "performance") {
        let _ = crate::bindings::js::call(&p, "mark", &[format!("khc:m:{step}").into()]);
    }
    #[cfg(not(feature = "marks"))]
    let _ = step;
}

/// Writes a warning line to the browser console.
pub fn log(msg: &str) {
    web_sys::console::warn_1(&JsValue::from_str(&format!(
        "[klarna-hosted-checkout] {msg}"
    )));
}
