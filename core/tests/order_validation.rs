//! The order model: Klarna's line fields and totals rules, and the
//! customer with addresses, each problem named by its path.

use checkout_core::order::LineType;
use checkout_core::session::validate_new_session;
use serde_json::{json, Value};

fn session(amount: i64, lines: Value) -> Value {
    json!({
        "amount": amount, "currency": "EUR", "country": "DE", "locale": "de-DE",
        "merchant_reference": "order-1", "return_url": "https://shop.example/return",
        "order_lines": lines
    })
}

fn errors(v: &Value) -> Vec<(String, String)> {
    match validate_new_session(v) {
        Ok(_) => vec![],
        Err(e) => e.into_iter().map(|f| (f.path, f.reason)).collect(),
    }
}

fn paths(v: &Value) -> Vec<String> {
    errors(v).into_iter().map(|(p, _)| p).collect()
}

fn full_cart() -> Value {
    json!([
        {"type": "physical", "reference": "SNK-42", "name": "Sneakers", "quantity": 2,
         "quantity_unit": "pcs", "unit_price": 6000, "tax_rate": 1900, "total_discount_amount": 1000,
         "total_amount": 11000, "total_tax_amount": 1756,
         "product_url": "https://shop.example/p/snk", "image_url": "https://shop.example/i/snk.png",
         "product_identifiers": {"brand": "Runner", "category_path": "Shoes > Sneakers",
            "global_trade_item_number": "4006381333931", "manufacturer_part_number": "RN-42"}},
        {"type": "shipping_fee", "name": "Express", "quantity": 1, "unit_price": 800,
         "tax_rate": 1900, "total_amount": 800, "total_tax_amount": 128},
        {"type": "gift_card", "name": "Gift card", "quantity": 1, "unit_price": -2000, "total_amount": -2000},
        {"type": "discount", "name": "Welcome", "quantity": 1, "unit_price": -500, "total_amount": -500,
         "tax_rate": 1900, "total_tax_amount": -80}
    ])
}

#[test]
fn a_full_cart_with_klarnas_fields_is_kept_as_given() {
    let s = validate_new_session(&session(9300, full_cart())).expect("valid");
    let first = &s.order_lines[0];
    assert_eq!(first.kind(), LineType::Physical);
    assert_eq!(first.reference.as_deref(), Some("SNK-42"));
    assert_eq!(first.tax_rate, Some(1900));
    assert_eq!(first.total_discount_amount, Some(1000));
    let ids = first.product_identifiers.as_ref().unwrap();
    assert_eq!(
        ids.global_trade_item_number.as_deref(),
        Some("4006381333931")
    );
    assert_eq!(s.order_lines[2].kind(), LineType::GiftCard);
    assert_eq!(s.order_lines[2].total_amount, -2000);
    // Serialized with Klarna's names, `type` included, nothing invented.
    let v = serde_json::to_value(&s.order_lines[1]).unwrap();
    assert_eq!(v["type"], "shipping_fee");
    assert!(v.get("reference").is_none());
}

#[test]
fn the_old_four_field_lines_stay_valid() {
    let old =
        json!([{"name": "Sneakers", "quantity": 1, "unit_price": 11800, "total_amount": 11800}]);
    let s = validate_new_session(&session(11800, old)).expect("valid");
    assert_eq!(s.order_lines[0].line_type, None);
    assert_eq!(s.order_lines[0].kind(), LineType::Physical);
}

#[test]
fn each_totals_rule_names_the_line_and_the_field() {
    let mut cart = full_cart();
    // The discount is not taken off the total.
    cart[0]["total_amount"] = json!(12000);
    let e = errors(&session(10300, cart));
    assert_eq!(e[0].0, "order_lines[0].total_amount");
    assert!(
        e[0].1.contains("total_discount_amount = 11000"),
        "{}",
        e[0].1
    );

    // Tax inconsistent with the rate (10 % of the total at a 19 % rate).
    let mut cart = full_cart();
    cart[1]["total_tax_amount"] = json!(80);
    let e = errors(&session(9300, cart));
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0].0, "order_lines[1].total_tax_amount");
    assert!(e[0].1.contains("about 128"), "{}", e[0].1);

    // The lines do not add up to the amount.
    assert_eq!(paths(&session(9400, full_cart())), vec!["order_lines"]);
}

