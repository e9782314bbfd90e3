//! [`RealKlarna`]: Klarna's payment API over HTTPS (reqwest + rustls).
//!
//! Basic auth with the acquirer's API key, `Klarna-Network-Session-Token`
//! when a token is known, timeouts on every call; 5xx, connection errors,
//! timeouts and unparseable answers are [`KlarnaError::Upstream`]. The
//! requests are built in [`super::requests`]; with a [`Recorder`]
//! (`KLARNA_RECORDINGS_DIR`) every exchange is also written, redacted.

use super::idempotency::CORRELATION_HEADER;
use super::recording::{self, Exchange, Recorder};
use super::requests::{self, Outgoing};
use super::transactions;
use super::{
    payment_request, wire, AuthorizeCall, AuthorizeResult, ConfirmCall, KlarnaApi, KlarnaError,
    PaymentRequestInfo, Presentation, PresentationQuery, TransactionCall, TransactionSnapshot,
};
use crate::settings::Secret;
use async_trait::async_trait;
use base64::Engine;
use reqwest::header::{HeaderName, HeaderValue, AUTHORIZATION};
use reqwest::{Client, RequestBuilder};
use serde_json::Value;
use std::sync::Arc;
use std::time::Duration;

pub use super::requests::{INTEROP_TOKEN_HEADER, NETWORK_TOKEN_HEADER};

/// The real Klarna client.
#[derive(Clone)]
pub struct RealKlarna {
    http: Client,
    base: String,
    partner_account_id: String,
    authorization: Secret,
    recorder: Option<Arc<Recorder>>,
}

impl std::fmt::Debug for RealKlarna {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RealKlarna")
            .field("base", &self.base)
            .finish_non_exhaustive()
    }
}

/// The `Authorization` header value for an API key: `user:password` is
/// base64-encoded as HTTP Basic; a Klarna API key without `:` is sent as is.
pub fn basic_authorization(api_key: &str) -> String {
    if api_key.contains(':') {
        format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(api_key)
        )
    } else {
        format!("Basic {api_key}")
    }
}

/// Time limit of one call to Klarna (connection included).
pub const CALL_TIMEOUT: Duration = Duration::from_secs(20);

impl RealKlarna {
    /// A client for `base` (no trailing slash) acting for `partner_account_id`.
    pub fn new(
        base: &str,
        partner_account_id: &str,
        api_key: &Secret,
    ) -> Result<RealKlarna, KlarnaError> {
        let http = Client::builder()
            .connect_timeout(Duration::from_secs(5))
            .timeout(CALL_TIMEOUT)
            .user_agent(concat!(
                "klarna-hosted-checkout/",
                env!("CARGO_PKG_VERSION")
            ))
            .build()
            .map_err(|e| KlarnaError::Upstream(format!("building the HTTP client: {e}")))?;
        Ok(RealKlarna {
            http,
            base: base.trim_end_matches('/').to_string(),
            partner_account_id: partner_account_id.to_string(),
            authorization: Secret::new(basic_authorization(api_key.expose())),
            recorder: None,
        })
    }

    /// The same client writing every exchange to `recorder`.
    pub fn with_recorder(mut self, recorder: Option<Arc<Recorder>>) -> RealKlarna {
        self.recorder = recorder;
        self
    }

    /// The same client acting for `partner_account_id` (a merchant's own
    /// Partner Account), or for the configured one when `None`.
    pub fn for_account(&self, partner_account_id: Option<&str>) -> RealKlarna {
        let mut c = self.clone();
        if let Some(p) = partner_account_id {
            c.partner_account_id = p.to_string();
        }
        c
    }

    /// `method` on `path` under the API base (no account in the path: the
    /// Management API), with our authorization.
    pub(super) fn request(&self, method: reqwest::Method, path: &str) -> RequestBuilder {
        self.http.request(method, format!("{}{path}", self.base))
    }

    fn with_auth(&self, rb: RequestBuilder) -> RequestBuilder {
        let mut v = HeaderValue::from_str(self.authorization.expose())
            .unwrap_or(HeaderValue::from_static(""));
        v.set_sensitive(true);
        rb.header(AUTHORIZATION, v)
    }

