//! One function per hosted-page endpoint of `checkout-server`.

use super::http::{self, FetchError};
use crate::bindings::codec;
use checkout_core::api::{
    AuthorizeOutcome, AuthorizeRequest, ConfirmRequest, HostedConfigView, NetworkTokenRequest,
    ResultRequest, ResultResponse,
};
use gloo_net::http::Method;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use wasm_bindgen::JsValue;

/// Time limit of one API call.
pub const CALL_TIMEOUT_MS: u32 = 15_000;

thread_local! {
    static TIMEOUT_MS: std::cell::Cell<u32> = const { std::cell::Cell::new(CALL_TIMEOUT_MS) };
}

/// Sets the time limit of every later call (the server's `client_timeout_ms`).
pub fn set_call_timeout(ms: u32) {
    TIMEOUT_MS.with(|t| t.set(ms.clamp(500, 120_000)));
}

/// Where and as whom the page calls the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiContext {
    /// Base URL ("" for the page's own origin).
    pub base: String,
    /// Session id.
    pub session_id: String,
    /// The session's client secret.
    pub client_secret: String,
    /// The merchant's `appearance` JSON (from the URL fragment), sent with
    /// the config request: the server checks it and answers what to apply.
    pub appearance: Option<String>,
    /// The locale the embedding page asked for (from the URL fragment), sent
    /// with the config request: the server labels the other methods in it.
    pub locale: Option<String>,
}

/// A failed call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiFailure {
    /// HTTP status, `None` for network failures and timeouts.
    pub status: Option<u16>,
    /// The server's error code, or `network_error` / `timeout`.
    pub code: String,
    /// Details.
    pub message: String,
}

impl ApiFailure {
    /// Whether trying again may help (network, timeout, 5xx, 429).
    pub fn is_transient(&self) -> bool {
        match self.status {
            None => true,
            Some(s) => s >= 500 || s == 429 || s == 408,
        }
    }
}

impl ApiContext {
    fn url(&self, tail: &str) -> String {
        format!("{}/v1/sessions/{}{tail}", self.base, self.session_id)
    }

    /// `method tail` as this session, with an `Idempotency-Key` when `key`
    /// is given and a JSON body when `body` is; answers within the time
    /// limit or fails (non-2xx answers carry the server's error code).
    async fn call(
        &self,
        method: Method,
        tail: &str,
        key: Option<&str>,
        body: Option<JsValue>,
    ) -> Result<(u16, String), ApiFailure> {
        let bearer = format!("Bearer {}", self.client_secret);
        let mut headers = vec![("Authorization", bearer.as_str())];
        if let Some(k) = key {
            headers.push(("Idempotency-Key", k));
        }
        let text = body.map(|b| JsValue::from(codec::stringify(&b)));
        if text.is_some() {
            headers.push(("Content-Type", "application/json"));
        }
        let limit = TIMEOUT_MS.with(|t| t.get());
        let got = http::fetch(method, &self.url(tail), &headers, text, limit).await;
        let a = got.map_err(|e| match e {
            FetchError::Network(message) => ApiFailure {
                status: None,
                code: "network_error".into(),
                message,
            },
            FetchError::Timeout => ApiFailure {
                status: None,
                code: "timeout".into(),
                message: format!("no answer within {limit} ms"),
            },
        })?;
        answer(a.ok, a.status, a.text)
    }

    /// [`Self::call`], its 2xx body read as a `T` (named `what` in errors).
    async fn send<T: DeserializeOwned>(
        &self,
        method: Method,
        tail: &str,
        key: Option<&str>,
        body: Option<JsValue>,
        what: &str,
    ) -> Result<T, ApiFailure> {
        let (status, text) = self.call(method, tail, key, body).await?;
        read_body(status, &text, what)
    }

    /// `GET /v1/sessions/{id}/config`. The first call takes the answer the
    /// boot script already asked for while the module downloaded, if any.
    pub async fn config(&self) -> Result<HostedConfigView, ApiFailure> {
        if let Some((ok, status, text)) = take_prefetched_config().await {
            let parsed = answer(ok, status, text)
                .and_then(|(status, text)| read_body(status, &text, "config"));
            if let Ok(cfg) = parsed {
                return Ok(cfg);
            }
        }
        let mut tail = String::from("/config");
        for (k, v) in [("appearance", &self.appearance), ("locale", &self.locale)] {
            if let Some(v) = v {
                let sep = if tail.contains('?') { '&' } else { '?' };
                tail = format!("{tail}{sep}{k}={}", js_sys::encode_uri_component(v));
            }
        }
        self.send(Method::GET, &tail, None, None, "config").await
    }

