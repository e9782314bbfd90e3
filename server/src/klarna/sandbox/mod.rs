//! [`SandboxKlarna`]: the offline emulator of Klarna's payment API
//! (`docs/sandbox.md`). Outcomes follow the shopper's e-mail persona; its
//! payment requests live in the [`Store`] so every instance sees them.

use super::{
    sandbox_express, AuthorizeCall, AuthorizeResult, AuthorizeStep, ConfirmCall, KlarnaApi,
    KlarnaError, PaymentRequestInfo, Presentation, PresentationQuery, TransactionCall,
    TransactionSnapshot,
};
use crate::store::{Backend, SandboxRequest};
use crate::{clock, ids};
use async_trait::async_trait;
use base64::Engine;
use checkout_core::markets::{market, split_locale};
use checkout_core::presentation::Instruction;
use serde_json::json;
use std::sync::Arc;

mod replay;

/// A sandbox persona, chosen by `customer+<cc>[+persona]@klarna.com`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Persona {
    /// Approves at once (also any other address, or none).
    Approve,
    /// Declines.
    Denied,
    /// Asks for a purchase journey the shopper completes.
    StepUp,
    /// Asks for a purchase journey the shopper closes.
    Abort,
    /// Klarna fails with a 5xx.
    Error,
}

impl Persona {
    /// The persona's name (`approve`, `denied`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Persona::Approve => "approve",
            Persona::Denied => "denied",
            Persona::StepUp => "stepup",
            Persona::Abort => "abort",
            Persona::Error => "error",
        }
    }

    /// Parses a persona name.
    pub fn parse(s: &str) -> Option<Persona> {
        [
            Persona::Approve,
            Persona::Denied,
            Persona::StepUp,
            Persona::Abort,
            Persona::Error,
        ]
        .into_iter()
        .find(|p| p.as_str() == s)
    }
}

/// The persona of an e-mail address (the last `+tag` of the local part).
pub fn persona(email: Option<&str>) -> Persona {
    let local = email
        .and_then(|e| e.split_once('@'))
        .map(|(l, _)| l.to_ascii_lowercase());
    let tag = local
        .as_deref()
        .and_then(|l| l.rsplit_once('+'))
        .map(|(_, t)| t.to_string());
    tag.as_deref()
        .and_then(Persona::parse)
        .unwrap_or(Persona::Approve)
}

/// Prefix of the payment confirmation tokens the sandbox confirms.
pub const SANDBOX_CONFIRMATION_PREFIX: &str = "sandbox_pct_";

pub mod expiry;
mod faults;
mod ledger;

pub use faults::{FaultDraw, SandboxFaults};

/// The emulated Klarna.
#[derive(Clone)]
pub struct SandboxKlarna {
    store: Arc<dyn Backend>,
    public_url: String,
    faults: Option<SandboxFaults>,
    /// The Partner Account the calls are made for (a merchant's, or the
    /// global one): kept in every record, so tests see whose account Klarna got.
    partner_account_id: Option<String>,
}

/// Transaction id of a sandbox approval; derived from `seed` so repeating a
/// final authorization with the same token gives the same transaction.
fn transaction_id(seed: &str) -> String {
    format!(
        "krn:payment:eu1:transaction:sandbox-{}",
        &ids::sha256_hex(seed.as_bytes())[..32]
    )
}

impl SandboxKlarna {
    /// An emulator keeping its payment requests in `store`; journey URLs point at `public_url`.
    pub fn new(store: Arc<dyn Backend>, public_url: &str) -> SandboxKlarna {
        SandboxKlarna {
            store,
            public_url: public_url.to_string(),
            faults: None,
            partner_account_id: None,
        }
    }

    /// The same emulator acting for `partner_account_id`.
    pub fn for_account(&self, partner_account_id: Option<&str>) -> SandboxKlarna {
        SandboxKlarna {
            partner_account_id: partner_account_id.map(str::to_string),
            ..self.clone()
        }
    }

    /// The same emulator failing a share of its transaction calls (tests).
    pub fn with_faults(mut self, faults: Option<SandboxFaults>) -> SandboxKlarna {
        self.faults = faults;
        self
    }

    /// An approval: opens the emulated transaction (captured at once when
    /// asked) and answers it as Klarna would.
    async fn approve(
        &self,
        id: String,
        call: &AuthorizeCall,
    ) -> Result<AuthorizeResult, KlarnaError> {
        let opened = self
            .open_transaction(
                &id,
                &call.session_id,
                call.amount,
                &call.currency,
                call.capture_now,
            )
            .await?;
        let nrd = serde_json::json!({"sandbox": true, "payment_transaction_id": id}).to_string();
        Ok(AuthorizeResult::Approved {
            payment_transaction_id: id,
            extras: super::ApprovalExtras {
                captures: opened.captures,
                network_response_data: Some(nrd),
                expires_at: opened.expires_at,
            },
        })
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
            .map_err(|e| KlarnaError::Upstream(e.to_string()))?;
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
        let rejected = |m: &str| KlarnaError::Rejected {
            status: 400,
            message: m.to_string(),
        };
        let pr = self
            .store
            .sandbox_request(pr_id)
            .await
            .map_err(|e| KlarnaError::Upstream(e.to_string()))?;
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
        if let Some(answer) = sandbox_express::decision(&pr) {
            return answer;
        }
        self.approve(transaction_id(token), call).await
    }
}

