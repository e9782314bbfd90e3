//! [`RealKlarna`]: Klarna's payment API over HTTPS (reqwest + rustls).
//!
//! Basic auth with the acquirer's API key, `Klarna-Network-Session-Token`
//! when a token is known, timeouts on every call; 5xx, connection errors,
//! timeouts and unparseable answers are [`KlarnaError::Upstream`].

use super::idempotency::{CORRELATION_HEADER, IDEMPOTENCY_HEADER};
use super::transactions;
use super::{
    payment_request, wire, AuthorizeCall, AuthorizeResult, ConfirmCall, KlarnaApi, KlarnaError,
    PaymentRequestInfo, Presentation, PresentationQuery, TransactionCall, TransactionSnapshot,
};
use crate::settings::Secret;
use async_trait::async_trait;
use base64::Engine;
use reqwest::header::{HeaderValue, AUTHORIZATION};
use reqwest::{Client, RequestBuilder, Response};
use serde_json::Value;
use std::time::Duration;

/// Header carrying the network session token.
pub const NETWORK_TOKEN_HEADER: &str = "Klarna-Network-Session-Token";
/// Header of the SDK-token exchange (older name of the same token).
pub const INTEROP_TOKEN_HEADER: &str = "Klarna-Interoperability-Token";

/// The real Klarna client.
#[derive(Clone)]
pub struct RealKlarna {
    http: Client,
    base: String,
    partner_account_id: String,
    authorization: Secret,
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
        })
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

    fn url(&self, tail: &str) -> String {
        format!(
            "{}/v2/accounts/{}/{tail}",
            self.base, self.partner_account_id
        )
    }

    fn with_auth(&self, rb: RequestBuilder) -> RequestBuilder {
        let mut v = HeaderValue::from_str(self.authorization.expose())
            .unwrap_or(HeaderValue::from_static(""));
        v.set_sensitive(true);
        rb.header(AUTHORIZATION, v)
    }

    pub(super) async fn send(&self, rb: RequestBuilder) -> Result<Value, KlarnaError> {
        let res: Response = self.with_auth(rb).send().await.map_err(|e| {
            let kind = if e.is_timeout() {
                "timed out"
            } else {
                "could not be reached"
            };
            KlarnaError::Upstream(format!("Klarna {kind}"))
        })?;
        let status = res.status();
        let body = res
            .text()
            .await
            .map_err(|_| KlarnaError::Upstream("reading Klarna's answer failed".into()))?;
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
}

impl RealKlarna {
    /// Sends a mutating call with its idempotency and correlation headers.
    async fn keyed(
        &self,
        path: &str,
        body: &Value,
        key: &str,
        correlation: &str,
    ) -> Result<Value, KlarnaError> {
        let rb = self
            .http
            .post(self.url(path))
            .header(IDEMPOTENCY_HEADER, key)
            .header(CORRELATION_HEADER, correlation)
            .json(body);
        self.send(rb).await
    }

    async fn transaction_op(&self, call: &TransactionCall) -> Result<Option<String>, KlarnaError> {
        let (path, body) = transactions::request(call);
        let v = self
            .keyed(&path, &body, &call.idempotency_key, &call.correlation_id)
            .await?;
        transactions::parse_created(&call.op, &v)
    }
}

fn token_header(token: &str) -> Result<HeaderValue, KlarnaError> {
    let mut v = HeaderValue::from_str(token).map_err(|_| KlarnaError::Rejected {
        status: 400,
        message: "the network session token is not a valid header value".into(),
    })?;
    v.set_sensitive(true);
    Ok(v)
}

/// Adds `Partner-Correlation-Id` (the request id) to a call that has no
/// idempotency key of its own.
fn correlated(rb: RequestBuilder) -> RequestBuilder {
    match crate::ops::request_id::current() {
        Some(id) => rb.header(CORRELATION_HEADER, id),
        None => rb,
    }
}

/// Adds `Klarna-Idempotency-Key` and, when known, `Partner-Correlation-Id`.
pub fn retry_headers(rb: RequestBuilder, key: &str, correlation: Option<&str>) -> RequestBuilder {
    let rb = rb.header(IDEMPOTENCY_HEADER, key);
    match correlation {
        Some(c) => rb.header(CORRELATION_HEADER, c),
        None => rb,
    }
}

