//! Klarna's own components for one choice of the Klarna entry, mounted into
//! the page's empty slots: header, subheader, icon, the saved option's badge
//! and the message. Each part that exposes `component()` is mounted (r6's
//! subheader is its `short` one, its message the `enriched` subheader); a part
//! that is absent leaves its slot empty. [`MountedParts`] unmounts them all
//! when dropped, so every new presentation replaces the last one's parts.

use super::console::log;
use super::js;
use wasm_bindgen::JsValue;

/// The slots of one choice, by the part each takes: `(part path, slot)`;
/// the first path that exists fills its slot (slots are bits).
const PARTS: [(&str, &str, u8); 7] = [
    ("header", ".khc-part--header", 1),
    ("subheader.short", ".khc-part--subheader", 2),
    ("subheader", ".khc-part--subheader", 2),
    ("icon", ".khc-part--icon", 4),
    ("badge", ".khc-part--badge", 8),
    ("subheader.enriched", ".khc-part--message", 16),
    ("message", ".khc-part--message", 16),
];

/// Mounted Klarna parts; unmounted on drop.
#[derive(Default)]
pub struct MountedParts {
    elements: Vec<JsValue>,
}

impl MountedParts {
    /// Mounts the parts of `option` into the slots under `root`
    /// (`.khc-part--{slot}`).
    pub fn mount(option: &JsValue, root: &web_sys::Element) -> MountedParts {
        let mut elements = Vec::new();
        let mut filled = 0u8;
        for (path, slot, bit) in PARTS {
            if filled & bit != 0 {
                continue;
            }
            let Some(part) =
                js::get_path(option, path).filter(|p| js::get_fn(p, "component").is_some())
            else {
                continue;
            };
            let Ok(Some(target)) = root.query_selector(slot) else {
                continue;
            };
            let args = if path == "icon" {
                vec![super::codec::to_js(&super::options::ComponentOptions {
                    shape: "badge",
                })]
            } else {
                Vec::new()
            };
            let mounted = js::call(&part, "component", &args)
                .and_then(|el| js::call(&el, "mount", &[target.into()]).map(|_| el));
            match mounted {
                Ok(el) => {
                    elements.push(el);
                    filled |= bit;
                }
                Err(e) => log(&super::error::js_message(&e)),
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
