//! `fetch` for the page's few calls, through `gloo-net`: a method, headers,
//! an optional body and a time limit that aborts the request (its
//! `AbortSignal`) when it passes.

use crate::bindings::js::within;
use gloo_net::http::{Method, RequestBuilder};
use wasm_bindgen::JsValue;

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
/// (status and body) within `limit_ms`, or aborted through its
/// `AbortSignal` (the browser closes the connection).
pub async fn fetch(
    method: Method,
    url: &str,
    headers: &[(&str, &str)],
    body: Option<JsValue>,
    limit_ms: u32,
) -> Result<Answer, FetchError> {
    let network = |e: gloo_net::Error| FetchError::Network(e.to_string());
    let abort = web_sys::AbortController::new().ok();
    let signal = abort.as_ref().map(|a| a.signal());
    let mut builder = RequestBuilder::new(url)
        .method(method)
        .abort_signal(signal.as_ref());
    for (name, value) in headers {
        builder = builder.header(name, value);
    }
    let request = match body {
        Some(b) => builder.body(b),
        None => builder.build(),
    }
    .map_err(network)?;
    let exchange = async move {
        let resp = request.send().await.map_err(network)?;
        let text = resp.text().await.map_err(network)?;
        Ok(Answer {
            ok: resp.ok(),
            status: resp.status(),
            text,
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
