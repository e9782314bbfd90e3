//! The operator API takes only assigned ISO 3166-1 alpha-2 countries for a
//! merchant's business entity (an outside tester got `201` for `XX`, `ZZ`,
//! `QQ`): a `400` naming the field.

mod common;

use axum::http::StatusCode;
use common::*;
use serde_json::{json, Value};

fn merchant(country: &str, address_country: &str) -> Value {
    json!({
        "reference": "shop-cc",
        "name": "Shop",
        "contact": {"email": "ops@shop.example"},
        "business_entity": {
            "registered_name": "Shop GmbH", "registration_number": "HRB 1", "country": country,
            "address": {"street_address": "Hauptstraße 1", "postal_code": "10115", "city": "Berlin",
                "country": address_country}
        },
        "merchant_category_code": "5661",
        "stores": [{"name": "Web", "url": "https://cc.shop.example"}]
    })
}

#[tokio::test]
async fn unassigned_country_codes_are_refused_by_name() {
    let t = sandbox_app();
    for (c, a, field) in [
        ("XX", "DE", "business_entity.country"),
        ("DE", "ZZ", "business_entity.address.country"),
        ("QQ", "DE", "business_entity.country"),
    ] {
        let r = call(
            &t.app,
            "POST",
            "/v1/admin/merchants",
            Some("sk_admin_demo"),
            Some(merchant(c, a)),
        )
        .await;
        assert_eq!(
            r.status,
            StatusCode::BAD_REQUEST,
            "{c} {a} {}",
            String::from_utf8_lossy(&r.bytes)
        );
        assert_eq!(r.field_paths(), vec![field]);
        let reason = r.json()["error"]["fields"][0]["reason"].clone();
        assert!(reason.as_str().unwrap().contains("ISO 3166-1"), "{reason}");
    }
    let ok = call(
        &t.app,
        "POST",
        "/v1/admin/merchants",
        Some("sk_admin_demo"),
        Some(merchant("AT", "DE")),
    )
    .await;
    assert_eq!(ok.status, StatusCode::CREATED);
}
