//! Merchants and their API keys in the store ([`MerchantStore`], a part of
//! every [`Store`](super::Store)), so every instance sees a new merchant, a
//! new key or a revocation at once, without a restart.

use super::StoreResult;
use async_trait::async_trait;
use checkout_core::merchant::{MerchantProfile, OnboardingState};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// The merchant's account at Klarna, as far as we know it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KlarnaLink {
    /// Where the onboarding is.
    pub onboarding: OnboardingState,
    /// Why it failed, when it did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The merchant's Partner Account id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partner_account_id: Option<String>,
    /// The payment account (`acquiring_config.payment_account_id`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_account_id: Option<String>,
    /// The acquiring account the merchant was onboarded with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_acquiring_account_id: Option<String>,
    /// Our reference of its payment account (with the acquiring account id,
    /// the other form of `acquiring_config`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_account_reference: Option<String>,
}

/// A merchant as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MerchantRecord {
    /// `mer_<time><random>`: ids sort in creation order.
    pub id: String,
    /// What the operator says about it.
    pub profile: MerchantProfile,
    /// `false` once offboarded (`DELETE`): no new sessions; nothing erased.
    pub active: bool,
    /// Its Klarna account.
    pub klarna: KlarnaLink,
    /// Bumped by every write; writes compare it (optimistic locking).
    pub version: i64,
    /// Creation time.
    pub created_at: OffsetDateTime,
    /// Last change.
    pub updated_at: OffsetDateTime,
}

/// A merchant API key: only its SHA-256 is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MerchantKeyRecord {
    /// `mk_…`, shown in lists and used to revoke it.
    pub key_id: String,
    /// Whose key.
    pub merchant_id: String,
    /// SHA-256 (hex) of the secret.
    pub secret_hash: String,
    /// The secret's last four characters, to tell keys apart in a list.
    pub last4: String,
    /// When it was made.
    pub created_at: OffsetDateTime,
    /// When it was revoked; a revoked key opens nothing.
    pub revoked_at: Option<OffsetDateTime>,
}

/// Merchants and keys.
#[async_trait]
pub trait MerchantStore: Send + Sync {
    /// Inserts a merchant; `false` when its `reference` is taken.
    async fn insert_merchant(&self, m: &MerchantRecord) -> StoreResult<bool>;
    /// Reads one merchant.
    async fn merchant(&self, id: &str) -> StoreResult<Option<MerchantRecord>>;
    /// The merchant onboarded as Klarna's Partner Account `partner_account_id`.
    async fn merchant_by_partner_account(
        &self,
        partner_account_id: &str,
    ) -> StoreResult<Option<MerchantRecord>>;
    /// Up to `limit` merchants after the id `after`, in creation order.
    async fn merchants(&self, after: Option<&str>, limit: u32) -> StoreResult<Vec<MerchantRecord>>;
    /// Writes `m` if the stored version is still `expected_version` (then
    /// stores `m.version`); `false` when someone wrote in between.
    async fn update_merchant(&self, m: &MerchantRecord, expected_version: i64)
        -> StoreResult<bool>;
    /// Stores a new key.
    async fn insert_merchant_key(&self, k: &MerchantKeyRecord) -> StoreResult<()>;
    /// A merchant's keys, revoked ones too, oldest first (also two made in
    /// the same millisecond, whose ids don't tell which came first).
    async fn merchant_keys(&self, merchant_id: &str) -> StoreResult<Vec<MerchantKeyRecord>>;
    /// The key whose secret hashes to `secret_hash`, unless revoked.
    async fn merchant_key_by_hash(
        &self,
        secret_hash: &str,
    ) -> StoreResult<Option<MerchantKeyRecord>>;
    /// Revokes a key of the merchant; `false` when there is no such live key.
    async fn revoke_merchant_key(
        &self,
        merchant_id: &str,
        key_id: &str,
        at: OffsetDateTime,
    ) -> StoreResult<bool>;
}
