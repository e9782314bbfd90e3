//! Small typed helpers over `Reflect` for feature-detecting SDK objects whose
//! shape differs between revisions (r6, r8, latest). Klarna's answers are
//! read through these rather than with serde (`super::codec`): the page keeps
//! the SDK's own objects (their `component()`, `select()`, `mount()`), probes
//! for functions, and reads whichever revision's shape is there.

use wasm_bindgen::{JsCast, JsValue};

/// `obj[key]`, or `None` when absent, `undefined` or `null`.
pub fn get(obj: &JsValue, key: &str) -> Option<JsValue> {
    if !obj.is_object() && !obj.is_function() {
        return None;
    }
    js_sys::Reflect::get(obj, &JsValue::from_str(key))
        .ok()
        .filter(|v| !v.is_undefined() && !v.is_null())
}

/// Follows a dotted path (`subheader.short.text`).
pub fn get_path(obj: &JsValue, path: &str) -> Option<JsValue> {
    path.split('.').try_fold(obj.clone(), |o, k| get(&o, k))
}

/// A string at `key`.
pub fn get_str(obj: &JsValue, key: &str) -> Option<String> {
    get_path(obj, key).and_then(|v| v.as_string())
}

/// A boolean at `key` (absent is `None`).
pub fn get_bool(obj: &JsValue, key: &str) -> Option<bool> {
    get_path(obj, key).and_then(|v| v.as_bool())
}

/// A function at `key`.
pub fn get_fn(obj: &JsValue, key: &str) -> Option<js_sys::Function> {
    get_path(obj, key).and_then(|v| v.dyn_into::<js_sys::Function>().ok())
}

/// Calls `obj.method(args…)`; `Err` carries what JavaScript threw.
pub fn call(obj: &JsValue, method: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
    let f = get_fn(obj, method)
        .ok_or_else(|| JsValue::from_str(&format!("{method} is not a function")))?;
    let arr = js_sys::Array::new();
    for a in args {
        arr.push(a);
    }
    f.apply(obj, &arr)
}

/// Awaits a value that may or may not be a promise.
pub async fn settle(value: JsValue) -> Result<JsValue, JsValue> {
    let p = js_sys::Promise::resolve(&value);
    wasm_bindgen_futures::JsFuture::from(p).await
}

/// `future`'s output, or `None` when `limit_ms` passes first (the future is
/// then dropped; aborting any request behind it is the caller's part).
pub async fn within<T>(limit_ms: u32, future: impl std::future::Future<Output = T>) -> Option<T> {
    use futures::future::{select, Either};
    match select(
        Box::pin(future),
        gloo_timers::future::TimeoutFuture::new(limit_ms),
    )
    .await
    {
        Either::Left((out, _)) => Some(out),
        Either::Right(_) => None,
    }
}

/// The page's document.
pub fn document() -> Option<web_sys::Document> {
    web_sys::window()?.document()
}

/// The page's first element matching `selector`, when it is an HTML element.
pub fn html_element(selector: &str) -> Option<web_sys::HtmlElement> {
    document()?
        .query_selector(selector)
        .ok()
        .flatten()?
        .dyn_into()
        .ok()
}
