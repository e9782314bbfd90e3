//! The sandbox's authorizations and payment requests: the initial
//! authorization (approved, declined, failed, or a purchase journey by
//! persona), the final authorization after a completed journey (which, as
//! Klarna asks, must resend the initial payload), and the cancellation of
//! a payment request that did not end in a transaction.

use super::{persona, transaction_id, Persona, SandboxKlarna};
use crate::klarna::{wire, AuthorizeCall, AuthorizeResult, AuthorizeStep, KlarnaError};
use crate::sandbox::express;
use crate::store::SandboxRequest;
use crate::{clock, ids};
use serde_json::json;

fn upstream(e: impl std::fmt::Display) -> KlarnaError {
    KlarnaError::Upstream(e.to_string())
}

fn rejected(m: &str) -> KlarnaError {
    KlarnaError::Rejected {
        status: 400,
        message: m.to_string(),
    }
}

/// The SHA-256 of what an initial and its final authorization must share:
/// the whole `payment/authorize` body but `step_up_config` (initial only)
/// and `payment_request_id` (final only).
pub(super) fn shared_payload(call: &AuthorizeCall) -> String {
    let mut body = wire::authorize_body(call);
    if let Some(o) = body.as_object_mut() {
        o.remove("step_up_config");
        o.remove("payment_request_id");
    }
    ids::sha256_hex(body.to_string().as_bytes())
}

impl SandboxKlarna {
    /// Keeps what this emulated Klarna received, as Klarna would see it, in the
    /// store's record of calls (`sandbox_calls`), so tests can check
    /// the network session token at the server hop and count the calls.
    /// `replayed` marks a call answered from an earlier one with the same
    /// `Klarna-Idempotency-Key`. Sandbox only.
    pub(super) async fn record(&self, call: &AuthorizeCall, replayed: bool) {
        let detail = self.authorize_detail(call, replayed);
        let sid = Some(call.session_id.as_str());
        let key = Some(call.idempotency_key.as_str());
        let outcome = if replayed { "replayed" } else { "performed" };
        self.log_call("authorize", sid, None, key, outcome, detail)
            .await;
    }

    /// What [`Self::record`] keeps of an authorization (a plain function: the
    /// large `json!` stays out of the async callers' stack frames).
    #[inline(never)]
    fn authorize_detail(&self, call: &AuthorizeCall, replayed: bool) -> serde_json::Value {
        let step = match &call.step {
            AuthorizeStep::Initial { .. } => "initial",
            AuthorizeStep::Final { .. } => "final",
        };
        json!({
            "operation": "authorize",
            "step": step,
            "klarna_network_session_token": call.network_session_token,
            "amount": call.amount,
            "currency": call.currency,
            "payment_option_id": call.payment_option_id,
            "payload_sha256": shared_payload(call),
            "klarna_idempotency_key": call.idempotency_key,
            "replayed": replayed,
            "partner_account_id": self.partner_account_id,
            "capture": call.capture_now.then_some("NOW"),
            "acquiring_config": call.acquiring_config,
            "klarna_network_data": call.network_data,
            "supplementary_purchase_data": crate::klarna::purchase::supplementary_purchase_data(
                &call.merchant_reference,
                &call.order_lines,
                &call.customer,
                call.shipping.as_ref(),
            ),
        })
    }

    /// Answers an authorization that was not a replay.
    pub(super) async fn decide(
        &self,
        call: &AuthorizeCall,
    ) -> Result<AuthorizeResult, KlarnaError> {
        match &call.step {
            AuthorizeStep::Initial { .. } => self.initial(call).await,
            AuthorizeStep::Final { payment_request_id } => {
                self.finalize(call, payment_request_id).await
            }
        }
    }

