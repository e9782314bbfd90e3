//! One function per hosted-page endpoint of `checkout-server`.

use checkout_core::api::{
    AuthorizeOutcome, AuthorizeRequest, HostedConfig, ResultRequest, ResultResponse,
};
use checkout_core::errors::ErrorBody;
use futures::future::{select, Either};
use gloo_net::http::{Request, RequestBuilder, Response};
use gloo_timers::future::TimeoutFuture;
use serde::de::DeserializeOwned;

/// Time limit of one API call.
pub const CALL_TIMEOUT_MS: u32 = 15_000;

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

    /// `GET /v1/sessions/{id}/config`.
    pub async fn config(&self) -> Result<HostedConfig, ApiFailure> {
        let req = self.auth(Request::get(&self.url("/config"))).build();
        send(req).await
    }

    /// `POST /v1/sessions/{id}/klarna/authorize`.
    pub async fn authorize(
        &self,
        body: &AuthorizeRequest,
        key: &str,
    ) -> Result<AuthorizeOutcome, ApiFailure> {
        let rb = self
            .auth(Request::post(&self.url("/klarna/authorize")))
            .header("Idempotency-Key", key);
        send(rb.json(body)).await
    }

    /// `POST /v1/sessions/{id}/result`.
    pub async fn result(
        &self,
        body: &ResultRequest,
        key: &str,
    ) -> Result<ResultResponse, ApiFailure> {
        let rb = self
            .auth(Request::post(&self.url("/result")))
            .header("Idempotency-Key", key);
        send(rb.json(body)).await
    }

    /// `POST /v1/sessions/{id}/network-token`.
    pub async fn network_token(&self, token: &str) -> Result<(), ApiFailure> {
        let body = checkout_core::api::NetworkTokenRequest {
            klarna_network_session_token: token.to_string(),
        };
        let rb = self.auth(Request::post(&self.url("/network-token")));
        let resp = call(rb.json(&body)).await?;
        check(resp).await.map(|_| ())
    }
}

async fn send<T: DeserializeOwned>(req: Result<Request, gloo_net::Error>) -> Result<T, ApiFailure> {
    let resp = check(call(req).await?).await?;
    resp.json::<T>().await.map_err(|e| ApiFailure {
        status: Some(resp.status()),
        code: "invalid_response".into(),
        message: e.to_string(),
    })
}

async fn call(req: Result<Request, gloo_net::Error>) -> Result<Response, ApiFailure> {
    let req = req.map_err(|e| ApiFailure {
        status: None,
        code: "invalid_request".into(),
        message: e.to_string(),
    })?;
    match select(Box::pin(req.send()), TimeoutFuture::new(CALL_TIMEOUT_MS)).await {
        Either::Left((Ok(r), _)) => Ok(r),
        Either::Left((Err(e), _)) => Err(ApiFailure {
            status: None,
            code: "network_error".into(),
            message: e.to_string(),
        }),
        Either::Right(_) => Err(ApiFailure {
            status: None,
            code: "timeout".into(),
            message: format!("no answer within {CALL_TIMEOUT_MS} ms"),
        }),
    }
}

async fn check(resp: Response) -> Result<Response, ApiFailure> {
    if resp.ok() {
        return Ok(resp);
    }
    let status = resp.status();
    let (code, message) = match resp.json::<ErrorBody>().await {
        Ok(b) => (
            serde_json::to_value(b.error.code)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_else(|| "internal".into()),
            b.error.message,
        ),
        Err(_) => ("http_error".into(), format!("HTTP {status}")),
    };
    Err(ApiFailure {
        status: Some(status),
        code,
        message,
    })
}
