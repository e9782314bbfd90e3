//! The operator's merchant bodies: every field checked and named by its
//! path (issue 18).

use checkout_core::merchant::{validate_merchant, validate_merchant_patch};
use serde_json::{json, Value};

fn body() -> Value {
    json!({
        "reference": "shop-42",
        "name": "Sneaker Shop",
        "contact": {"email": "ops@shop.example", "given_name": "Ada", "family_name": "Lind", "phone": "+4930123456"},
        "business_entity": {
            "registered_name": "Sneaker Shop GmbH", "registration_number": "HRB 12345", "country": "DE",
            "address": {"street_address": "Hauptstraße 1", "postal_code": "10115", "city": "Berlin", "country": "DE"}
        },
        "merchant_category_code": "5661",
        "stores": [{"name": "Sneaker Shop", "url": "https://shop.example/"}],
        "other_methods": [{"id": "card", "labels": {"en": "Card", "de": "Karte"}}]
    })
}

fn paths(v: &Value) -> Vec<String> {
    match validate_merchant(v, false) {
        Ok(_) => vec![],
        Err(e) => e.into_iter().map(|f| f.path).collect(),
    }
}

#[test]
fn a_complete_merchant_reads() {
    let m = validate_merchant(&body(), false).expect("valid");
    assert_eq!(m.profile.reference, "shop-42");
    assert_eq!(
        m.profile.other_methods[0].localized().pick("de-AT"),
        "Karte"
    );
    assert_eq!(m.profile.other_methods[0].localized().pick("fr-FR"), "Card");
    assert!(m.klarna.partner_account_id.is_none());
}

#[test]
fn every_required_field_is_named_when_missing() {
    assert_eq!(
        paths(&json!({})),
        [
            "reference",
            "name",
            "contact",
            "business_entity",
            "merchant_category_code",
            "stores"
        ]
    );
    let mut v = body();
    v["business_entity"]["address"] = json!({});
    assert_eq!(
        paths(&v),
        [
            "business_entity.address.street_address",
            "business_entity.address.postal_code",
            "business_entity.address.city",
            "business_entity.address.country"
        ]
    );
}

#[test]
fn bad_values_are_named_by_their_path() {
    let cases: Vec<(&str, Value, &str)> = vec![
        ("reference", json!("has space"), "reference"),
        ("name", json!("a\u{202E}b"), "name"),
        ("contact", json!({"email": "nope"}), "contact.email"),
        (
            "contact",
            json!({"email": "a@b.example", "phone": "030 123"}),
            "contact.phone",
        ),
        (
            "contact",
            json!({"email": "a@b.example", "fax": "1"}),
            "contact.fax",
        ),
        (
            "merchant_category_code",
            json!("56612"),
            "merchant_category_code",
        ),
        ("stores", json!([]), "stores"),
        (
            "stores",
            json!([{"name": "A", "url": "http://shop.example"}]),
            "stores[0].url",
        ),
        (
            "stores",
            json!([{"name": "A", "url": "https://*.shop.example"}]),
            "stores[0].url",
        ),
        (
            "other_methods",
            json!([{"id": "card", "labels": {}}]),
            "other_methods[0].labels.$",
        ),
        (
            "other_methods",
            json!([{"id": "card", "labels": {"de": 5}}]),
            "other_methods[0].labels.de",
        ),
        (
            "other_methods",
            json!([{"id": "c d", "labels": {"en": "Card"}}]),
            "other_methods[0].id",
        ),
        (
            "klarna",
            json!({"partner_account_id": "a b"}),
            "klarna.partner_account_id",
        ),
    ];
    for (field, value, want) in cases {
        let mut v = body();
        v[field] = value;
        assert_eq!(paths(&v), [want], "{field}");
    }
    let mut v = body();
    v["business_entity"]["country"] = json!("de");
    assert_eq!(paths(&v), ["business_entity.country"]);
    // Two upper-case letters are not enough: the code must be assigned.
    for code in ["XX", "ZZ", "QQ", "UK", "EU"] {
        let mut v = body();
        v["business_entity"]["country"] = json!(code);
        v["business_entity"]["address"]["country"] = json!(code);
        assert_eq!(
            paths(&v),
            ["business_entity.country", "business_entity.address.country"],
            "{code}"
        );
    }
    let many: Vec<Value> = (0..21)
        .map(|i| json!({"name": "S", "url": format!("https://s{i}.shop.example")}))
        .collect();
    let mut v = body();
    v["stores"] = json!(many);
    assert_eq!(paths(&v), ["stores"]);
}

#[test]
fn loopback_http_stores_only_in_sandbox() {
    let mut v = body();
    v["stores"] = json!([{"name": "Local", "url": "http://127.0.0.1:8787/store/"}]);
    assert!(validate_merchant(&v, false).is_err());
    assert!(validate_merchant(&v, true).is_ok());
}

#[test]
fn a_patch_changes_only_what_it_names() {
    let p = validate_merchant_patch(&json!({"name": "New name"}), false).unwrap();
    let mut profile = validate_merchant(&body(), false).unwrap().profile;
    assert!(p.apply(&mut profile), "a new name goes to Klarna");
    assert_eq!(profile.name, "New name");
    let labels = validate_merchant_patch(
        &json!({"other_methods": [{"id": "card", "labels": {"en": "Card"}}]}),
        false,
    )
    .unwrap();
    assert!(!labels.apply(&mut profile), "labels stay with us");
    let e = validate_merchant_patch(&json!({}), false).unwrap_err();
    assert_eq!(e[0].path, "$");
    let e = validate_merchant_patch(&json!({"reference": "x"}), false).unwrap_err();
    assert_eq!(e[0].path, "reference");
}

/// A patch that changes nothing is refused, `null`s included, as a session
/// `PATCH` is (outside tester: `{"name": null}` answered `200`, changing
/// nothing).
#[test]
fn a_merchant_patch_of_nulls_changes_nothing_and_is_refused() {
    for body in [
        json!({}),
        json!({"name": null}),
        json!({"name": null, "stores": null}),
    ] {
        let e = validate_merchant_patch(&body, false).unwrap_err();
        assert_eq!(e[0].path, "$", "{body}: {e:?}");
    }
}
