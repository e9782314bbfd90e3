//! Loads Klarna's Web SDK module with `import()` from the configured URL.
//!
//! The module is never bundled (Klarna's rule). Loading is memoized per URL
//! (concurrent callers share one promise), the memo is cleared on failure so
//! a later call retries, each attempt has a time limit, and failed attempts
//! are retried with exponential backoff before giving up.

use super::error::{SdkError, SdkErrorCode};
use gloo_timers::future::TimeoutFuture;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

// `import()` of a runtime URL can't be expressed with wasm-bindgen's static
// `module = "…"`; a one-line inline snippet is the smallest way, and it is
// emitted as a file (no eval), so the page's CSP stays strict. The boot
// script's import of the same URL, when it started one, is taken first
// (src/bindings/handoff.rs).
#[wasm_bindgen(
    inline_js = "export function khc_import(url) { return globalThis.__khcKlarna?.module(url) ?? import(url); }"
)]
extern "C" {
    #[wasm_bindgen(catch)]
    fn khc_import(url: &str) -> Result<js_sys::Promise, JsValue>;
}

thread_local! {
    /// Import promises by URL: a page loads one or two URLs, so a list does
    /// (a `HashMap` would link SipHash and random-key setup into the module).
    static MEMO: RefCell<Vec<(String, js_sys::Promise)>> = const { RefCell::new(Vec::new()) };
}

/// How the loader behaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoadPolicy {
    /// Time limit of one attempt, in milliseconds.
    pub timeout_ms: u32,
    /// Retries after the first attempt.
    pub retries: u32,
    /// Wait before the first retry; doubled for each further one.
    pub backoff_ms: u32,
}

impl Default for LoadPolicy {
    fn default() -> Self {
        LoadPolicy {
            timeout_ms: 10_000,
            retries: 3,
            backoff_ms: 300,
        }
    }
}

/// Imports the module at `url`, retrying per `policy`; resolves to the module namespace.
pub async fn load_sdk(url: &str, policy: LoadPolicy) -> Result<JsValue, SdkError> {
    let mut last = SdkError::new(SdkErrorCode::LoadFailed, "not attempted");
    for attempt in 0..=policy.retries {
        if attempt > 0 {
            let wait = policy.backoff_ms.saturating_mul(1 << (attempt - 1).min(10));
            TimeoutFuture::new(wait).await;
        }
        match load_once(&attempt_url(url, attempt), policy.timeout_ms).await {
            Ok(m) => return Ok(m),
            Err(e) => last = e,
        }
    }
    if last.code == SdkErrorCode::LoadFailed && !reachable(url).await {
        last.code = SdkErrorCode::Blocked;
    }
    Err(last)
}

/// Whether `url` answers at all. `import()` reports a 404 and a blocked
/// request alike; an opaque `no-cors` request (gloo-net) resolves for any
/// HTTP answer and rejects only when none came (an ad-blocker, a filter, no
/// network).
async fn reachable(url: &str) -> bool {
    gloo_net::http::RequestBuilder::new(url)
        .mode(web_sys::RequestMode::NoCors)
        .send()
        .await
        .is_ok()
}

/// One memoized attempt with a time limit.
pub async fn load_once(url: &str, timeout_ms: u32) -> Result<JsValue, SdkError> {
    let promise = MEMO.with(|m| {
        m.borrow()
            .iter()
            .find(|(u, _)| u == url)
            .map(|(_, p)| p.clone())
    });
    let promise = match promise {
        Some(p) => p,
        None => {
            let p = khc_import(url).map_err(|e| SdkError::from_js(SdkErrorCode::LoadFailed, &e))?;
            MEMO.with(|m| m.borrow_mut().push((url.to_string(), p.clone())));
            p
        }
    };
    let result = match super::js::within(timeout_ms, JsFuture::from(promise)).await {
        Some(Ok(module)) => Ok(module),
        Some(Err(e)) => Err(SdkError::from_js(SdkErrorCode::LoadFailed, &e)),
        None => Err(SdkError::new(
            SdkErrorCode::LoadTimeout,
            format!("Klarna's SDK did not load within {timeout_ms} ms"),
        )),
    };
    if result.is_err() {
        forget(url);
    }
    result
}

/// Drops the memo for `url`, so the next call imports again.
pub fn forget(url: &str) {
    MEMO.with(|m| m.borrow_mut().retain(|(u, _)| u != url));
}

/// Browsers keep a failed module in their module map, so a retry asks for a
/// distinct URL (`attempt=N` query) to really fetch again.
pub fn attempt_url(url: &str, attempt: u32) -> String {
    if attempt == 0 {
        return url.to_string();
    }
    let (base, frag) = match url.split_once('#') {
        Some((b, f)) => (b, Some(f)),
        None => (url, None),
    };
    let sep = if base.contains('?') { '&' } else { '?' };
    match frag {
        Some(f) => format!("{base}{sep}attempt={attempt}#{f}"),
        None => format!("{base}{sep}attempt={attempt}"),
    }
}

#[cfg(test)]
mod tests {
    use super::attempt_url;

    #[test]
    fn retry_urls_are_distinct() {
        assert_eq!(attempt_url("https://x/k.mjs", 0), "https://x/k.mjs");
        assert_eq!(
            attempt_url("https://x/k.mjs", 2),
            "https://x/k.mjs?attempt=2"
        );
        assert_eq!(
            attempt_url("/s/k.mjs?surface=v1", 1),
            "/s/k.mjs?surface=v1&attempt=1"
        );
    }
}
