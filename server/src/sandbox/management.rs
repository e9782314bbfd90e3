//! [`SandboxManagement`]: Klarna's onboarding emulated offline. An onboarded
//! merchant's Partner Account is set up a moment later (`OPERATIONAL`
//! [`SETUP_MS`] after the first onboard call), like Klarna's; a merchant
//! whose reference ends in `-fail` is refused, for tests of that path. Every
//! call is kept in the sandbox's record of Klarna calls
//! (`GET /sandbox/klarna/requests?merchant=…`).

use crate::klarna::management::{AccountState, KlarnaManagement, OnboardCall, Onboarded};
use crate::klarna::management_wire as wire;
use crate::klarna::KlarnaError;
use crate::store::{Backend, SandboxCall};
use crate::{clock, ids};
use async_trait::async_trait;
use serde_json::json;
use std::sync::Arc;

/// How long the emulated account takes to become `OPERATIONAL`.
pub const SETUP_MS: i64 = 1_500;
/// A merchant reference ending in this is refused by the emulated onboarding.
pub const REFUSED_SUFFIX: &str = "-fail";

/// The emulated Management API.
#[derive(Clone)]
pub struct SandboxManagement {
    store: Arc<dyn Backend>,
}

impl SandboxManagement {
    /// An emulator keeping its accounts in `store` (every instance sees them).
    pub fn new(store: Arc<dyn Backend>) -> SandboxManagement {
        SandboxManagement { store }
    }

    async fn record(
        &self,
        operation: &str,
        outcome: &str,
        key: Option<&str>,
        detail: serde_json::Value,
    ) {
        let call = SandboxCall {
            operation: operation.into(),
            session_id: None,
            transaction_id: None,
            idempotency_key: key.map(str::to_string),
            outcome: outcome.into(),
            detail,
            at: clock::now(),
        };
        super::record_call(self.store.as_ref(), call).await;
    }

    fn created_key(id: &str) -> String {
        format!("sandbox.partner_account.created_ms:{id}")
    }
}

fn upstream(e: crate::store::StoreError) -> KlarnaError {
    KlarnaError::Upstream(e.to_string())
}

#[async_trait]
impl KlarnaManagement for SandboxManagement {
    async fn onboard(&self, call: &OnboardCall) -> Result<Onboarded, KlarnaError> {
        let body = wire::onboard_body(call);
        let reference = &call.profile.reference;
        if reference.ends_with(REFUSED_SUFFIX) {
            self.record("onboard", "refused", Some(&call.idempotency_key), body)
                .await;
            return Err(KlarnaError::Rejected {
                status: 400,
                message: format!(
                    "sandbox: onboarding refused (the reference ends in {REFUSED_SUFFIX})"
                ),
            });
        }
        // The same reference is the same account (Klarna's incremental onboarding).
        let id = format!(
            "krn:partner:global:account:sandbox-{}",
            &ids::sha256_hex(reference.as_bytes())[..16]
        );
        let now = crate::clock::now_ms();
        self.store
            .shared_value(&Self::created_key(&id), &now.to_string())
            .await
            .map_err(upstream)?;
        self.record(
            "onboard",
            "performed",
            Some(&call.idempotency_key),
            json!({"partner_account_id": id, "request": body}),
        )
        .await;
        Ok(Onboarded {
            payment_account_id: Some(format!(
                "krn:payment:eu1:account:sandbox-{}",
                &id[id.len() - 16..]
            )),
            partner_account_id: id,
            state: AccountState::PartiallyOperational,
            payment_acquiring_account_id: call.payment_acquiring_account_id.clone(),
            payment_account_reference: wire::payment_account_reference(reference),
        })
    }

    async fn account_state(&self, partner_account_id: &str) -> Result<AccountState, KlarnaError> {
        let created = self
            .store
            .shared_value(&Self::created_key(partner_account_id), "unknown")
            .await
            .map_err(upstream)?;
        let Ok(created) = created.parse::<i64>() else {
            return Err(KlarnaError::Rejected {
                status: 404,
                message: "sandbox: no such partner account".into(),
            });
        };
        let now = crate::clock::now_ms();
        Ok(if now - created >= SETUP_MS {
            AccountState::Operational
        } else {
            AccountState::PartiallyOperational
        })
    }

    async fn update(
        &self,
        partner_account_id: &str,
        call: &OnboardCall,
    ) -> Result<(), KlarnaError> {
        self.account_state(partner_account_id).await?;
        let detail =
            json!({"partner_account_id": partner_account_id, "request": wire::update_body(call)});
        self.record(
            "update_partner_account",
            "performed",
            Some(&call.idempotency_key),
            detail,
        )
        .await;
        Ok(())
    }
}
