//! [`RealKlarna`]: Klarna's payment API over HTTPS (reqwest + rustls).
//!
//! Basic auth with the acquirer's API key, `Klarna-Network-Session-Token`
//! when a token is known, timeouts on every call; 5xx, connection errors,
//! timeouts (over headers and body together), answers over 1 MiB and
//! unparseable answers are [`KlarnaError::Upstream`]. The
//! requests are built in [`super::requests`] and sent by [`transport`]; with
//! a [`Recorder`] (`KLARNA_RECORDINGS_DIR`) every exchange is also written,
//! redacted.

use super::recording::Recorder;
use super::requests;
use super::transactions;
use super::{
    payment_request, wire, AuthorizeCall, AuthorizeResult, ConfirmCall, KlarnaApi, KlarnaError,
    PaymentRequestInfo, Presentation, PresentationQuery, TransactionCall, TransactionSnapshot,
};
use crate::settings::Secret;
use async_trait::async_trait;
use base64::Engine;
use reqwest::Client;
use std::sync::Arc;
use std::time::Duration;

pub use super::requests::{INTEROP_TOKEN_HEADER, NETWORK_TOKEN_HEADER};

mod transport;

/// The real Klarna client.
#[derive(Clone)]
pub struct RealKlarna {
    http: Client,
    base: String,
    partner_account_id: String,
    authorization: Secret,
    recorder: Option<Arc<Recorder>>,
    /// Limit of one call, headers and body together ([`CALL_TIMEOUT`]).
    call_timeout: Duration,
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

/// Time limit of one call to Klarna: connection, headers and the whole body.
pub const CALL_TIMEOUT: Duration = Duration::from_secs(20);

/// The largest answer read from Klarna (1 MiB); a bigger one is
/// [`KlarnaError::Upstream`] naming its size, never read into memory.
pub const MAX_ANSWER_BYTES: usize = 1 << 20;

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
            call_timeout: CALL_TIMEOUT,
        })
    }

    /// The same client writing every exchange to `recorder`.
    pub fn with_recorder(mut self, recorder: Option<Arc<Recorder>>) -> RealKlarna {
        self.recorder = recorder;
        self
    }

    /// The same client with another limit per call (tests, custom
    /// deployments); `CALL_TIMEOUT` (20 s) by default.
    pub fn with_call_timeout(mut self, limit: Duration) -> RealKlarna {
        self.call_timeout = limit;
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
}

#[async_trait]
impl KlarnaApi for RealKlarna {
    fn longest_call(&self) -> std::time::Duration {
        self.call_timeout
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
