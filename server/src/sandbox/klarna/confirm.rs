//! The sandbox's payment confirmation (v1 `resolve()`'s
//! `PAYMENT_PENDING_CONFIRMATION`): tokens with the sandbox's prefix are
//! confirmed by persona; any other token is unknown to it.

use super::{persona, transaction_id, Persona, SandboxKlarna};
use crate::klarna::{AuthorizeResult, ConfirmCall, KlarnaError};
use serde_json::json;

/// Prefix of the payment confirmation tokens the sandbox confirms.
pub const SANDBOX_CONFIRMATION_PREFIX: &str = "sandbox_pct_";

impl SandboxKlarna {
    /// Keeps a confirmation in the record of calls, with its session, as
    /// [`Self::record`] keeps an authorization. Sandbox only.
    pub(super) async fn record_confirm(&self, call: &ConfirmCall, replayed: bool) {
        let detail = json!({
            "operation": "confirm",
            "payment_confirmation_token": call.payment_confirmation_token,
            "klarna_network_session_token": call.network_session_token,
            "amount": call.amount,
            "currency": call.currency,
            "klarna_idempotency_key": call.idempotency_key,
            "replayed": replayed,
        });
        let outcome = if replayed { "replayed" } else { "performed" };
        let (sid, key) = (
            Some(call.session_id.as_str()),
            Some(call.idempotency_key.as_str()),
        );
        self.log_call("confirm", sid, None, key, outcome, detail)
            .await;
    }

    /// Answers a confirmation that was not a replay.
    pub(super) async fn decide_confirm(
        &self,
        call: &ConfirmCall,
    ) -> Result<AuthorizeResult, KlarnaError> {
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
                // A confirmation token is used once; its replays (the same
                // idempotency key) were answered before this.
                if self.transaction_exists(&id).await? {
                    return Err(KlarnaError::Rejected {
                        status: 409,
                        message: "the payment confirmation token was already used".into(),
                    });
                }
                self.open_transaction(&id, &call.session_id, call.amount, &call.currency, false)
                    .await?;
                Ok(AuthorizeResult::Approved {
                    payment_transaction_id: id,
                    extras: Default::default(),
                })
            }
        }
    }
}
