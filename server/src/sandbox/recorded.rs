//! [`RecordedKlarna`]: the sandbox's record of calls as recordings. Wraps
//! the emulator (or any [`KlarnaApi`]) and writes each call the way the
//! real client would have sent it ([`crate::klarna::requests`]) with the emulator's
//! answer in Klarna's shapes ([`super::shapes`]), in the format of the real
//! client's recordings, so `npm run conformance` reads one format in every
//! mode and the contract tests can replay the sandbox's recordings too.

use super::shapes;
use crate::klarna::recording::{self, Exchange, Recorder};
use crate::klarna::requests::{self, Outgoing};
use crate::klarna::{
    AuthorizeCall, AuthorizeResult, ConfirmCall, KlarnaApi, KlarnaError, PaymentRequestInfo,
    Presentation, PresentationQuery, TransactionCall, TransactionSnapshot,
};
use async_trait::async_trait;
use serde_json::Value;
use std::sync::Arc;

/// The sandbox's partner account in recorded paths when none is configured.
pub const SANDBOX_PARTNER: &str = "sandbox-partner";

/// A Klarna client whose every call is recorded.
#[derive(Clone)]
pub struct RecordedKlarna {
    inner: Arc<dyn KlarnaApi>,
    recorder: Arc<Recorder>,
    partner: String,
}

impl RecordedKlarna {
    /// Records `inner`'s calls (made for `partner`) with `recorder`.
    pub fn new(inner: Arc<dyn KlarnaApi>, recorder: Arc<Recorder>, partner: Option<&str>) -> Self {
        RecordedKlarna {
            inner,
            recorder,
            partner: partner.unwrap_or(SANDBOX_PARTNER).to_string(),
        }
    }

    fn write(&self, out: Outgoing, answer: Result<(u16, Option<Value>), &KlarnaError>) {
        let body = out.body.clone();
        let step = (out.operation == "authorize")
            .then(|| requests::authorize_step(body.as_ref()))
            .flatten()
            .map(str::to_string);
        let (status, body) = match answer {
            Ok(a) => a,
            Err(e) => {
                let (s, b) = shapes::error(e);
                (s, Some(b))
            }
        };
        self.recorder.record(&Exchange {
            operation: out.operation.to_string(),
            step,
            request: out.recorded(),
            response: Some(recording::Response {
                status,
                headers: vec![("content-type".into(), "application/json".into())],
                body,
            }),
            ..Default::default()
        });
    }
}

fn ok(v: Value) -> (u16, Option<Value>) {
    (200, Some(v))
}

#[async_trait]
impl KlarnaApi for RecordedKlarna {
    async fn authorize(&self, call: &AuthorizeCall) -> Result<AuthorizeResult, KlarnaError> {
        let r = self.inner.authorize(call).await;
        let answer = r.as_ref().map(|a| ok(shapes::authorize(call, a)));
        self.write(requests::authorize(&self.partner, call), answer);
        r
    }

    async fn presentation(&self, q: &PresentationQuery) -> Result<Presentation, KlarnaError> {
        let r = self.inner.presentation(q).await;
        let answer = r.as_ref().map(|p| ok(p.body.clone()));
        self.write(requests::presentation(&self.partner, q), answer);
        r
    }

    async fn confirm(&self, call: &ConfirmCall) -> Result<AuthorizeResult, KlarnaError> {
        let r = self.inner.confirm(call).await;
        let as_authorize = AuthorizeCall {
            session_id: String::new(),
            transaction_reference: String::new(),
            merchant_reference: String::new(),
            amount: call.amount,
            currency: call.currency.clone(),
            order_lines: vec![],
            customer: Default::default(),
            shipping: None,
            payment_option_id: None,
            network_session_token: None,
            network_data: None,
            step: crate::klarna::AuthorizeStep::Final {
                payment_request_id: String::new(),
            },
            idempotency_key: call.idempotency_key.clone(),
            correlation_id: None,
            capture_now: false,
            acquiring_config: None,
        };
        let answer = r.as_ref().map(|a| ok(shapes::authorize(&as_authorize, a)));
        self.write(requests::confirm(&self.partner, call), answer);
        r
    }

    async fn sdk_token(&self, network_session_token: &str) -> Result<String, KlarnaError> {
        let r = self.inner.sdk_token(network_session_token).await;
        let answer = r.as_ref().map(|t| ok(shapes::sdk_token(t)));
        self.write(
            requests::sdk_token(&self.partner, network_session_token),
            answer,
        );
        r
    }

    async fn payment_request(&self, id: &str) -> Result<PaymentRequestInfo, KlarnaError> {
        let r = self.inner.payment_request(id).await;
        let answer = r.as_ref().map(|p| ok(shapes::payment_request(p)));
        self.write(requests::read_payment_request(&self.partner, id), answer);
        r
    }

    async fn payment_request_state(&self, id: &str) -> Result<String, KlarnaError> {
        let r = self.inner.payment_request_state(id).await;
        let answer = r
            .as_ref()
            .map(|s| ok(serde_json::json!({"payment_request_id": id, "state": s})));
        self.write(requests::read_payment_request(&self.partner, id), answer);
        r
    }

    async fn capture(&self, call: &TransactionCall) -> Result<String, KlarnaError> {
        let r = self.inner.capture(call).await;
        let answer = r.as_ref().map(|id| (201, Some(shapes::capture(id))));
        self.write(requests::transaction(&self.partner, call), answer);
        r
    }

    async fn refund(&self, call: &TransactionCall) -> Result<String, KlarnaError> {
        let r = self.inner.refund(call).await;
        let answer = r.as_ref().map(|id| (201, Some(shapes::refund(id))));
        self.write(requests::transaction(&self.partner, call), answer);
        r
    }

    async fn void(&self, call: &TransactionCall) -> Result<(), KlarnaError> {
        let r = self.inner.void(call).await;
        let answer = r.as_ref().map(|_| (204, None));
        self.write(requests::transaction(&self.partner, call), answer);
        r
    }

    async fn read_transaction(&self, id: &str) -> Result<TransactionSnapshot, KlarnaError> {
        let r = self.inner.read_transaction(id).await;
        let answer = r.as_ref().map(|s| ok(shapes::transaction(&s.body)));
        self.write(requests::read_transaction(&self.partner, id), answer);
        r
    }

    fn longest_call(&self) -> std::time::Duration {
        self.inner.longest_call()
    }

    async fn cancel_payment_request(&self, id: &str, key: &str) -> Result<(), KlarnaError> {
        let r = self.inner.cancel_payment_request(id, key).await;
        let answer = r.as_ref().map(|_| (204, None));
        self.write(
            requests::cancel_payment_request(&self.partner, id, key),
            answer,
        );
        r
    }
}
