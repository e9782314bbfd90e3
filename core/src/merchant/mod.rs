//! Merchants as the acquirer's operator describes them (`POST
//! /v1/admin/merchants`): who they are for Klarna's onboarding (name,
//! contact, business entity, merchant category code, stores), their other
//! payment methods with labels per language, and their Klarna account once
//! onboarded. Validation with field paths is in [`validate`]; the onboarding
//! lifecycle is a pure state machine in [`onboarding`].

use crate::labels::Localized;
use serde::{Deserialize, Serialize};

pub mod onboarding;
mod readers;
pub mod validate;

pub use onboarding::{OnboardingEvent, OnboardingState};
pub use validate::{validate_merchant, validate_merchant_patch};

/// At most this many stores per merchant (their origins are the sessions'
/// default `allowed_origins`, which have the same cap).
pub const MAX_STORES: usize = crate::origin::MAX_ALLOWED_ORIGINS;
/// At most this many other payment methods per merchant.
pub const MAX_OTHER_METHODS: usize = 10;

/// The merchant's contact person for Klarna.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    /// E-mail address (required by Klarna's onboarding).
    pub email: String,
    /// Given name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub given_name: Option<String>,
    /// Family name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family_name: Option<String>,
    /// Phone number in E.164 (`+4930123456`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
}

/// A postal address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Address {
    /// Street and number.
    pub street_address: String,
    /// Postal code.
    pub postal_code: String,
    /// City.
    pub city: String,
    /// ISO 3166-1 alpha-2 country.
    pub country: String,
}

/// The registered legal entity that sells (Klarna's Partner Business Entity).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BusinessEntity {
    /// Official registered name.
    pub registered_name: String,
    /// Company registration number.
    pub registration_number: String,
    /// ISO 3166-1 alpha-2 country of registration.
    pub country: String,
    /// Registered address.
    pub address: Address,
}

/// One of the merchant's web shops.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Store {
    /// Name shoppers know it by.
    pub name: String,
    /// Its URL; its origin may embed the checkout.
    pub url: String,
}

/// One of the acquirer's other payment methods offered by this merchant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OtherMethodLabels {
    /// Stable id, e.g. `card`.
    pub id: String,
    /// Labels by BCP-47 tag, `(tag, text)`; `en` (else the first) is the default.
    pub labels: Vec<(String, String)>,
}

impl OtherMethodLabels {
    /// The labels as a [`Localized`] (default: `en`, else the first).
    pub fn localized(&self) -> Localized {
        let default = self
            .labels
            .iter()
            .find(|(t, _)| t.eq_ignore_ascii_case("en"))
            .or_else(|| self.labels.first())
            .map(|(_, l)| l.clone())
            .unwrap_or_else(|| self.id.clone());
        Localized {
            default,
            by_tag: self.labels.clone(),
        }
    }
}

/// What the operator says about a merchant: everything Klarna's onboarding
/// needs and what the checkout shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MerchantProfile {
    /// The acquirer's own unique reference (Klarna's `partner_account_reference`).
    pub reference: String,
    /// Business name.
    pub name: String,
    /// Contact person.
    pub contact: Contact,
    /// The legal entity.
    pub business_entity: BusinessEntity,
    /// ISO 18245 merchant category code, four digits.
    pub merchant_category_code: String,
    /// Web shops (at least one).
    pub stores: Vec<Store>,
    /// The acquirer's other methods, labelled per language (none: the
    /// server's `CHECKOUT_OTHER_METHODS`).
    #[serde(default)]
    pub other_methods: Vec<OtherMethodLabels>,
}

/// Klarna account ids an operator gives for a merchant already onboarded.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct KlarnaIds {
    /// The merchant's Partner Account id at Klarna.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partner_account_id: Option<String>,
    /// The payment account to name in `acquiring_config`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_account_id: Option<String>,
}

/// A validated `POST /v1/admin/merchants`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMerchant {
    /// The profile.
    pub profile: MerchantProfile,
    /// Ids of an existing Klarna account (no onboarding then).
    pub klarna: KlarnaIds,
}

/// A validated `PATCH /v1/admin/merchants/{id}`: what changes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MerchantPatch {
    /// New name.
    pub name: Option<String>,
    /// New contact.
    pub contact: Option<Contact>,
    /// New business entity.
    pub business_entity: Option<BusinessEntity>,
    /// New merchant category code.
    pub merchant_category_code: Option<String>,
    /// New stores (the whole list).
    pub stores: Option<Vec<Store>>,
    /// New other methods (the whole list).
    pub other_methods: Option<Vec<OtherMethodLabels>>,
    /// New Klarna ids.
    pub klarna: Option<KlarnaIds>,
}

impl MerchantPatch {
    /// Applies the patch to `p`; answers whether data Klarna keeps changed
    /// (name, contact, business entity, category, stores), which must then be
    /// sent to Klarna too.
    pub fn apply(&self, p: &mut MerchantProfile) -> bool {
        let mut for_klarna = false;
        macro_rules! set {
            ($field:ident, $klarna:expr) => {
                if let Some(v) = &self.$field {
                    if &p.$field != v {
                        p.$field = v.clone();
                        for_klarna |= $klarna;
                    }
                }
            };
        }
        set!(name, true);
        set!(contact, true);
        set!(business_entity, true);
        set!(merchant_category_code, true);
        set!(stores, true);
        set!(other_methods, false);
        for_klarna
    }
}
