//! Entry of the hosted page (`/hpp/{id}#cs=…`): reads the session id from the
//! path and the client secret from the fragment (which never reaches a
//! server), removes the fragment from the address bar, and mounts.

use crate::client::api::ApiContext;
use crate::components::checkout::Checkout;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Session id and client secret from a hosted-page location.
pub fn parse_location(path: &str, hash: &str) -> Result<(String, String), String> {
    let id = path
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .filter(|s| s.starts_with("hcs_") && s.len() <= 64)
        .ok_or_else(|| "location: expected /hpp/{session id}".to_string())?;
    let secret = hash
        .trim_start_matches('#')
        .split('&')
        .find_map(|kv| kv.strip_prefix("cs="))
        .filter(|s| !s.is_empty() && s.len() <= 256)
        .ok_or_else(|| "location: expected #cs={client secret} in the fragment".to_string())?;
    Ok((id.to_string(), secret.to_string()))
}

/// Mounts the hosted checkout into the element matching `selector`.
#[wasm_bindgen(js_name = mountHosted)]
pub fn mount_hosted(selector: &str) -> Result<(), JsValue> {
    let window = web_sys::window().ok_or("no window")?;
    let location = window.location();
    let (path, hash) = (location.pathname()?, location.hash()?);
    let (session_id, client_secret) =
        parse_location(&path, &hash).map_err(|e| JsValue::from_str(&e))?;
    if let Ok(h) = window.history() {
        let clean = format!("{path}{}", location.search().unwrap_or_default());
        let _ = h.replace_state_with_url(&JsValue::NULL, "", Some(&clean));
    }
    let doc = window.document().ok_or("no document")?;
    let el = doc
        .query_selector(selector)?
        .ok_or_else(|| JsValue::from_str(&format!("target: no element matches {selector}")))?
        .dyn_into::<web_sys::HtmlElement>()?;
    el.set_inner_html("");
    let api = ApiContext {
        base: String::new(),
        session_id,
        client_secret,
    };
    let locale = doc.document_element().and_then(|e| e.get_attribute("lang"));
    leptos::mount::mount_to(
        el,
        move || view! { <Checkout api=api locale=locale.unwrap_or_else(|| "en".into())/> },
    )
    .forget();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::parse_location;

    #[test]
    fn reads_id_and_secret() {
        let (id, cs) = parse_location("/hpp/hcs_abc", "#cs=hcs_secret_x").unwrap();
        assert_eq!((id.as_str(), cs.as_str()), ("hcs_abc", "hcs_secret_x"));
        assert!(parse_location("/hpp/nope", "#cs=x").is_err());
        assert!(parse_location("/hpp/hcs_abc", "").is_err());
        assert!(parse_location("/hpp/hcs_abc", "#other=1").is_err());
    }
}
