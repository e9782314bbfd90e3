//! What one merchant's checkout uses: its Klarna account (its own partner
//! and payment account win over the global settings), the origins of its
//! stores (the default `allowed_origins` of its sessions, which a session
//! may only narrow) and its other methods' labels.

pub use super::klarna_account::KlarnaAccount;
use crate::error::AppError;
use crate::settings::{OtherMethodSetting, DEMO_MERCHANT};
use crate::state::AppState;
use checkout_core::merchant::OnboardingState;

/// Everything a merchant's checkout takes from the merchant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckoutAccount {
    /// Its Klarna account.
    pub klarna: KlarnaAccount,
    /// The origins of its stores (none for a bootstrap merchant).
    pub store_origins: Vec<String>,
    /// Its other methods (the server's when it has none of its own).
    pub other_methods: Vec<OtherMethodSetting>,
    /// Whether it may take new sessions now, and if not why.
    pub refusal: Option<String>,
    /// Whether its sessions may still pay (authorize, confirm, the page's
    /// config…), and if not why, naming its state.
    pub payment_refusal: Option<String>,
}

/// The origin of a URL already validated as a store URL.
pub fn origin(url: &str) -> String {
    crate::settings::origin_of(url).unwrap_or_else(|| url.to_string())
}

/// The checkout account of `merchant_id`.
pub async fn checkout_account(
    state: &AppState,
    merchant_id: &str,
) -> Result<CheckoutAccount, AppError> {
    let s = &state.settings;
    let global = KlarnaAccount {
        partner_account_id: s.klarna.partner_account_id.clone(),
        payment_account_id: s.klarna.payment_account_id.clone(),
    };
    let bootstrap = merchant_id == DEMO_MERCHANT.0
        || s.merchant_keys.iter().any(|k| k.merchant_id == merchant_id);
    if bootstrap {
        return Ok(CheckoutAccount {
            klarna: global,
            store_origins: Vec::new(),
            other_methods: s.other_methods.clone(),
            refusal: None,
            payment_refusal: None,
        });
    }
    let m =
        state.store.merchant(merchant_id).await?.ok_or_else(|| {
            AppError::internal(format!("merchant {merchant_id} is not on record"))
        })?;
    // Why it can't pay now, naming its state: offboarded, or its onboarding.
    let standing = if !m.active {
        Some(format!("merchant {merchant_id} is offboarded (inactive)"))
    } else if m.klarna.onboarding != OnboardingState::Active {
        Some(format!(
            "merchant {merchant_id}'s Klarna onboarding is {}{}",
            m.klarna.onboarding.as_str(),
            m.klarna
                .reason
                .as_deref()
                .map(|r| format!(" ({r})"))
                .unwrap_or_default()
        ))
    } else {
        None
    };
    let refusal = standing.as_ref().map(|why| {
        if m.active {
            format!("{why}; it takes sessions once active")
        } else {
            format!("{why}; it takes no new sessions")
        }
    });
    let payment_refusal = standing.map(|why| format!("{why}; its sessions take no payments"));
    let mut store_origins: Vec<String> = Vec::new();
    for st in &m.profile.stores {
        let o = origin(&st.url);
        if !store_origins.contains(&o) {
            store_origins.push(o);
        }
    }
    let other_methods = if m.profile.other_methods.is_empty() {
        s.other_methods.clone()
    } else {
        m.profile
            .other_methods
            .iter()
            .map(|o| OtherMethodSetting {
                id: o.id.clone(),
                label: o.localized(),
            })
            .collect()
    };
    Ok(CheckoutAccount {
        klarna: KlarnaAccount {
            // The global payment account belongs to the global partner
            // account: a merchant on its own account names its own or none.
            payment_account_id: match &m.klarna.partner_account_id {
                Some(_) => m.klarna.payment_account_id,
                None => m.klarna.payment_account_id.or(global.payment_account_id),
            },
            partner_account_id: m.klarna.partner_account_id.or(global.partner_account_id),
        },
        store_origins,
        other_methods,
        refusal,
        payment_refusal,
    })
}

/// The checkout account of `merchant_id` for a payment of one of its
/// sessions (authorize, confirm, final authorization, the page's config,
/// presentation, network token): `409` naming the merchant's state when it is
/// offboarded or its onboarding is not active. Captures, refunds, voids and
/// cancels of existing payments use [`checkout_account`] and go on.
pub async fn payable_account(
    state: &AppState,
    merchant_id: &str,
) -> Result<CheckoutAccount, AppError> {
    let account = checkout_account(state, merchant_id).await?;
    match &account.payment_refusal {
        Some(why) => Err(AppError::conflict(why.clone())),
        None => Ok(account),
    }
}

/// The Klarna client for `merchant_id`'s account. A merchant whose record
/// can't be read (a store failure) is an error; the caller retries.
pub async fn klarna_of(
    state: &AppState,
    merchant_id: &str,
) -> Result<std::sync::Arc<dyn crate::klarna::KlarnaApi>, AppError> {
    let account = checkout_account(state, merchant_id).await?;
    Ok(state.klarna_for(&account.klarna))
}
