//! How the page is embedded: the channel to the merchant page (opened only
//! for an origin the session allows) that carries events out and commands
//! in, and the page's height reported once loading is over.

use super::state::CheckoutState;
use super::Rt;
use crate::bindings::console::log;
use crate::bindings::js;
use crate::bridge::Bridge;
use checkout_core::protocol::CheckoutEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsValue;

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
        log("po: the embedding origin is not in the session's allowed_origins; no channel");
        return;
    }
    if let Some(real) = ancestor_origin() {
        if real != embed.parent_origin {
            log("po: does not match the real embedding origin; no channel");
            return;
        }
    }
    let on_command = move |id, command| spawn_local(super::commands::run(st, rt, id, command));
    match Bridge::connect(&embed.parent_origin, &embed.channel, on_command) {
        Ok(b) => rt.update_value(|r| r.bridge = Some(b)),
        Err(e) => log(&format!("bridge: {e}")),
    }
}

/// Tells an embedding merchant page that the session could not be loaded
/// (`session_unavailable`: a wrong client secret or session id, or the
/// server failing after the page's retries), so its `onEvent` hears why
/// nothing shows. No channel opens: without the session the page can't check
/// the merchant's origin, so it says only this, and only to the origin the
/// fragment names when that is (where the browser tells) the real one.
pub fn tell_unavailable(rt: Rt, code: &str, message: &str) {
    let Some(embed) = rt.with_value(|r| r.embed.clone()) else {
        return;
    };
    if ancestor_origin().is_some_and(|real| real != embed.parent_origin) {
        return;
    }
    let event = CheckoutEvent::Error {
        code: "session_unavailable".into(),
        message: format!("the session could not be loaded ({code}): {message}"),
        klarna_code: None,
    };
    Bridge::tell(&embed.parent_origin, &embed.channel, event);
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
