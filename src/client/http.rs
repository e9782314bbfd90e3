//! `fetch` for the page's few calls: a method, headers, an optional text
//! body and a time limit that aborts the request when it passes.
//!
//! Written over `web-sys` rather than taken from gloo-net: gloo-net's `http`
//! feature links `wasm-streams` (whose exported stream shims stay in the
//! module whether used or not) and the `http` crate, about 20 KB of the
//! module for the three things done here. This file needs no more than
//! `RequestInit`, `Headers`, `AbortController` and `Response`.

use crate::bindings::error::js_message;
use crate::bindings::js::{settle, within};
use wasm_bindgen::{JsCast, JsValue};

/// A whole answer: whether the status was 2xx, the status, the body text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// `Response.ok` (status 200–299).
    pub ok: bool,
    /// The HTTP status.
    pub status: u16,
    /// The body as text.
    pub text: String,
}

/// Why no answer came.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchError {
    /// The request could not be made or the connection failed (what the
    /// browser said).
    Network(String),
    /// No whole answer within the time limit; the request was aborted.
    Timeout,
}

/// One request: `method url` with `headers` and `body`, answered in full
/// (status and body) within `limit_ms`, or aborted.
pub async fn fetch(
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
    body: Option<&str>,
    limit_ms: u32,
) -> Result<Answer, FetchError> {
    let network = |e: JsValue| FetchError::Network(js_message(&e));
    let window = web_sys::window().ok_or_else(|| FetchError::Network("no window".into()))?;
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    let h = web_sys::Headers::new().map_err(network)?;
    for (name, value) in headers {
        h.set(name, value).map_err(network)?;
    }
    init.set_headers(&h);
    if let Some(b) = body {
        init.set_body(&JsValue::from_str(b));
    }
    let abort = web_sys::AbortController::new().ok();
    if let Some(a) = &abort {
        init.set_signal(Some(&a.signal()));
    }
    let request = window.fetch_with_str_and_init(url, &init);
    let exchange = async move {
        let resp = settle(request.into()).await.map_err(network)?;
        let resp: web_sys::Response = resp.dyn_into().map_err(network)?;
        let text = settle(resp.text().map_err(network)?.into())
            .await
            .map_err(network)?;
        Ok(Answer {
            ok: resp.ok(),
            status: resp.status(),
            text: text.as_string().unwrap_or_default(),
        })
    };
    match within(limit_ms, exchange).await {
        Some(answer) => answer,
        None => {
            if let Some(a) = abort {
                a.abort();
            }
            Err(FetchError::Timeout)
        }
    }
}
