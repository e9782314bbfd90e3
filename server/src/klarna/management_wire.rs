//! The Management API's JSON, in one place. From Klarna's "Prepare the
//! onboarding payload" and "Submit the onboarding request" guides
//! (`KND/onboard-and-manage-your-partners/…`): the top-level names
//! (`partner_account_reference`, `partner_account_name`,
//! `partner_account_contact`, `partner_business_entities` with
//! `partner_business_entity_reference`, `legal_registered_entity_name`,
//! `legal_registration_country`, `products` with `type: PAYMENT`, `brands`)
//! and the answer's `partner_account_id` and payment account pair are
//! documented. Marked INFERRED below: names the stored guides did not show
//! (to be checked with `npm run conformance` against Klarna's test
//! environment, issue 19).

use super::management::{AccountState, OnboardCall, Onboarded};
use super::KlarnaError;
use serde_json::{json, Value};

/// Our reference of a merchant's payment account.
pub fn payment_account_reference(merchant_reference: &str) -> String {
    format!("{merchant_reference}-payments")
}

fn contact(c: &checkout_core::merchant::Contact) -> Value {
    let mut v = json!({"email": c.email});
    for (k, x) in [
        ("given_name", &c.given_name),
        ("family_name", &c.family_name),
        ("phone", &c.phone),
    ] {
        if let Some(x) = x {
            v[k] = json!(x);
        }
    }
    v
}

/// The onboard call's body.
pub fn onboard_body(call: &OnboardCall) -> Value {
    let p = &call.profile;
    let e = &p.business_entity;
    let entity_ref = format!("{}-entity", p.reference);
    let stores: Vec<Value> = p
        .stores
        .iter()
        .enumerate()
        .map(|(i, s)| {
            // INFERRED: store fields.
            json!({"store_reference": format!("{}-store-{}", p.reference, i + 1), "type": "WEBSITE",
                   "name": s.name, "url": s.url})
        })
        .collect();
    json!({
        "partner_account_reference": p.reference,
        "partner_account_name": p.name,
        "partner_account_contact": contact(&p.contact),
        "partner_business_entities": [{
            "partner_business_entity_reference": entity_ref,
            "legal_registered_entity_name": e.registered_name,
            "legal_registration_country": e.country,
            // INFERRED: the registration number and address fields.
            "legal_registration_number": e.registration_number,
            "legal_address": {"street_address": e.address.street_address, "postal_code": e.address.postal_code,
                               "city": e.address.city, "country": e.address.country},
        }],
        "products": [{
            "type": "PAYMENT",
            // INFERRED: the payment product's fields.
            "payment_profile_id": call.payment_profile_id,
            "payment_accounts": [{
                "payment_account_reference": payment_account_reference(&p.reference),
                "payment_acquiring_account_id": call.payment_acquiring_account_id,
                "partner_business_entity_reference": entity_ref,
                "merchant_category_code": p.merchant_category_code,
            }],
        }],
        // INFERRED: brand and store group fields.
        "brands": [{
            "brand_reference": format!("{}-brand", p.reference),
            "name": p.name,
            "store_groups": [{"store_group_reference": format!("{}-stores", p.reference), "stores": stores}],
        }],
    })
}

/// The body of an update of an onboarded account (INFERRED: a `PATCH` of
/// the Partner Account with the onboard body's account-level fields).
pub fn update_body(call: &OnboardCall) -> Value {
    let body = onboard_body(call);
    json!({
        "partner_account_name": body["partner_account_name"],
        "partner_account_contact": body["partner_account_contact"],
        "partner_business_entities": body["partner_business_entities"],
        "brands": body["brands"],
    })
}

/// The first string found at any of `paths`.
fn find<'a>(v: &'a Value, paths: &[&str]) -> Option<&'a str> {
    paths
        .iter()
        .find_map(|p| v.pointer(p).and_then(Value::as_str))
}

/// An account state at any of the names Klarna may use for it.
pub fn parse_state(v: &Value) -> Result<AccountState, KlarnaError> {
    let s = find(
        v,
        &[
            "/state",
            "/partner_account_state",
            "/status",
            "/partner_account/state",
        ],
    )
    .ok_or_else(|| KlarnaError::Upstream("account answer without a state".into()))?;
    AccountState::parse(s)
        .ok_or_else(|| KlarnaError::Upstream(format!("unknown account state {s:?}")))
}

/// Parses the onboard call's answer.
pub fn parse_onboarded(v: &Value, call: &OnboardCall) -> Result<Onboarded, KlarnaError> {
    let id = find(
        v,
        &["/partner_account_id", "/partner_account/partner_account_id"],
    )
    .ok_or_else(|| KlarnaError::Upstream("onboard answer without partner_account_id".into()))?;
    let state = parse_state(v).unwrap_or(AccountState::PartiallyOperational);
    let payment_account_id = find(
        v,
        &[
            "/products/0/payment_accounts/0/payment_account_id",
            "/payment_accounts/0/payment_account_id",
        ],
    )
    .map(str::to_string);
    Ok(Onboarded {
        partner_account_id: id.to_string(),
        state,
        payment_account_id,
        payment_acquiring_account_id: call.payment_acquiring_account_id.clone(),
        payment_account_reference: payment_account_reference(&call.profile.reference),
    })
}