/// The sandbox's instruction rules (`docs/sandbox.md`, "Presentation instruction").
pub fn sandbox_instruction(q: &PresentationQuery) -> Instruction {
    let token = q.network_session_token.as_deref();
    let forced = [
        "HIDE_KLARNA",
        "SHOW_ONLY_KLARNA",
        "PRESELECT_KLARNA",
        "SHOW_KLARNA",
    ]
    .into_iter()
    .find(|name| token.is_some_and(|t| t.contains(name)));
    if let Some(i) = forced.and_then(Instruction::parse) {
        return i;
    }
    let market_currency = split_locale(&q.locale)
        .and_then(|(_, cc)| market(cc))
        .map(|m| m.currency);
    if !(100..=1_000_000).contains(&q.amount) || market_currency != Some(q.currency.as_str()) {
        return Instruction::HideKlarna;
    }
    if token.is_some() {
        Instruction::PreselectKlarna
    } else {
        Instruction::ShowKlarna
    }
}

impl SandboxKlarna {
    /// Keeps what this emulated Klarna received, as Klarna would see it, in the
    /// store's record of calls (`sandbox_calls`), so tests can check
    /// the network session token at the server hop and count the calls.
    /// `replayed` marks a call answered from an earlier one with the same
    /// `Klarna-Idempotency-Key`. Sandbox only.
    async fn record(&self, call: &AuthorizeCall, replayed: bool) {
        let step = match &call.step {
            AuthorizeStep::Initial { .. } => "initial",
            AuthorizeStep::Final { .. } => "final",
        };
        let detail = json!({
            "operation": "authorize",
            "step": step,
            "klarna_network_session_token": call.network_session_token,
            "amount": call.amount,
            "currency": call.currency,
            "payment_option_id": call.payment_option_id,
            "klarna_idempotency_key": call.idempotency_key,
            "replayed": replayed,
            "partner_account_id": self.partner_account_id,
            "capture": call.capture_now.then_some("NOW"),
        });
        let sid = Some(call.session_id.as_str());
        let key = Some(call.idempotency_key.as_str());
        let outcome = if replayed { "replayed" } else { "performed" };
        self.log_call("authorize", sid, None, key, outcome, detail)
            .await;
    }

    async fn decide(&self, call: &AuthorizeCall) -> Result<AuthorizeResult, KlarnaError> {
        match &call.step {
            AuthorizeStep::Initial { .. } => self.initial(call).await,
            AuthorizeStep::Final { payment_request_id } => {
                self.finalize(call, payment_request_id).await
            }
        }
    }
}

#[async_trait]
impl KlarnaApi for SandboxKlarna {
    async fn authorize(&self, call: &AuthorizeCall) -> Result<AuthorizeResult, KlarnaError> {
        let fingerprint = super::wire::authorize_body(call).to_string();
        let replay = replay::begin(
            self.store.as_ref(),
            "authorize",
            &call.idempotency_key,
            &fingerprint,
        )
        .await?;
        if let Some(answer) = replay {
            self.record(call, true).await;
            return answer;
        }
        self.record(call, false).await;
        let answer = self.decide(call).await;
        replay::finish(
            self.store.as_ref(),
            "authorize",
            &call.idempotency_key,
            &answer,
        )
        .await;
        answer
    }

    async fn presentation(&self, q: &PresentationQuery) -> Result<Presentation, KlarnaError> {
        let instruction = sandbox_instruction(q);
        let option = |id: &str| json!({"payment_option_id": id, "header": {"text": "Klarna"}});
        let mut body =
            json!({"instruction": instruction.as_str(), "payment_option": option("KLARNA")});
        if instruction == Instruction::PreselectKlarna {
            body["saved_payment_option"] = option("SAVED_PAYMENT_OPTION");
        }
        Ok(Presentation { instruction, body })
    }

    async fn confirm(&self, call: &ConfirmCall) -> Result<AuthorizeResult, KlarnaError> {
        let fingerprint = format!(
            "{}:{}:{}",
            call.payment_confirmation_token, call.amount, call.currency
        );
        let store = self.store.as_ref();
        if let Some(answer) =
            replay::begin(store, "confirm", &call.idempotency_key, &fingerprint).await?
        {
            return answer;
        }
        let answer = self.decide_confirm(call).await;
        replay::finish(store, "confirm", &call.idempotency_key, &answer).await;
        answer
    }