    /// `POST /v1/sessions/{id}/klarna/authorize`, or with the legacy
    /// `resolve()`'s `paymentConfirmationToken`
    /// (`PAYMENT_PENDING_CONFIRMATION`), `POST …/klarna/confirm`; both answer
    /// alike. One call for both: one future in the module.
    pub async fn authorize(
        &self,
        body: &AuthorizeRequest,
        confirmation: Option<&str>,
        key: &str,
    ) -> Result<AuthorizeOutcome, ApiFailure> {
        let (tail, body) = match confirmation {
            Some(token) => (
                "/klarna/confirm",
                codec::to_js(&ConfirmRequest {
                    payment_confirmation_token: token.to_string(),
                }),
            ),
            None => ("/klarna/authorize", codec::to_js(body)),
        };
        self.send(Method::POST, tail, Some(key), Some(body), "authorize")
            .await
    }

    /// `POST /v1/sessions/{id}/result`.
    pub async fn result(
        &self,
        body: &ResultRequest,
        key: &str,
    ) -> Result<ResultResponse, ApiFailure> {
        let body = codec::to_js(body);
        self.send(Method::POST, "/result", Some(key), Some(body), "result")
            .await
    }

    /// `POST /v1/sessions/{id}/network-token`.
    pub async fn network_token(&self, token: &str) -> Result<(), ApiFailure> {
        let body = codec::to_js(&NetworkTokenRequest {
            klarna_network_session_token: token.to_string(),
            klarna_network_data: None,
        });
        self.call(Method::POST, "/network-token", None, Some(body))
            .await
            .map(|_| ())
    }
}

/// Reads a 2xx body as a `T`; a body that doesn't read is a retryable
/// failure (a cut connection can leave a truncated body behind a 200), its
/// message naming the field (`config.klarna: missing field `sdk_url``).
pub fn read_body<T: DeserializeOwned>(
    status: u16,
    text: &str,
    what: &str,
) -> Result<T, ApiFailure> {
    codec::from_json(text, what).map_err(|message| ApiFailure {
        status: None,
        code: "invalid_response".into(),
        message: format!("HTTP {status}: {message}"),
    })
}

/// A 2xx answer's status and body, or the server's error as a failure.
fn answer(ok: bool, status: u16, text: String) -> Result<(u16, String), ApiFailure> {
    if ok {
        return Ok((status, text));
    }
    let (code, message) = codec::from_json::<ErrorBody>(&text, "error")
        .map(|b| (b.error.code, b.error.message))
        .unwrap_or_else(|_| ("http_error".into(), format!("HTTP {status}")));
    Err(ApiFailure {
        status: Some(status),
        code,
        message,
    })
}

/// The server's error envelope, `{"error": {"code", "message", …}}` (the
/// page reads the two fields it shows).
#[derive(Deserialize)]
struct ErrorBody {
    error: ErrorDetail,
}

/// `error` of [`ErrorBody`].
#[derive(Deserialize)]
struct ErrorDetail {
    code: String,
    message: String,
}

/// The config answer the boot script fetched early (`globalThis.__khcConfig`,
/// a promise of `{ok, status, text}`), taken once: `(ok, status, body)`, or
/// `None` when there is none or it failed.
async fn take_prefetched_config() -> Option<(bool, u16, String)> {
    use crate::bindings::js;
    let global: JsValue = js_sys::global().into();
    let promise = js::get(&global, "__khcConfig")?;
    let _ = js_sys::Reflect::set(
        &global,
        &JsValue::from_str("__khcConfig"),
        &JsValue::UNDEFINED,
    );
    let answer = js::settle(promise).await.ok()?;
    // The boot script's own object (`{ ok, status, text }`), read as the
    // bindings read the SDK's objects (`js`), not as a wire type.
    let status = js::get(&answer, "status")?.as_f64()?;
    Some((
        js::get_bool(&answer, "ok")?,
        status as u16,
        js::get_str(&answer, "text")?,
    ))
}
