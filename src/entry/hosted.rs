//! Entry of the hosted page (`/hpp/{id}#cs=…&ch=…&po=…`): reads the session
//! id from the path and the rest from the fragment (which never reaches a
//! server), starts, and removes the fragment from the address bar when the
//! view mounts.

use crate::bindings::loader::LoadPolicy;
use crate::bridge::fragment::parse_fragment;
use crate::client::api::ApiContext;
use crate::components::checkout::checkout_view;
use crate::flow::runtime::{Embed, Rt, Runtime};
use crate::flow::start::start;
use crate::flow::state::CheckoutState;
use crate::flow::view::show_after_paint;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The session id of a hosted-page path (`/hpp/hcs_…`).
pub fn session_id_of(path: &str) -> Result<String, String> {
    // The last segment, found with `rfind` (a reverse `split` adds its own
    // searcher code to the module).
    let path = path.trim_end_matches('/');
    Some(path.rfind('/').map_or(path, |i| &path[i + 1..]))
        .filter(|s| s.starts_with("hcs_") && s.len() <= 64)
        .map(str::to_string)
        .ok_or_else(|| "location: expected /hpp/{session id}".to_string())
}

// The fragment is removed from the address bar, so a reload would lose the
// client secret: it is kept in this tab's `sessionStorage` (never sent to a
// server) and read back when the page loads without one. Reading is all the
// start-up does ([`fragment_of`]); the copy and the cleaning wait for the
// view's mount ([`tidy_address`]), after Klarna's button is served.

/// The `sessionStorage` slot of a session's fragment (the sandbox's Klarna
/// journey reads it too: `www/sandbox/sdk/journey.js`).
fn slot_of(session_id: &str) -> String {
    format!("khc:fragment:{session_id}")
}

/// The page's fragment: the address bar's when it has a client secret
/// (`Some` of it, to be kept by [`tidy_address`]), else the one this tab
/// kept (`None`: nothing new to keep).
fn fragment_of(
    window: &web_sys::Window,
    session_id: &str,
    hash: String,
) -> (String, Option<String>) {
    // A byte search, not `contains("cs=")`: a `&str` pattern links the
    // two-way substring searcher into the module.
    if hash.as_bytes().windows(3).any(|w| w == b"cs=") {
        return (hash.clone(), Some(hash));
    }
    let kept = window
        .session_storage()
        .ok()
        .flatten()
        .and_then(|s| s.get_item(&slot_of(session_id)).ok().flatten());
    (kept.unwrap_or(hash), None)
}

/// Keeps a new fragment in this tab's `sessionStorage`, then removes it from
/// the address bar (`clean` is the path and query). In that order: at every
/// moment one of the two holds it, so a reload at any time opens the same
/// checkout. Run when the view mounts: 3–5 ms (`sessionStorage`'s first use
/// and `replaceState`) off the path to Klarna's served clicks.
fn tidy_address(session_id: &str, fresh: Option<String>, clean: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    if let Some(hash) = fresh {
        if let Some(s) = window.session_storage().ok().flatten() {
            let _ = s.set_item(&slot_of(session_id), &hash);
        }
    }
    if let Ok(h) = window.history() {
        let _ = h.replace_state_with_url(&JsValue::NULL, "", Some(clean));
    }
}

/// Mounts the hosted checkout into the element matching `selector`.
#[wasm_bindgen(js_name = mountHosted)]
pub fn mount_hosted(selector: &str) -> Result<(), JsValue> {
    crate::bindings::console::mark("entry");
    let window = web_sys::window().ok_or("no window")?;
    let location = window.location();
    let (path, hash) = (location.pathname()?, location.hash()?);
    let session_id = session_id_of(&path).map_err(|e| JsValue::from_str(&e))?;
    let (hash, fresh) = fragment_of(&window, &session_id, hash);
    // A fragment the page can't use (a link cut short, a bad `ch` or `po`)
    // opens nothing: without a client secret the server refuses the session
    // and the page says the link is not valid, rather than staying blank.
    let fragment = parse_fragment(&hash).unwrap_or_else(|e| {
        web_sys::console::warn_1(&JsValue::from_str(&e));
        Default::default()
    });
    let clean = format!("{path}{}", location.search().unwrap_or_default());
    crate::bindings::console::mark("address");
    let doc = window.document().ok_or("no document")?;
    let el = doc
        .query_selector(selector)?
        .ok_or_else(|| JsValue::from_str(&format!("target: no element matches {selector}")))?
        .dyn_into::<web_sys::HtmlElement>()?;
    let kept_id = session_id.clone();
    let api = ApiContext {
        base: String::new(),
        session_id,
        client_secret: fragment.client_secret.clone(),
        appearance: fragment.appearance,
        locale: fragment.locale.clone(),
    };
    let locale = fragment
        .locale
        .or_else(|| doc.document_element().and_then(|e| e.get_attribute("lang")))
        .unwrap_or_else(|| "en".into());
    let st = CheckoutState::new(&locale);
    crate::bindings::console::mark("state");
    let mut runtime = Runtime::new(api);
    if let (Some(channel), Some(parent_origin)) = (fragment.channel, fragment.parent_origin) {
        runtime.embed = Some(Embed {
            channel,
            parent_origin,
            root: Some(el.clone()),
        });
    }
    let rt: Rt = StoredValue::new_local(runtime);
    let policy = LoadPolicy::default();
    // The view replaces the static shell after the start-up has served
    // Klarna's button and the browser painted it (`crate::flow::view`).
    rt.update_value(|r| {
        r.view = Some(Box::new(move || {
            tidy_address(&kept_id, fresh, &clean);
            el.set_inner_html("");
            leptos::mount::mount_to(el, move || checkout_view(st, rt, policy)).forget();
        }))
    });
    // The start-up runs before the first render, which would set the
    // executor up otherwise.
    let _ = any_spawner::Executor::init_wasm_bindgen();
    crate::bindings::console::mark("spawn");
    spawn_local(start(st, rt, policy));
    show_after_paint(st, rt);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::session_id_of;

    #[test]
    fn reads_the_session_id() {
        assert_eq!(session_id_of("/hpp/hcs_abc").unwrap(), "hcs_abc");
        assert_eq!(session_id_of("/hpp/hcs_abc/").unwrap(), "hcs_abc");
        assert!(session_id_of("/hpp/nope").is_err());
        assert_eq!(session_id_of("hcs_abc").unwrap(), "hcs_abc", "no slash");
        assert!(session_id_of("/hpp/hcs_abc/x").is_err(), "the last segment");
        assert!(session_id_of("/").is_err());
        assert!(session_id_of(&format!("/hpp/hcs_{}", "a".repeat(61))).is_err());
    }
}
