//! Klarna's own components for one choice of the Klarna entry, mounted into
//! the page's empty slots: header, subheader, icon, the saved option's badge
//! and the message. Each part that exposes `component()` is mounted (r6's
//! subheader is its `short` one, its message the `enriched` subheader); a part
//! that is absent leaves its slot empty. [`MountedParts`] unmounts them all
//! when dropped, so every new presentation replaces the last one's parts.

use super::console::log;
use super::js;
use wasm_bindgen::JsValue;

/// The slots of one choice, by the part each takes: `(part path, slot)`.
const PARTS: [(&str, &str); 7] = [
    ("header", "header"),
    ("subheader.short", "subheader"),
    ("subheader", "subheader"),
    ("icon", "icon"),
    ("badge", "badge"),
    ("subheader.enriched", "message"),
    ("message", "message"),
];

/// Mounted Klarna parts; unmounted on drop.
#[derive(Default)]
pub struct MountedParts {
    elements: Vec<JsValue>,
}

impl MountedParts {
    /// Mounts the parts of `option` into the slots under `root`
    /// (`.khc-part--{slot}`), the first part path that exists for each slot.
    pub fn mount(option: &JsValue, root: &web_sys::Element) -> MountedParts {
        let mut elements = Vec::new();
        let mut filled: Vec<&str> = Vec::new();
        for (path, slot) in PARTS {
            if filled.contains(&slot) {
                continue;
            }
            let Some(part) =
                js::get_path(option, path).filter(|p| js::get_fn(p, "component").is_some())
            else {
                continue;
            };
            let Ok(Some(target)) = root.query_selector(&format!(".khc-part--{slot}")) else {
                continue;
            };
            let args = if slot == "icon" {
                vec![js::object(&[("shape", JsValue::from_str("badge"))])]
            } else {
                Vec::new()
            };
            let mounted = js::call(&part, "component", &args)
                .and_then(|el| js::call(&el, "mount", &[target.into()]).map(|_| el));
            match mounted {
                Ok(el) => {
                    elements.push(el);
                    filled.push(slot);
                }
                Err(e) => log(&format!(
                    "mounting Klarna's {path}: {}",
                    super::error::js_message(&e)
                )),
            }
        }
        MountedParts { elements }
    }
}

impl Drop for MountedParts {
    fn drop(&mut self) {
        for el in &self.elements {
            let _ = js::call(el, "unmount", &[]);
        }
    }
}