    async fn sdk_token(&self, network_session_token: &str) -> Result<String, KlarnaError> {
        let enc = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(network_session_token);
        Ok(format!("sandbox_sdk_token.{enc}"))
    }

    async fn payment_request(&self, id: &str) -> Result<PaymentRequestInfo, KlarnaError> {
        sandbox_express::read_back(self.store.as_ref(), id).await
    }

    async fn capture(&self, call: &TransactionCall) -> Result<String, KlarnaError> {
        Ok(self.transaction_call(call).await?.unwrap_or_default())
    }

    async fn refund(&self, call: &TransactionCall) -> Result<String, KlarnaError> {
        Ok(self.transaction_call(call).await?.unwrap_or_default())
    }

    async fn void(&self, call: &TransactionCall) -> Result<(), KlarnaError> {
        self.transaction_call(call).await.map(|_| ())
    }

    async fn read_transaction(&self, id: &str) -> Result<TransactionSnapshot, KlarnaError> {
        self.snapshot(id).await
    }

    async fn payment_request_state(&self, id: &str) -> Result<String, KlarnaError> {
        match self.store.sandbox_request(id).await {
            Ok(Some(pr)) => Ok(pr.state),
            Ok(None) => Err(KlarnaError::Rejected {
                status: 404,
                message: "unknown payment request".into(),
            }),
            Err(e) => Err(KlarnaError::Upstream(e.to_string())),
        }
    }

    async fn cancel_payment_request(&self, id: &str, key: &str) -> Result<(), KlarnaError> {
        let pr = self
            .store
            .sandbox_request(id)
            .await
            .map_err(|e| KlarnaError::Upstream(e.to_string()))?;
        let session = pr.as_ref().map(|p| p.reference.clone());
        let mut outcome = "performed";
        for from in ["SUBMITTED", "IN_PROGRESS"] {
            let done = self
                .store
                .sandbox_transition(id, from, "CANCELED", None, clock::now())
                .await
                .map_err(|e| KlarnaError::Upstream(e.to_string()))?;
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

impl SandboxKlarna {
    async fn decide_confirm(&self, call: &ConfirmCall) -> Result<AuthorizeResult, KlarnaError> {
        let token = &call.payment_confirmation_token;
        if !token.starts_with(SANDBOX_CONFIRMATION_PREFIX) {
            return Err(KlarnaError::Rejected {
                status: 404,
                message: format!(
                    "unknown payment confirmation token (the sandbox confirms tokens starting with {SANDBOX_CONFIRMATION_PREFIX})"
                ),
            });
        }
        match persona(call.customer.email.as_deref()) {
            Persona::Denied => Ok(AuthorizeResult::Declined {
                reason: Some("sandbox persona +denied".into()),
            }),
            Persona::Error => Err(KlarnaError::Upstream(
                "Klarna answered 503 (sandbox persona +error)".into(),
            )),
            // The shopper already confirmed: the journey personas approve too.
            Persona::Approve | Persona::StepUp | Persona::Abort => {
                let id = transaction_id(&format!("confirm:{token}"));
                self.open_transaction(&id, "", call.amount, &call.currency, false)
                    .await?;
                Ok(AuthorizeResult::Approved {
                    payment_transaction_id: id,
                    extras: Default::default(),
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn personas_by_email() {
        let cases = [
            (Some("customer+de@klarna.com"), Persona::Approve),
            (Some("customer+de+denied@klarna.com"), Persona::Denied),
            (Some("Customer+SE+StepUp@klarna.com"), Persona::StepUp),
            (Some("customer+de+abort@klarna.com"), Persona::Abort),
            (Some("customer+de+error@klarna.com"), Persona::Error),
            (Some("someone@example.com"), Persona::Approve),
            (None, Persona::Approve),
        ];
        for (email, want) in cases {
            assert_eq!(persona(email), want, "{email:?}");
        }
    }

    #[test]
    fn instruction_triggers() {
        let q = |amount, currency: &str, token: Option<&str>| PresentationQuery {
            locale: "de-DE".into(),
            amount,
            currency: currency.into(),
            intents: vec!["PAY".into()],
            network_session_token: token.map(str::to_string),
        };
        let forced = "krn:sandbox:eu1:session-token:SHOW_ONLY_KLARNA:1";
        assert_eq!(
            sandbox_instruction(&q(5, "EUR", Some(forced))),
            Instruction::ShowOnlyKlarna
        );
        assert_eq!(
            sandbox_instruction(&q(99, "EUR", None)),
            Instruction::HideKlarna
        );
        assert_eq!(
            sandbox_instruction(&q(11800, "SEK", None)),
            Instruction::HideKlarna
        );
        assert_eq!(
            sandbox_instruction(&q(11800, "EUR", Some("krn:x"))),
            Instruction::PreselectKlarna
        );
        assert_eq!(
            sandbox_instruction(&q(11800, "EUR", None)),
            Instruction::ShowKlarna
        );
    }
}
