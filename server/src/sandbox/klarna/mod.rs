//! [`SandboxKlarna`]: the offline emulator of Klarna's payment API
//! (`docs/sandbox.md`). Outcomes follow the shopper's e-mail persona; its
//! payment requests live in the [`Store`](crate::store::Store) so every instance sees them.

use super::express;
use crate::ids;
use crate::klarna::{
    AuthorizeCall, AuthorizeResult, ConfirmCall, KlarnaApi, KlarnaError, PaymentRequestInfo,
    Presentation, PresentationQuery, TransactionCall, TransactionSnapshot,
};
use crate::store::Backend;
use async_trait::async_trait;
use base64::Engine;
use serde_json::json;
use std::sync::Arc;

mod confirm;
pub mod expiry;
mod faults;
mod ledger;
pub mod persona;
mod presentation;
mod replay;
mod rules;
mod step_up;

pub use confirm::SANDBOX_CONFIRMATION_PREFIX;
pub use faults::{FaultDraw, SandboxFaults};
pub use persona::{persona, Persona};
pub use presentation::sandbox_instruction;

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
            extras: crate::klarna::ApprovalExtras {
                captures: opened.captures,
                network_response_data: Some(nrd),
                expires_at: opened.expires_at,
                partner_account_id: None,
            },
        })
    }
}

#[async_trait]
impl KlarnaApi for SandboxKlarna {
    async fn authorize(&self, call: &AuthorizeCall) -> Result<AuthorizeResult, KlarnaError> {
        let fingerprint = crate::klarna::wire::authorize_body(call).to_string();
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
        SandboxFaults::work(self.faults.as_ref()).await;
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
        if checkout_core::sandbox::has_saved_option(q.network_session_token.as_deref(), instruction)
        {
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
            self.record_confirm(call, true).await;
            return answer;
        }
        self.record_confirm(call, false).await;
        SandboxFaults::work(self.faults.as_ref()).await;
        let answer = self.decide_confirm(call).await;
        replay::finish(store, "confirm", &call.idempotency_key, &answer).await;
        answer
    }

    async fn sdk_token(&self, network_session_token: &str) -> Result<String, KlarnaError> {
        let enc = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(network_session_token);
        Ok(format!("sandbox_sdk_token.{enc}"))
    }

    async fn payment_request(&self, id: &str) -> Result<PaymentRequestInfo, KlarnaError> {
        express::read_back(self.store.as_ref(), id).await
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

    /// In-process: a call is over when it returns.
    fn longest_call(&self) -> std::time::Duration {
        std::time::Duration::ZERO
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
        self.cancel_request(id, key).await
    }
}
