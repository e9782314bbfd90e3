//! A merchant's Klarna account: the partner account and payment account its
//! checkout and Klarna calls use. Apart from [`super::account`] so that the
//! app state, which picks a Klarna client per account, needs nothing of the
//! merchant's store.

use checkout_core::api::AcquiringConfig;

/// A merchant's Klarna account for its checkout.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct KlarnaAccount {
    /// `partnerAccountId` / the account in Klarna's API paths.
    pub partner_account_id: Option<String>,
    /// `acquiring_config.payment_account_id`.
    pub payment_account_id: Option<String>,
}

impl KlarnaAccount {
    /// `acquiring_config` for the SDK and Klarna's calls: the payment
    /// account, when one is named.
    pub fn acquiring_config(&self) -> Option<AcquiringConfig> {
        self.payment_account_id
            .clone()
            .map(|payment_account_id| AcquiringConfig { payment_account_id })
    }
}
