//! Moving keyboard focus to what the shopper must read next (the decline
//! message, the confirmation heading) — but only once the shopper has
//! interacted with the page, so that loading a page that already shows such
//! a message never pulls focus (and scroll) away from the merchant's page.

use super::js;
use wasm_bindgen::JsValue;

/// Whether the shopper has interacted with this page
/// (`navigator.userActivation.hasBeenActive`; true where the browser lacks it).
pub fn shopper_has_interacted() -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let window: JsValue = window.into();
    js::get_path(&window, "navigator.userActivation.hasBeenActive")
        .and_then(|v| v.as_bool())
        .unwrap_or(true)
}

/// Focuses the element matching `selector` on the next animation frame
/// (after the reactive update that reveals it), when the shopper has
/// interacted with the page. A selector rather than a node reference: the
/// hosted page holds one checkout, and a reference needs an effect to wait
/// for the element, which costs module size for each one.
pub fn focus_soon(selector: &'static str) {
    if !shopper_has_interacted() {
        return;
    }
    leptos::prelude::request_animation_frame(move || {
        if let Some(el) = js::html_element(selector) {
            let _ = el.focus();
        }
    });
}
