//! Klarna Web SDK settings handed to pages: the hosted page's SDK config,
//! the payment account (`acquiring_config`) and on-site messaging's config.

use serde::{Deserialize, Serialize};

/// Which of several payment accounts at Klarna a payment uses (Klarna's
/// `AcquiringConfig`, `WSDK/v2/types/common.AcquiringConfig.html`): the API
/// takes it as `acquiring_config`, the Web SDK as `acquiringConfig`
/// (`paymentAccountId`). Klarna also names a second form,
/// `{paymentAcquiringAccountId, paymentAccountReference}`; the checkout sets
/// the first (`KLARNA_PAYMENT_ACCOUNT_ID`), the second comes with the
/// per-merchant settings if acquirers need it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AcquiringConfig {
    /// Klarna's payment account id.
    pub payment_account_id: String,
}

/// Klarna settings the hosted page needs to initialize the Web SDK.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KlarnaSdkConfig {
    /// Where to `import()` the SDK from.
    pub sdk_url: String,
    /// The acquirer's Klarna client id.
    pub client_id: String,
    /// The merchant's partner account id at Klarna, when acting on its behalf.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partner_account_id: Option<String>,
    /// Server-issued SDK token (exchanged from the network session token).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sdk_token: Option<String>,
    /// The payment account at Klarna (`KLARNA_PAYMENT_ACCOUNT_ID`), when the
    /// acquirer names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acquiring_config: Option<AcquiringConfig>,
    /// SDK products to load.
    pub products: Vec<String>,
    /// `sandbox`, `test` or `live`.
    pub mode: String,
    /// Time limit of one attempt at loading the SDK, in milliseconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub load_timeout_ms: Option<u32>,
}

/// Answer of `GET /v1/messaging/config`: what a merchant's own pages need to
/// show Klarna's on-site messaging with the acquirer's Web SDK settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MessagingConfig {
    /// Web SDK module URL.
    pub sdk_url: String,
    /// The acquirer's Web SDK client id.
    pub client_id: String,
    /// Partner account id, when configured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partner_account_id: Option<String>,
    /// `sandbox`, `test` or `live`.
    pub mode: String,
    /// Klarna locales messaging can be shown in.
    pub locales: Vec<String>,
    /// Currencies messaging can be shown for.
    pub currencies: Vec<String>,
}