#[async_trait]
impl KlarnaApi for RealKlarna {
    fn longest_call(&self) -> std::time::Duration {
        CALL_TIMEOUT
    }

    async fn authorize(&self, call: &AuthorizeCall) -> Result<AuthorizeResult, KlarnaError> {
        let mut rb = self
            .http
            .post(self.url("payment/authorize"))
            .json(&wire::authorize_body(call));
        if let Some(t) = &call.network_session_token {
            rb = rb.header(NETWORK_TOKEN_HEADER, token_header(t)?);
        }
        rb = retry_headers(rb, &call.idempotency_key, call.correlation_id.as_deref());
        wire::parse_authorize(&self.send(rb).await?)
    }

    async fn presentation(&self, q: &PresentationQuery) -> Result<Presentation, KlarnaError> {
        let mut query = vec![
            ("locale", q.locale.clone()),
            ("amount", q.amount.to_string()),
            ("currency", q.currency.clone()),
        ];
        query.extend(q.intents.iter().map(|i| ("intents", i.clone())));
        query.extend(wire::acquiring_query(q.acquiring_config.as_ref()));
        let mut rb = self
            .http
            .get(self.url("payment/presentation"))
            .query(&query);
        if let Some(t) = &q.network_session_token {
            rb = rb.header(NETWORK_TOKEN_HEADER, token_header(t)?);
        }
        wire::parse_presentation(self.send(correlated(rb)).await?)
    }

    async fn confirm(&self, call: &ConfirmCall) -> Result<AuthorizeResult, KlarnaError> {
        let mut url = reqwest::Url::parse(&self.url("payment/confirmation-tokens"))
            .map_err(|_| KlarnaError::Upstream("KLARNA_API_BASE is not a valid URL".into()))?;
        url.path_segments_mut()
            .map_err(|_| KlarnaError::Upstream("KLARNA_API_BASE can't take a path".into()))?
            .push(&call.payment_confirmation_token)
            .push("confirm");
        let body = serde_json::json!({"currency": call.currency, "payment_amount": call.amount});
        let mut rb = self.http.post(url).json(&body);
        if let Some(t) = &call.network_session_token {
            rb = rb.header(NETWORK_TOKEN_HEADER, token_header(t)?);
        }
        rb = retry_headers(rb, &call.idempotency_key, call.correlation_id.as_deref());
        wire::parse_authorize(&self.send(rb).await?)
    }

    async fn sdk_token(&self, network_session_token: &str) -> Result<String, KlarnaError> {
        let rb = self
            .http
            .post(self.url("interoperability/sdk-tokens"))
            .header(INTEROP_TOKEN_HEADER, token_header(network_session_token)?)
            .json(&serde_json::json!({}));
        let v = self.send(correlated(rb)).await?;
        v.get("sdk_token")
            .and_then(Value::as_str)
            .map(str::to_string)
            .ok_or_else(|| KlarnaError::Upstream("sdk-tokens answer without sdk_token".into()))
    }

    async fn payment_request(&self, id: &str) -> Result<PaymentRequestInfo, KlarnaError> {
        let mut url = reqwest::Url::parse(&self.url(payment_request::PATH))
            .map_err(|_| KlarnaError::Upstream("KLARNA_API_BASE is not a valid URL".into()))?;
        url.path_segments_mut()
            .map_err(|_| KlarnaError::Upstream("KLARNA_API_BASE can't take a path".into()))?
            .push(id);
        payment_request::parse(&self.send(self.http.get(url)).await?)
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
        let rb = self.http.get(self.url(&transactions::read_path(id)));
        transactions::parse_snapshot(self.send(rb).await?)
    }

    async fn payment_request_state(&self, id: &str) -> Result<String, KlarnaError> {
        // INFERRED: the read path of a payment request (`Payment.fetch(id)` in the SDK).
        let rb = self.http.get(self.url(&transactions::request_path(id)));
        let v = self.send(rb).await?;
        v.get("state")
            .and_then(serde_json::Value::as_str)
            .map(str::to_string)
            .ok_or_else(|| KlarnaError::Upstream("payment request answer without state".into()))
    }

    async fn cancel_payment_request(&self, id: &str, key: &str) -> Result<(), KlarnaError> {
        let path = transactions::cancel_path(id);
        match self.keyed(&path, &serde_json::json!({}), key, key).await {
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