    async fn initial(&self, call: &AuthorizeCall) -> Result<AuthorizeResult, KlarnaError> {
        let journey = match persona(call.customer.email.as_deref()) {
            Persona::Approve => {
                let seed = format!("{}:{}", call.transaction_reference, ids::random_hex(8));
                return self.approve(transaction_id(&seed), call).await;
            }
            Persona::Denied => {
                return Ok(AuthorizeResult::Declined {
                    reason: Some("sandbox persona +denied".into()),
                })
            }
            Persona::Error => {
                return Err(KlarnaError::Upstream(
                    "Klarna answered 503 (sandbox persona +error)".into(),
                ))
            }
            Persona::StepUp => "complete",
            Persona::Abort => "abort",
        };
        let now = clock::now();
        let id = format!(
            "krn:payment:eu1:payment-request:sandbox-{}",
            ids::random_hex(16)
        );
        let record = SandboxRequest {
            id: id.clone(),
            reference: call.session_id.clone(),
            state: "SUBMITTED".into(),
            journey: journey.into(),
            amount: call.amount,
            currency: call.currency.clone(),
            token: None,
            created_at: now,
            updated_at: now,
        };
        self.store
            .insert_sandbox_request(&record)
            .await
            .map_err(upstream)?;
        Ok(AuthorizeResult::StepUpRequired {
            payment_request_url: Some(format!(
                "{}/sandbox/klarna/payment-requests/{id}",
                self.public_url
            )),
            payment_request_id: id,
        })
    }

    async fn finalize(
        &self,
        call: &AuthorizeCall,
        pr_id: &str,
    ) -> Result<AuthorizeResult, KlarnaError> {
        let pr = self.store.sandbox_request(pr_id).await.map_err(upstream)?;
        let pr = pr.ok_or_else(|| rejected("unknown payment_request_id"))?;
        let token = call.network_session_token.as_deref().unwrap_or("");
        if pr.state != "COMPLETED"
            || !pr
                .token
                .as_deref()
                .is_some_and(|t| ids::secrets_equal(t, token))
        {
            return Err(rejected(
                "the payment request is not completed with this Klarna-Network-Session-Token",
            ));
        }
        if clock::now() - pr.updated_at > time::Duration::minutes(60) {
            return Ok(AuthorizeResult::Declined {
                reason: Some("final authorization later than 60 minutes after completion".into()),
            });
        }
        if pr.amount != call.amount || pr.currency != call.currency {
            return Ok(AuthorizeResult::Declined {
                reason: Some("amount or currency differs from the payment request".into()),
            });
        }
        if let Some(answer) = express::decision(&pr) {
            return answer;
        }
        // An express journey began on the merchant's page (Klarna's own
        // payment request), not with an initial authorization of ours.
        let is_express = pr.journey.starts_with(express::JOURNEY_PREFIX);
        if !is_express && self.initial_payload(&pr).await?.as_deref() != Some(&shared_payload(call))
        {
            return Err(rejected(
                "the final authorization must submit the initial authorization's payload (payment_option_id, amount, line items, …) with payment_request_id",
            ));
        }
        self.approve(transaction_id(token), call).await
    }

    /// The shared payload of the initial authorization that started `pr`:
    /// the session's last initial call received up to the request's creation.
    async fn initial_payload(&self, pr: &SandboxRequest) -> Result<Option<String>, KlarnaError> {
        let calls = self
            .store
            .sandbox_calls(Some(&pr.reference), None)
            .await
            .map_err(upstream)?;
        Ok(calls
            .iter()
            .rfind(|c| {
                c.operation == "authorize" && c.detail["step"] == "initial" && c.at <= pr.created_at
            })
            .and_then(|c| c.detail["payload_sha256"].as_str())
            .map(str::to_string))
    }

    /// Cancels payment request `id` when it is still `SUBMITTED` or
    /// `IN_PROGRESS` (else nothing changes); recorded either way.
    pub(super) async fn cancel_request(&self, id: &str, key: &str) -> Result<(), KlarnaError> {
        let pr = self.store.sandbox_request(id).await.map_err(upstream)?;
        let session = pr.as_ref().map(|p| p.reference.clone());
        let mut outcome = "performed";
        for from in ["SUBMITTED", "IN_PROGRESS"] {
            let done = self
                .store
                .sandbox_transition(id, from, "CANCELED", None, clock::now())
                .await
                .map_err(upstream)?;
            if done {
                outcome = "performed";
                break;
            }
            outcome = "no_effect";
        }
        let detail = json!({"payment_request_id": id, "state_before": pr.map(|p| p.state)});
        self.log_call(
            "cancel_payment_request",
            session.as_deref(),
            None,
            Some(key),
            outcome,
            detail,
        )
        .await;
        Ok(())
    }
}