    /// Sends `rb` (with our authorization) as `operation`, records the
    /// exchange when recording, and reads the answer: JSON, `Null` for an
    /// empty 2xx, [`KlarnaError`] otherwise.
    pub(super) async fn send(
        &self,
        operation: &str,
        rb: RequestBuilder,
    ) -> Result<Value, KlarnaError> {
        let req = self
            .with_auth(rb)
            .build()
            .map_err(|e| KlarnaError::Upstream(format!("building the request failed: {e}")))?;
        let mut x = self.recorder.as_ref().map(|_| exchange_of(operation, &req));
        let answer = self.http.execute(req).await;
        let res = match answer {
            Ok(r) => r,
            Err(e) => {
                let kind = if e.is_timeout() {
                    "timed out"
                } else {
                    "could not be reached"
                };
                if let (Some(rec), Some(mut x)) = (&self.recorder, x.take()) {
                    x.error = Some(format!("Klarna {kind}"));
                    rec.record(&x);
                }
                return Err(KlarnaError::Upstream(format!("Klarna {kind}")));
            }
        };
        let status = res.status();
        let headers = header_pairs(res.headers());
        let body = res
            .text()
            .await
            .map_err(|_| KlarnaError::Upstream("reading Klarna's answer failed".into()))?;
        if let (Some(rec), Some(mut x)) = (&self.recorder, x.take()) {
            x.response = Some(recording::Response {
                status: status.as_u16(),
                headers,
                body: recording::body_of(body.as_bytes()),
            });
            rec.record(&x);
        }
        if status.is_server_error() {
            return Err(KlarnaError::Upstream(format!(
                "Klarna answered {}",
                status.as_u16()
            )));
        }
        if !status.is_success() {
            return Err(KlarnaError::Rejected {
                status: status.as_u16(),
                message: wire::error_message(&body),
            });
        }
        if body.trim().is_empty() {
            return Ok(Value::Null); // 204 No Content (void, cancel)
        }
        serde_json::from_str(&body)
            .map_err(|_| KlarnaError::Upstream("Klarna's answer is not JSON".into()))
    }

    /// Sends one of [`requests`]' requests.
    async fn execute(&self, out: Outgoing) -> Result<Value, KlarnaError> {
        let method = reqwest::Method::from_bytes(out.method.as_bytes())
            .map_err(|_| KlarnaError::Upstream(format!("bad method {}", out.method)))?;
        let mut rb = self
            .http
            .request(method, format!("{}{}", self.base, out.path));
        if !out.query.is_empty() {
            rb = rb.query(&out.query);
        }
        // A call without a correlation id of its own carries the request id
        // (`Partner-Correlation-Id`), so Klarna's support can find it.
        if !out.headers.iter().any(|(n, _)| *n == CORRELATION_HEADER) {
            if let Some(id) = crate::ops::request_id::current() {
                rb = rb.header(CORRELATION_HEADER, header_value(CORRELATION_HEADER, &id)?);
            }
        }
        for (name, value) in &out.headers {
            let name_ = HeaderName::from_bytes(name.to_ascii_lowercase().as_bytes())
                .map_err(|_| KlarnaError::Upstream(format!("bad header name {name}")))?;
            rb = rb.header(name_, header_value(name, value)?);
        }
        if let Some(b) = &out.body {
            rb = rb.json(b);
        }
        self.send(out.operation, rb).await
    }
}

fn header_pairs(h: &reqwest::header::HeaderMap) -> Vec<(String, String)> {
    h.iter()
        .map(|(k, v)| (k.to_string(), v.to_str().unwrap_or("").to_string()))
        .collect()
}

/// What a recording keeps of a built request (redacted when written).
fn exchange_of(operation: &str, req: &reqwest::Request) -> Exchange {
    let body = req
        .body()
        .and_then(|b| b.as_bytes())
        .and_then(recording::body_of);
    let step = (operation == "authorize")
        .then(|| requests::authorize_step(body.as_ref()))
        .flatten()
        .map(str::to_string);
    Exchange {
        operation: operation.to_string(),
        step,
        request: recording::Request {
            method: req.method().to_string(),
            path: req.url().path().to_string(),
            query: req.url().query().map(str::to_string),
            headers: header_pairs(req.headers()),
            body,
        },
        ..Default::default()
    }
}

