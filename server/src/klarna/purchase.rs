//! `supplementary_purchase_data`: the order as Klarna's payment API takes
//! it beside an authorization (line items, the customer, shipping), built
//! in this one place for every call that carries it.
//!
//! Names follow Klarna's types: `purchase_reference`, `line_items` (name,
//! quantity, unit_price, total_amount, total_tax_amount,
//! `line_item_reference`, product and image URL, `product_identifier` =
//! the GTIN), `customer` (given_name, family_name, email, phone, address)
//! and `shipping` (a list of `{recipient, address, shipping_option}`), as
//! the Web SDK's `SupplementaryPurchaseData`, `LineItem`, `Customer` and
//! `Shipping` types and Klarna's confirmation example name them. **Inferred**
//! from Klarna's order-line schema (Klarna payments), not shown in the
//! network API copies at hand: a line's `type`, `tax_rate`,
//! `quantity_unit`, `total_discount_amount` and `product_identifiers`
//! (brand, category_path, global_trade_item_number,
//! manufacturer_part_number); check them against Klarna's OpenAPI document
//! before going live.

use checkout_core::express::{Recipient, Shipping};
use checkout_core::order::{Address, Customer, OrderLine};
use serde_json::{json, Map, Value};

/// Inserts `v` under `k` when it is present.
fn put<T: serde::Serialize>(o: &mut Map<String, Value>, k: &str, v: &Option<T>) {
    if let Some(v) = v {
        o.insert(k.to_string(), json!(v));
    }
}

/// One line item.
pub fn line_item(l: &OrderLine) -> Value {
    let mut o = Map::new();
    o.insert("name".into(), json!(l.name));
    o.insert("quantity".into(), json!(l.quantity));
    o.insert("unit_price".into(), json!(l.unit_price));
    o.insert("total_amount".into(), json!(l.total_amount));
    put(&mut o, "total_tax_amount", &l.total_tax_amount);
    put(&mut o, "line_item_reference", &l.reference);
    put(&mut o, "product_url", &l.product_url);
    put(&mut o, "image_url", &l.image_url);
    if let Some(ids) = &l.product_identifiers {
        put(&mut o, "product_identifier", &ids.global_trade_item_number);
        o.insert("product_identifiers".into(), json!(ids));
    }
    put(&mut o, "type", &l.line_type.map(|t| t.as_str()));
    put(&mut o, "tax_rate", &l.tax_rate);
    put(&mut o, "quantity_unit", &l.quantity_unit);
    put(&mut o, "total_discount_amount", &l.total_discount_amount);
    Value::Object(o)
}

/// The street part of an address (Klarna's `Address`), when there is one.
fn street(a: &Address) -> Option<Value> {
    if !a.has_location() {
        return None;
    }
    let mut o = Map::new();
    put(&mut o, "street_address", &a.street_address);
    put(&mut o, "street_address2", &a.street_address2);
    put(&mut o, "postal_code", &a.postal_code);
    put(&mut o, "city", &a.city);
    put(&mut o, "region", &a.region);
    put(&mut o, "country", &a.country);
    Some(Value::Object(o))
}

/// Klarna's `customer`: who the shopper is according to the merchant.
fn customer(c: &Customer) -> Option<Value> {
    let mut o = Map::new();
    put(&mut o, "given_name", &c.given_name);
    put(&mut o, "family_name", &c.family_name);
    put(&mut o, "email", &c.email);
    put(&mut o, "phone", &c.phone);
    if let Some(a) = c.billing_address.as_deref().and_then(street) {
        o.insert("address".into(), a);
    }
    (!o.is_empty()).then_some(Value::Object(o))
}

/// The recipient of a shipment: the person named at the shipping address,
/// else the customer.
fn recipient(r: &Recipient) -> Option<Value> {
    let v = json!(r);
    (v.as_object().is_some_and(|o| !o.is_empty())).then_some(v)
}

