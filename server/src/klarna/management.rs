//! Klarna's Management API as the operator API uses it: onboarding a
//! merchant as a Partner Account (`POST /v2/distribution/onboard`), reading
//! its account's state, and sending later changes. The real client is
//! [`RealManagement`]; the sandbox emulates onboarding offline
//! ([`crate::sandbox::SandboxManagement`]). The JSON shapes are in [`management_wire`]
//! (one place, inferred parts marked there).
//!
//! [`management_wire`]: super::management_wire

use super::KlarnaError;
use async_trait::async_trait;
use checkout_core::merchant::MerchantProfile;

pub use super::management_real::RealManagement;

/// A Partner Account's state at Klarna.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountState {
    /// Just onboarded, still being set up (it can already transact).
    PartiallyOperational,
    /// Fully set up.
    Operational,
    /// Disabled by Klarna.
    Disabled,
}

impl AccountState {
    /// Parses Klarna's name.
    pub fn parse(s: &str) -> Option<AccountState> {
        match s {
            "PARTIALLY_OPERATIONAL" => Some(AccountState::PartiallyOperational),
            "OPERATIONAL" => Some(AccountState::Operational),
            "DISABLED" => Some(AccountState::Disabled),
            _ => None,
        }
    }
}

/// What onboarding one merchant sends: its profile and the acquirer's
/// payment profile and acquiring account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OnboardCall {
    /// The merchant.
    pub profile: MerchantProfile,
    /// The acquirer's Payment Profile for it.
    pub payment_profile_id: String,
    /// The acquirer's Payment Acquiring Account for it.
    pub payment_acquiring_account_id: String,
    /// `Klarna-Idempotency-Key`: the same onboarding retried is one.
    pub idempotency_key: String,
}

/// What Klarna answered an onboarding with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Onboarded {
    /// The new Partner Account.
    pub partner_account_id: String,
    /// Its state now.
    pub state: AccountState,
    /// The payment account created for it, when Klarna named one.
    pub payment_account_id: Option<String>,
    /// The acquiring account it was onboarded to.
    pub payment_acquiring_account_id: String,
    /// Our reference of its payment account.
    pub payment_account_reference: String,
}

/// Klarna's Management API.
#[async_trait]
pub trait KlarnaManagement: Send + Sync + 'static {
    /// Onboards a merchant (a 4xx is [`KlarnaError::Rejected`] with Klarna's reason).
    async fn onboard(&self, call: &OnboardCall) -> Result<Onboarded, KlarnaError>;
    /// Reads a Partner Account's state.
    async fn account_state(&self, partner_account_id: &str) -> Result<AccountState, KlarnaError>;
    /// Sends the merchant's current name, contact, entity and stores
    /// (Klarna asks for up-to-date data of every account).
    async fn update(&self, partner_account_id: &str, call: &OnboardCall)
        -> Result<(), KlarnaError>;
}
