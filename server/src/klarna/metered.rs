//! [`MeteredKlarna`]: any [`KlarnaApi`] with each call counted and timed
//! (`checkout_klarna_calls_total{operation,outcome}`,
//! `checkout_klarna_call_duration_seconds{operation}`) and logged when it fails.

use super::{
    AuthorizeCall, AuthorizeResult, ConfirmCall, KlarnaApi, KlarnaError, PaymentRequestInfo,
    Presentation, PresentationQuery, TransactionCall, TransactionSnapshot,
};
use async_trait::async_trait;
use std::sync::Arc;
use std::time::Instant;

/// Wraps a Klarna client with metrics.
pub struct MeteredKlarna(pub Arc<dyn KlarnaApi>);

fn outcome<T>(r: &Result<T, KlarnaError>, ok: impl Fn(&T) -> &'static str) -> &'static str {
    match r {
        Ok(v) => ok(v),
        Err(KlarnaError::Upstream(_)) => "upstream_error",
        Err(KlarnaError::Rejected { .. }) => "rejected",
    }
}

fn authorize_outcome(r: &AuthorizeResult) -> &'static str {
    match r {
        AuthorizeResult::Approved { .. } => "approved",
        AuthorizeResult::StepUpRequired { .. } => "step_up_required",
        AuthorizeResult::Declined { .. } => "declined",
    }
}

fn record(operation: &'static str, outcome: &'static str, started: Instant) {
    metrics::counter!("checkout_klarna_calls_total", "operation" => operation, "outcome" => outcome)
        .increment(1);
    metrics::histogram!("checkout_klarna_call_duration_seconds", "operation" => operation)
        .record(started.elapsed().as_secs_f64());
    if matches!(outcome, "upstream_error" | "rejected") {
        tracing::warn!(
            operation,
            outcome,
            ms = started.elapsed().as_millis() as u64,
            "Klarna call failed"
        );
    }
}

#[async_trait]
impl KlarnaApi for MeteredKlarna {
    async fn authorize(&self, call: &AuthorizeCall) -> Result<AuthorizeResult, KlarnaError> {
        let started = Instant::now();
        let r = self.0.authorize(call).await;
        record("authorize", outcome(&r, authorize_outcome), started);
        r
    }

    async fn presentation(&self, q: &PresentationQuery) -> Result<Presentation, KlarnaError> {
        let started = Instant::now();
        let r = self.0.presentation(q).await;
        record("presentation", outcome(&r, |_| "ok"), started);
        r
    }

    async fn confirm(&self, call: &ConfirmCall) -> Result<AuthorizeResult, KlarnaError> {
        let started = Instant::now();
        let r = self.0.confirm(call).await;
        record("confirm", outcome(&r, authorize_outcome), started);
        r
    }

    async fn sdk_token(&self, network_session_token: &str) -> Result<String, KlarnaError> {
        let started = Instant::now();
        let r = self.0.sdk_token(network_session_token).await;
        record("sdk_token", outcome(&r, |_| "ok"), started);
        r
    }

    async fn capture(&self, call: &TransactionCall) -> Result<String, KlarnaError> {
        let started = Instant::now();
        let r = self.0.capture(call).await;
        record("capture", outcome(&r, |_| "ok"), started);
        r
    }

    async fn refund(&self, call: &TransactionCall) -> Result<String, KlarnaError> {
        let started = Instant::now();
        let r = self.0.refund(call).await;
        record("refund", outcome(&r, |_| "ok"), started);
        r
    }

    async fn void(&self, call: &TransactionCall) -> Result<(), KlarnaError> {
        let started = Instant::now();
        let r = self.0.void(call).await;
        record("void", outcome(&r, |_| "ok"), started);
        r
    }

    async fn read_transaction(
        &self,
        payment_transaction_id: &str,
    ) -> Result<TransactionSnapshot, KlarnaError> {
        let started = Instant::now();
        let r = self.0.read_transaction(payment_transaction_id).await;
        record("read_transaction", outcome(&r, |_| "ok"), started);
        r
    }

    async fn cancel_payment_request(
        &self,
        payment_request_id: &str,
        idempotency_key: &str,
    ) -> Result<(), KlarnaError> {
        let started = Instant::now();
        let r = self
            .0
            .cancel_payment_request(payment_request_id, idempotency_key)
            .await;
        record("cancel_payment_request", outcome(&r, |_| "ok"), started);
        r
    }

    async fn payment_request(&self, id: &str) -> Result<PaymentRequestInfo, KlarnaError> {
        let started = Instant::now();
        let r = self.0.payment_request(id).await;
        record("payment_request", outcome(&r, |_| "ok"), started);
        r
    }

    async fn payment_request_state(&self, id: &str) -> Result<String, KlarnaError> {
        let started = Instant::now();
        let r = self.0.payment_request_state(id).await;
        record("payment_request_state", outcome(&r, |_| "ok"), started);
        r
    }

    fn longest_call(&self) -> std::time::Duration {
        self.0.longest_call()
    }
}