/// Klarna's `shipping` list: what Klarna collected (express checkout) wins,
/// else the merchant's `customer.shipping_address`.
fn shipping(c: &Customer, collected: Option<&Shipping>) -> Option<Value> {
    let mut o = Map::new();
    if let Some(s) = collected {
        put(
            &mut o,
            "recipient",
            &s.recipient.as_ref().and_then(recipient),
        );
        put(&mut o, "address", &s.address.as_ref().and_then(street));
        if let Some(opt) = &s.shipping_option {
            o.insert(
                "shipping_option".into(),
                json!({"shipping_option_reference": opt.reference}),
            );
        }
    } else if let Some(a) = c.shipping_address.as_deref() {
        let person = Recipient {
            given_name: a.given_name.clone().or_else(|| c.given_name.clone()),
            family_name: a.family_name.clone().or_else(|| c.family_name.clone()),
            email: a.email.clone().or_else(|| c.email.clone()),
            phone: a.phone.clone().or_else(|| c.phone.clone()),
        };
        put(&mut o, "recipient", &recipient(&person));
        put(&mut o, "address", &street(a));
    }
    (!o.is_empty()).then(|| json!([Value::Object(o)]))
}

/// The whole `supplementary_purchase_data` object.
pub fn supplementary_purchase_data(
    purchase_reference: &str,
    lines: &[OrderLine],
    c: &Customer,
    collected: Option<&Shipping>,
) -> Value {
    let mut o = Map::new();
    o.insert("purchase_reference".into(), json!(purchase_reference));
    o.insert(
        "line_items".into(),
        Value::Array(lines.iter().map(line_item).collect()),
    );
    if let Some(v) = customer(c) {
        o.insert("customer".into(), v);
    }
    if let Some(v) = shipping(c, collected) {
        o.insert("shipping".into(), v);
    }
    Value::Object(o)
}

#[cfg(test)]
mod tests {
    use super::*;
    use checkout_core::express::ChosenShippingOption;

    #[test]
    fn the_merchants_shipping_address_becomes_a_shipment_to_the_named_person() {
        let c = Customer {
            email: Some("a@b.example".into()),
            given_name: Some("Erika".into()),
            family_name: Some("M".into()),
            shipping_address: Some(Box::new(Address {
                given_name: Some("Max".into()),
                city: Some("Hamburg".into()),
                country: Some("DE".into()),
                ..Address::default()
            })),
            ..Customer::default()
        };
        let v = supplementary_purchase_data("o-1", &[], &c, None);
        let s = &v["shipping"][0];
        assert_eq!(s["recipient"]["given_name"], "Max");
        assert_eq!(s["recipient"]["family_name"], "M", "the customer's");
        assert_eq!(s["address"], json!({"city": "Hamburg", "country": "DE"}));
        assert_eq!(v["customer"]["email"], "a@b.example");
        assert!(v["customer"].get("address").is_none());
    }

    #[test]
    fn what_klarna_collected_wins_and_nothing_is_invented() {
        let collected = Shipping {
            address: Some(Address {
                city: Some("London".into()),
                ..Address::default()
            }),
            shipping_option: Some(ChosenShippingOption {
                reference: "express".into(),
                ..ChosenShippingOption::default()
            }),
            ..Shipping::default()
        };
        let c = Customer {
            shipping_address: Some(Box::new(Address {
                city: Some("Hamburg".into()),
                ..Address::default()
            })),
            ..Customer::default()
        };
        let v = supplementary_purchase_data("o-1", &[], &c, Some(&collected));
        assert_eq!(v["shipping"][0]["address"]["city"], "London");
        assert_eq!(
            v["shipping"][0]["shipping_option"]["shipping_option_reference"],
            "express"
        );
        let empty = supplementary_purchase_data("o-1", &[], &Customer::default(), None);
        assert_eq!(
            empty,
            json!({"purchase_reference": "o-1", "line_items": []})
        );
    }
}
