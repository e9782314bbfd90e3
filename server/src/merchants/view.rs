//! The operator API's view of a merchant.

use crate::clock;
use crate::store::MerchantRecord;
use checkout_core::merchant::MerchantProfile;
use serde::Serialize;

/// The merchant's Klarna side, as shown.
#[derive(Debug, Clone, Serialize)]
pub struct KlarnaView {
    /// `pending`, `active` or `failed`.
    pub onboarding: &'static str,
    /// Why it failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The merchant's Partner Account.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub partner_account_id: Option<String>,
    /// Its payment account.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment_account_id: Option<String>,
    /// The acquiring account it was onboarded to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment_acquiring_account_id: Option<String>,
    /// Our reference of its payment account.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment_account_reference: Option<String>,
}

/// A merchant, as the operator API answers.
#[derive(Debug, Clone, Serialize)]
pub struct MerchantView {
    /// `mer_…`.
    pub id: String,
    /// `active`, or `inactive` once offboarded.
    pub status: &'static str,
    /// The profile (reference, name, contact, entity, category, stores, methods).
    #[serde(flatten)]
    pub profile: ProfileView,
    /// Klarna.
    pub klarna: KlarnaView,
    /// Creation time.
    pub created_at: String,
    /// Last change.
    pub updated_at: String,
}

/// The profile with labels as an object (`{"en": "Card"}`).
#[derive(Debug, Clone, Serialize)]
pub struct ProfileView {
    /// The operator's fields.
    #[serde(flatten)]
    pub profile: serde_json::Value,
}

fn profile_json(p: &MerchantProfile) -> serde_json::Value {
    let mut v = serde_json::to_value(p).unwrap_or_default();
    let methods: Vec<serde_json::Value> = p
        .other_methods
        .iter()
        .map(|m| {
            let labels: serde_json::Map<String, serde_json::Value> = m
                .labels
                .iter()
                .map(|(t, l)| (t.clone(), l.clone().into()))
                .collect();
            serde_json::json!({"id": m.id, "labels": labels})
        })
        .collect();
    v["other_methods"] = methods.into();
    v
}

impl From<&MerchantRecord> for MerchantView {
    fn from(m: &MerchantRecord) -> Self {
        let k = &m.klarna;
        MerchantView {
            id: m.id.clone(),
            status: if m.active { "active" } else { "inactive" },
            profile: ProfileView {
                profile: profile_json(&m.profile),
            },
            klarna: KlarnaView {
                onboarding: k.onboarding.as_str(),
                reason: k.reason.clone(),
                partner_account_id: k.partner_account_id.clone(),
                payment_account_id: k.payment_account_id.clone(),
                payment_acquiring_account_id: k.payment_acquiring_account_id.clone(),
                payment_account_reference: k.payment_account_reference.clone(),
            },
            created_at: clock::format(m.created_at),
            updated_at: clock::format(m.updated_at),
        }
    }
}
