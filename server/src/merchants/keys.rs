//! Merchant API keys made through the operator API: the secret is shown
//! once, only its SHA-256 is kept, several keys live at once (a merchant
//! rotates without downtime) and a revoked key stops working at once.

use crate::error::AppError;
use crate::state::AppState;
use crate::store::MerchantKeyRecord;
use crate::{clock, ids};
use serde::Serialize;

/// Prefix of every key made here (`sk_…`); bootstrap keys may look
/// different.
pub const PREFIX: &str = "sk_";

/// A new key as the operator sees it once.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct NewKey {
    /// Its id.
    pub key_id: String,
    /// The secret: shown now and never again.
    pub secret: String,
    /// When it was made.
    pub created_at: String,
}

/// A key as lists show it (no secret).
#[derive(Debug, Clone, Serialize)]
pub struct KeyView {
    /// Its id.
    pub key_id: String,
    /// `sk_…` and the secret's last four characters.
    pub masked: String,
    /// When it was made.
    pub created_at: String,
    /// When it was revoked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revoked_at: Option<String>,
}

impl From<&MerchantKeyRecord> for KeyView {
    fn from(k: &MerchantKeyRecord) -> Self {
        KeyView {
            key_id: k.key_id.clone(),
            masked: format!("{PREFIX}…{}", k.last4),
            created_at: clock::format(k.created_at),
            revoked_at: k.revoked_at.map(clock::format),
        }
    }
}

/// Makes and stores a key for `merchant_id`: `sk_live_…` in live mode,
/// `sk_test_…` otherwise, 256 random bits.
pub async fn create(state: &AppState, merchant_id: &str) -> Result<NewKey, AppError> {
    let mode = if state.settings.klarna.mode == crate::settings::KlarnaMode::Live {
        "live"
    } else {
        "test"
    };
    let secret = format!("{PREFIX}{mode}_{}", ids::random_hex(32));
    let now = clock::now();
    let record = MerchantKeyRecord {
        // Time first: ids sort in creation order, like merchants'.
        key_id: ids::ordered("mk_"),
        merchant_id: merchant_id.to_string(),
        secret_hash: ids::sha256_hex(secret.as_bytes()),
        last4: secret[secret.len() - 4..].to_string(),
        created_at: now,
        revoked_at: None,
    };
    state.store.insert_merchant_key(&record).await?;
    tracing::info!(merchant = %merchant_id, key = %record.key_id, "merchant key created");
    Ok(NewKey {
        key_id: record.key_id,
        secret,
        created_at: clock::format(now),
    })
}
