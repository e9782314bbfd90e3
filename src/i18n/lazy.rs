//! Language tables loaded on demand in the browser: `/i18n/<tag>.json`, a
//! flat object of key → text, parsed by the browser and kept for the page's life.

use crate::bindings::js;
use std::cell::RefCell;
use wasm_bindgen::JsValue;

thread_local! {
    /// Fetched tables by tag; `NULL` marks one that could not be loaded.
    static LOADED: RefCell<Vec<(String, JsValue)>> = const { RefCell::new(Vec::new()) };
}

/// The text of `key` in the loaded table `tag`.
pub fn lookup(tag: &str, key: &str) -> Option<String> {
    LOADED.with(|l| {
        l.borrow()
            .iter()
            .find(|(t, _)| t == tag)
            .and_then(|(_, table)| js::get_str(table, key))
    })
}

fn known(tag: &str) -> bool {
    LOADED.with(|l| l.borrow().iter().any(|(t, _)| t == tag))
}

/// The table at `url` that the boot script read from the document's preload
/// (`globalThis.__khcTables`, www/early.src.js, with the same time limit as
/// a fetch of its own), taken once; `None`: there was none, or it failed
/// (the caller fetches it).
async fn prefetched(url: &str) -> Option<JsValue> {
    let promise = Some(khc_table(url)).filter(|p| !p.is_undefined())?;
    js::settle(promise).await.ok().filter(|v| v.is_object())
}

// A snippet rather than `Reflect` calls from Rust: the smallest code in the
// module for a look-up and a delete.
#[wasm_bindgen::prelude::wasm_bindgen(
    inline_js = "export function khc_table(url) { const t = globalThis.__khcTables, p = t?.[url]; if (t) delete t[url]; return p; }"
)]
extern "C" {
    fn khc_table(url: &str) -> JsValue;
}

/// Loads every tag of `chain` that has a table and is not loaded yet, two at
/// a time in parallel (a chain holds at most a region's table and its
/// language's). Two futures joined, not `join_all`: its general machinery
/// cost 2 kB of the compressed module.
pub async fn ensure(chain: &[String]) {
    let wanted: Vec<&String> = chain
        .iter()
        .filter(|t| t.as_str() != "en" && super::TAGS.contains(&t.as_str()) && !known(t))
        .collect();
    for pair in wanted.chunks(2) {
        let second = async {
            match pair.get(1) {
                Some(tag) => fetch(tag).await,
                None => JsValue::NULL,
            }
        };
        let (a, b) = futures::future::join(fetch(pair[0]), second).await;
        for (tag, table) in pair.iter().zip([a, b]) {
            if table.is_null() {
                crate::bindings::console::log(&format!(
                    "i18n: /i18n/{tag}.json could not be loaded; falling back"
                ));
            }
            LOADED.with(|l| l.borrow_mut().push((tag.to_string(), table)));
        }
    }
}

async fn fetch(tag: &str) -> JsValue {
    let url = format!("/i18n/{tag}.json");
    if let Some(table) = prefetched(&url).await {
        return table;
    }
    let get = gloo_net::http::Method::GET;
    match crate::client::http::fetch(get, &url, &[], None, 8_000).await {
        Ok(a) if a.ok => crate::bindings::codec::parse(&a.text)
            .ok()
            .filter(|v| v.is_object())
            .unwrap_or(JsValue::NULL),
        _ => JsValue::NULL,
    }
}
