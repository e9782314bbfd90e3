//! Events for the merchant page, and the bridge that carries them.

use super::state::CheckoutState;
use super::Rt;
use crate::bindings::js;
use crate::bridge::Bridge;
use checkout_core::protocol::CheckoutEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsValue;

/// Sends `event` to the merchant page, when the page is embedded.
pub fn emit(rt: Rt, event: CheckoutEvent) {
    rt.with_value(|r| {
        if let Some(b) = &r.bridge {
            b.emit(event);
        }
    });
}

/// Opens the channel to the merchant page when the fragment asked for one and
/// its origin is one the session allows (and, where the browser tells, the
/// real embedding origin). Otherwise the page works alone, silently.
pub fn connect(st: CheckoutState, rt: Rt, allowed: &[String]) {
    let Some(embed) = rt.with_value(|r| r.embed.clone()) else {
        return;
    };
    if rt.with_value(|r| r.bridge.is_some()) {
        return;
    }
    if !allowed.contains(&embed.parent_origin) {
        super::start::log(
            "po: the embedding origin is not in the session's allowed_origins; no channel",
        );
        return;
    }
    if let Some(real) = ancestor_origin() {
        if real != embed.parent_origin {
            super::start::log("po: does not match the real embedding origin; no channel");
            return;
        }
    }
    let on_command = move |id, command| spawn_local(super::commands::run(st, rt, id, command));
    match Bridge::connect(&embed.parent_origin, &embed.channel, on_command) {
        Ok(b) => rt.update_value(|r| r.bridge = Some(b)),
        Err(e) => super::start::log(&format!("bridge: {e}")),
    }
}

/// `location.ancestorOrigins[0]` where the browser has it (Chromium, Safari).
fn ancestor_origin() -> Option<String> {
    let loc: JsValue = web_sys::window()?.location().into();
    let list = js::get(&loc, "ancestorOrigins")?;
    js::call(&list, "item", &[JsValue::from_f64(0.0)])
        .ok()?
        .as_string()
}

/// The page left its loading state: start reporting its height.
pub fn reveal(rt: Rt) {
    rt.with_value(|r| {
        if let (Some(b), Some(root)) = (&r.bridge, r.embed.as_ref().and_then(|e| e.root.clone())) {
            b.watch_height(root);
        }
    });
}
