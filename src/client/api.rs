//! One function per hosted-page endpoint of `checkout-server`.

use crate::bindings::codec::{self, api as wire};
use checkout_core::api::{
    AuthorizeOutcome, AuthorizeRequest, HostedConfig, ResultRequest, ResultResponse,
};
use futures::future::{select, Either};
use gloo_net::http::{Request, RequestBuilder};
use gloo_timers::future::TimeoutFuture;
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

    fn auth(&self, rb: RequestBuilder) -> RequestBuilder {
        rb.header("Authorization", &format!("Bearer {}", self.client_secret))
    }

    /// An authenticated `POST` to `tail` carrying an `Idempotency-Key`.
    fn post_keyed(&self, tail: &str, key: &str) -> RequestBuilder {
        self.auth(Request::post(&self.url(tail)))
            .header("Idempotency-Key", key)
    }

    /// `GET /v1/sessions/{id}/config`. The first call takes the answer the
    /// boot script already asked for while the module downloaded, if any.
    pub async fn config(&self) -> Result<HostedConfig, ApiFailure> {
        if let Some((ok, status, text)) = take_prefetched_config().await {
            let parsed = answer(ok, status, text)
                .and_then(|(status, text)| read_body(status, &text, wire::hosted_config));
            if let Ok(cfg) = parsed {
                return Ok(cfg);
            }
        }
        let req = self.auth(Request::get(&self.url("/config"))).build();
        send(req, wire::hosted_config).await
    }

    /// `POST /v1/sessions/{id}/klarna/authorize`.
    pub async fn authorize(
        &self,
        body: &AuthorizeRequest,
        key: &str,
    ) -> Result<AuthorizeOutcome, ApiFailure> {
        let rb = self.post_keyed("/klarna/authorize", key);
        send(
            with_json(rb, wire::authorize_request(body)),
            wire::authorize_outcome,
        )
        .await
    }

    /// `POST /v1/sessions/{id}/klarna/confirm` (v1 `PAYMENT_PENDING_CONFIRMATION`).
    pub async fn confirm(&self, token: &str, key: &str) -> Result<AuthorizeOutcome, ApiFailure> {
        let body = crate::bindings::js::object(&[(
            "payment_confirmation_token",
            JsValue::from_str(token),
        )]);
        let rb = self.post_keyed("/klarna/confirm", key);
        send(with_json(rb, body), wire::authorize_outcome).await
    }

    /// `POST /v1/sessions/{id}/result`.
    pub async fn result(
        &self,
        body: &ResultRequest,
        key: &str,
    ) -> Result<ResultResponse, ApiFailure> {
        let rb = self.post_keyed("/result", key);
        send(
            with_json(rb, wire::result_request(body)),
            wire::result_response,
        )
        .await
    }

    /// `POST /v1/sessions/{id}/network-token`.
    pub async fn network_token(&self, token: &str) -> Result<(), ApiFailure> {
        let body = crate::bindings::js::object(&[(
            "klarna_network_session_token",
            JsValue::from_str(token),
        )]);
        let rb = self.auth(Request::post(&self.url("/network-token")));
        call(with_json(rb, body)).await.map(|_| ())
    }
}

fn with_json(rb: RequestBuilder, body: JsValue) -> Result<Request, gloo_net::Error> {
    rb.header("Content-Type", "application/json")
        .body(codec::stringify(&body))
}

async fn send<T>(
    req: Result<Request, gloo_net::Error>,
    read: fn(JsValue) -> Result<T, String>,
) -> Result<T, ApiFailure> {
    let (status, text) = call(req).await?;
    read_body(status, &text, read)
}

/// Reads a 2xx body with `read`; a body that doesn't read is a retryable
/// failure (a cut connection can leave a truncated body behind a 200).
fn read_body<T>(
    status: u16,
    text: &str,
    read: fn(JsValue) -> Result<T, String>,
) -> Result<T, ApiFailure> {
    codec::parse(text)
        .and_then(read)
        .map_err(|message| ApiFailure {
            status: None,
            code: "invalid_response".into(),
            message: format!("HTTP {status}: {message}"),
        })
}

/// Sends `req` and reads its whole body within the time limit; non-2xx
/// answers become failures with the server's error code. On timeout the
/// request is aborted.
async fn call(req: Result<Request, gloo_net::Error>) -> Result<(u16, String), ApiFailure> {
    let req = req.map_err(|e| ApiFailure {
        status: None,
        code: "invalid_request".into(),
        message: e.to_string(),
    })?;
    let limit = TIMEOUT_MS.with(|t| t.get());
    let network = |e: gloo_net::Error| ApiFailure {
        status: None,
        code: "network_error".into(),
        message: e.to_string(),
    };
    let exchange = async {
        let resp = req.send().await.map_err(network)?;
        let status = resp.status();
        let text = resp.text().await.map_err(network)?;
        Ok::<_, ApiFailure>((resp.ok(), status, text))
    };
    let (ok, status, text) = match select(Box::pin(exchange), TimeoutFuture::new(limit)).await {
        Either::Left((r, _)) => r?,
        Either::Right(_) => {
            return Err(ApiFailure {
                status: None,
                code: "timeout".into(),
                message: format!("no answer within {limit} ms"),
            })
        }
    };
    answer(ok, status, text)
}

/// A 2xx answer's status and body, or the server's error as a failure.
fn answer(ok: bool, status: u16, text: String) -> Result<(u16, String), ApiFailure> {
    if ok {
        return Ok((status, text));
    }
    let (code, message) = codec::parse(&text)
        .and_then(wire::error_body)
        .unwrap_or_else(|_| ("http_error".into(), format!("HTTP {status}")));
    Err(ApiFailure {
        status: Some(status),
        code,
        message,
    })
}

/// The config answer the boot script fetched early (`globalThis.__khcConfig`),
/// taken once: `(ok, status, body)`, or `None` when there is none or it failed.
async fn take_prefetched_config() -> Option<(bool, u16, String)> {
    use wasm_bindgen::JsCast;
    let global: JsValue = js_sys::global().into();
    let promise = crate::bindings::js::get(&global, "__khcConfig")?;
    let _ = js_sys::Reflect::set(
        &global,
        &JsValue::from_str("__khcConfig"),
        &JsValue::UNDEFINED,
    );
    let resp = crate::bindings::js::settle(promise).await.ok()?;
    let resp: web_sys::Response = resp.dyn_into().ok()?;
    let text = crate::bindings::js::settle(resp.text().ok()?.into())
        .await
        .ok()?;
    Some((resp.ok(), resp.status(), text.as_string()?))
}
