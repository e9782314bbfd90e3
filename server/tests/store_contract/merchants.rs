//! The contract's case for merchants' API keys: a merchant's keys are listed
//! oldest first, also when several were made within one millisecond (their
//! ids, time first, then random, don't tell those apart).

use super::cases::{uid, T0};
use super::Fixture;
use checkout_core::merchant::{MerchantProfile, OnboardingState};
use checkout_server::store::{KlarnaLink, MerchantKeyRecord, MerchantRecord};
use serde_json::json;
use time::Duration;

pub async fn merchant_keys_are_listed_oldest_first(f: &Fixture) {
    let s = f.store.as_ref();
    let id = uid("mer");
    let profile: MerchantProfile = serde_json::from_value(json!({
        "reference": id, "name": "Shop", "contact": {"email": "ops@shop.example"},
        "business_entity": {
            "registered_name": "Shop GmbH", "registration_number": "HRB 1", "country": "DE",
            "address": {"street_address": "Hauptstraße 1", "postal_code": "10115", "city": "Berlin", "country": "DE"}
        },
        "merchant_category_code": "5661", "stores": [{"name": "Web", "url": "https://shop.example"}]
    }))
    .unwrap();
    let klarna = KlarnaLink {
        onboarding: OnboardingState::Active,
        reason: None,
        partner_account_id: None,
        payment_account_id: None,
        payment_acquiring_account_id: None,
        payment_account_reference: None,
    };
    let merchant = MerchantRecord {
        id: id.clone(),
        profile,
        active: true,
        klarna,
        version: 1,
        created_at: T0,
        updated_at: T0,
    };
    assert!(s.insert_merchant(&merchant).await.unwrap());
    // One millisecond, three keys, made in this order; their random parts
    // sort the other way round.
    let made: Vec<String> = ["ffffffff", "88888888", "00000000"]
        .iter()
        .map(|r| format!("mk_{:012x}{r}", T0.unix_timestamp() * 1000))
        .collect();
    for (i, key_id) in made.iter().enumerate() {
        let key = MerchantKeyRecord {
            key_id: key_id.clone(),
            merchant_id: id.clone(),
            secret_hash: format!("{:064x}", i + 1).replace('0', "a"),
            last4: format!("{i:04}"),
            created_at: T0 + Duration::microseconds(100 * i as i64),
            revoked_at: None,
        };
        s.insert_merchant_key(&key).await.unwrap();
    }
    let listed: Vec<String> = s
        .merchant_keys(&id)
        .await
        .unwrap()
        .into_iter()
        .map(|k| k.key_id)
        .collect();
    assert_eq!(listed, made, "oldest first");
}