/// A header value; a token or key that is not a valid one is the caller's
/// error (`400`), and secrets are marked sensitive.
fn header_value(name: &str, value: &str) -> Result<HeaderValue, KlarnaError> {
    let mut v = HeaderValue::from_str(value).map_err(|_| KlarnaError::Rejected {
        status: 400,
        message: if name == NETWORK_TOKEN_HEADER || name == INTEROP_TOKEN_HEADER {
            "the network session token is not a valid header value".into()
        } else {
            format!("{name} is not a valid header value")
        },
    })?;
    if name.to_ascii_lowercase().contains("token") {
        v.set_sensitive(true);
    }
    Ok(v)
}

#[async_trait]
impl KlarnaApi for RealKlarna {
    fn longest_call(&self) -> std::time::Duration {
        CALL_TIMEOUT
    }

    async fn authorize(&self, call: &AuthorizeCall) -> Result<AuthorizeResult, KlarnaError> {
        let v = self
            .execute(requests::authorize(&self.partner_account_id, call))
            .await?;
        wire::parse_authorize(&v)
    }

    async fn presentation(&self, q: &PresentationQuery) -> Result<Presentation, KlarnaError> {
        let v = self
            .execute(requests::presentation(&self.partner_account_id, q))
            .await?;
        wire::parse_presentation(v)
    }

    async fn confirm(&self, call: &ConfirmCall) -> Result<AuthorizeResult, KlarnaError> {
        let v = self
            .execute(requests::confirm(&self.partner_account_id, call))
            .await?;
        wire::parse_authorize(&v)
    }

    async fn sdk_token(&self, network_session_token: &str) -> Result<String, KlarnaError> {
        let out = requests::sdk_token(&self.partner_account_id, network_session_token);
        wire::parse_sdk_token(&self.execute(out).await?)
    }

    async fn payment_request(&self, id: &str) -> Result<PaymentRequestInfo, KlarnaError> {
        let v = self
            .execute(requests::read_payment_request(&self.partner_account_id, id))
            .await?;
        payment_request::parse(&v)
    }

    async fn capture(&self, call: &TransactionCall) -> Result<String, KlarnaError> {
        Ok(self.transaction_op(call).await?.unwrap_or_default())
    }

    async fn refund(&self, call: &TransactionCall) -> Result<String, KlarnaError> {
        Ok(self.transaction_op(call).await?.unwrap_or_default())
    }

    async fn void(&self, call: &TransactionCall) -> Result<(), KlarnaError> {
        self.transaction_op(call).await.map(|_| ())
    }

    async fn read_transaction(&self, id: &str) -> Result<TransactionSnapshot, KlarnaError> {
        let v = self
            .execute(requests::read_transaction(&self.partner_account_id, id))
            .await?;
        transactions::parse_snapshot(v)
    }

    async fn payment_request_state(&self, id: &str) -> Result<String, KlarnaError> {
        // INFERRED: the read path of a payment request (`Payment.fetch(id)` in the SDK).
        let v = self
            .execute(requests::read_payment_request(&self.partner_account_id, id))
            .await?;
        v.get("state")
            .and_then(serde_json::Value::as_str)
            .map(str::to_string)
            .ok_or_else(|| KlarnaError::Upstream("payment request answer without state".into()))
    }

    async fn cancel_payment_request(&self, id: &str, key: &str) -> Result<(), KlarnaError> {
        let out = requests::cancel_payment_request(&self.partner_account_id, id, key);
        match self.execute(out).await {
            // A request that is already final answers 4xx; nothing is left to cancel.
            Ok(_)
            | Err(KlarnaError::Rejected {
                status: 404 | 409 | 422,
                ..
            }) => Ok(()),
            Err(e) => Err(e),
        }
    }
}

impl RealKlarna {
    async fn transaction_op(&self, call: &TransactionCall) -> Result<Option<String>, KlarnaError> {
        let v = self
            .execute(requests::transaction(&self.partner_account_id, call))
            .await?;
        transactions::parse_created(&call.op, &v)
    }
}