#[test]
fn negative_amounts_only_where_the_type_takes_money_off() {
    for (kind, ok) in [
        ("discount", true),
        ("gift_card", true),
        ("store_credit", true),
        ("physical", false),
        ("shipping_fee", false),
        ("surcharge", false),
        ("sales_tax", false),
        ("digital", false),
    ] {
        let lines = json!([
            {"name": "Thing", "quantity": 1, "unit_price": 3000, "total_amount": 3000},
            {"type": kind, "name": "Minus", "quantity": 1, "unit_price": -1000, "total_amount": -1000}
        ]);
        let got = paths(&session(2000, lines));
        if ok {
            assert!(got.is_empty(), "{kind}: {got:?}");
        } else {
            assert_eq!(
                got,
                vec!["order_lines[1].unit_price", "order_lines[1].total_amount"],
                "{kind}"
            );
        }
    }
    // No type means physical.
    let untyped = json!([{"name": "x", "quantity": 1, "unit_price": -1, "total_amount": -1}]);
    assert!(paths(&session(1, untyped)).contains(&"order_lines[0].unit_price".into()));
}

#[test]
fn bad_line_fields_are_each_named() {
    let base =
        || json!({"name": "Sneakers", "quantity": 1, "unit_price": 11800, "total_amount": 11800});
    let cases: Vec<(&str, Value, &str)> = vec![
        ("type", json!("voucher"), "order_lines[0].type"),
        ("reference", json!(""), "order_lines[0].reference"),
        (
            "quantity_unit",
            json!("kilograms!!"),
            "order_lines[0].quantity_unit",
        ),
        ("tax_rate", json!(10001), "order_lines[0].tax_rate"),
        ("tax_rate", json!(19.5), "order_lines[0].tax_rate"),
        (
            "total_discount_amount",
            json!(-1),
            "order_lines[0].total_discount_amount",
        ),
        (
            "product_url",
            json!("ftp://x"),
            "order_lines[0].product_url",
        ),
        (
            "product_identifiers",
            json!({"global_trade_item_number": "12345"}),
            "order_lines[0].product_identifiers.global_trade_item_number",
        ),
        (
            "product_identifiers",
            json!({"colour": "red"}),
            "order_lines[0].product_identifiers.colour",
        ),
        ("price", json!(1), "order_lines[0].price"),
    ];
    for (key, val, want) in cases {
        let mut line = base();
        line[key] = val.clone();
        assert_eq!(
            paths(&session(11800, json!([line]))),
            vec![want],
            "{key} = {val}"
        );
    }
}

#[test]
fn the_customer_takes_names_phone_and_addresses() {
    let mut v = session(11800, json!([]));
    // No lines (an empty array is refused: lines add up to the amount).
    v.as_object_mut().unwrap().remove("order_lines");
    v["customer"] = json!({
        "email": "customer+de@klarna.com", "given_name": "Erika", "family_name": "Mustermann",
        "phone": "+49 30 1234567",
        "billing_address": {"street_address": "Hauptstr. 1", "postal_code": "10115", "city": "Berlin", "country": "DE"},
        "shipping_address": {"given_name": "Max", "family_name": "Mustermann", "street_address": "Nebenweg 2",
            "street_address2": "Hinterhaus", "postal_code": "20095", "city": "Hamburg", "region": "HH",
            "country": "DE", "phone": "040 123", "email": "max@example.com"}
    });
    let s = validate_new_session(&v).expect("valid");
    assert_eq!(s.customer.given_name.as_deref(), Some("Erika"));
    let ship = s.customer.shipping_address.unwrap();
    assert_eq!(ship.given_name.as_deref(), Some("Max"));
    assert_eq!(ship.city.as_deref(), Some("Hamburg"));

    let bad = json!({
        "given_name": "", "phone": "call me", "date_of_birth": "1990-01-01",
        "billing_address": {"country": "Germany", "postal_code": "12345678901"},
        "shipping_address": "Hamburg"
    });
    v["customer"] = bad;
    let mut got = paths(&v);
    got.sort();
    assert_eq!(
        got,
        vec![
            "customer.billing_address.country",
            "customer.billing_address.postal_code",
            "customer.date_of_birth",
            "customer.given_name",
            "customer.phone",
            "customer.shipping_address",
        ]
    );
}

/// Found by Schemathesis: the most negative integer in an amount field
/// panicked (`abs` overflow) instead of being named.
#[test]
fn extreme_integers_are_named_not_panicked_on() {
    for field in [
        "unit_price",
        "total_amount",
        "total_tax_amount",
        "total_discount_amount",
        "tax_rate",
    ] {
        for v in [i64::MIN, i64::MAX] {
            let mut line = json!({"type": "discount", "name": "x", "quantity": 1, "unit_price": -100, "total_amount": -100});
            line[field] = json!(v);
            let p = paths(&session(100, json!([line])));
            assert!(
                p.contains(&format!("order_lines[0].{field}")),
                "{field}={v}: {p:?}"
            );
        }
    }
}
