//! What Klarna shares about the shopper after an express checkout: the
//! customer profile and the shipping details collected in Klarna's purchase
//! journey, read from Klarna's payment request and kept with the session so
//! the merchant can fulfil the order.
//!
//! Klarna's data is read leniently (unknown fields ignored, a field of the
//! wrong type treated as absent) but bounded: every string is at most
//! [`MAX_TEXT`] characters with no control characters, so nothing unbounded
//! is ever stored.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Longest text kept from Klarna's data, in characters.
pub const MAX_TEXT: usize = 255;

/// The one address type of the checkout (street part and the person).
pub use crate::order::Address;

/// The shopper's profile as Klarna shares it (`klarna_customer.customer_profile`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CustomerProfile {
    /// Given name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub given_name: Option<String>,
    /// Family name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family_name: Option<String>,
    /// E-mail address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Phone number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Billing address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<Address>,
}

/// Who receives the parcel.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Recipient {
    /// Given name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub given_name: Option<String>,
    /// Family name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family_name: Option<String>,
    /// E-mail address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Phone number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
}

/// The shipping option the shopper chose in Klarna's journey.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChosenShippingOption {
    /// The merchant's reference of the option.
    pub reference: String,
    /// Its name, when Klarna echoes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// Its price, minor units, when Klarna echoes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<i64>,
}

/// Where and how the order ships (Klarna's `shipping`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Shipping {
    /// The recipient.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipient: Option<Recipient>,
    /// The address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<Address>,
    /// The chosen option.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shipping_option: Option<ChosenShippingOption>,
}

/// A bounded text field of Klarna's data: a string of 1 to [`MAX_TEXT`]
/// characters without control characters, else absent.
fn text(v: &Value, key: &str) -> Option<String> {
    let s = v.get(key)?.as_str()?.trim();
    let ok = !s.is_empty() && s.chars().count() <= MAX_TEXT && !s.chars().any(char::is_control);
    ok.then(|| s.to_string())
}

fn address(v: &Value) -> Option<Address> {
    let a = Address {
        street_address: text(v, "street_address"),
        street_address2: text(v, "street_address2"),
        postal_code: text(v, "postal_code"),
        city: text(v, "city"),
        region: text(v, "region"),
        country: text(v, "country").filter(|c| crate::countries::is_country(c)),
        ..Address::default()
    };
    (a != Address::default()).then_some(a)
}

/// Reads Klarna's `customer_profile` object.
pub fn profile_from_klarna(v: &Value) -> Option<CustomerProfile> {
    if !v.is_object() {
        return None;
    }
    let p = CustomerProfile {
        given_name: text(v, "given_name"),
        family_name: text(v, "family_name"),
        email: text(v, "email"),
        phone: text(v, "phone"),
        address: v
            .get("address")
            .or_else(|| v.get("billing_address"))
            .and_then(address),
    };
    (p != CustomerProfile::default()).then_some(p)
}

/// Reads Klarna's `shipping` object.
pub fn shipping_from_klarna(v: &Value) -> Option<Shipping> {
    if !v.is_object() {
        return None;
    }
    let recipient = v
        .get("recipient")
        .filter(|r| r.is_object())
        .map(|r| Recipient {
            given_name: text(r, "given_name"),
            family_name: text(r, "family_name"),
            email: text(r, "email"),
            phone: text(r, "phone"),
        });
    let option = v
        .get("shipping_option")
        .filter(|o| o.is_object())
        .and_then(|o| {
            let reference =
                text(o, "shipping_option_reference").or_else(|| text(o, "reference"))?;
            Some(ChosenShippingOption {
                reference,
                display_name: text(o, "display_name"),
                amount: o.get("amount").and_then(Value::as_i64).filter(|a| *a >= 0),
            })
        });
    let s = Shipping {
        recipient: recipient.filter(|r| *r != Recipient::default()),
        address: v.get("address").and_then(address),
        shipping_option: option,
    };
    (s != Shipping::default()).then_some(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_klarna_profile_and_shipping() {
        let profile = json!({"given_name": "Jane", "family_name": "Doe", "email": "customer+gb@klarna.com",
            "phone": "+441234567890", "address": {"street_address": "1 High St", "postal_code": "SW1A 1AA",
            "city": "London", "country": "GB"}, "unknown": 1});
        let p = profile_from_klarna(&profile).unwrap();
        assert_eq!(p.given_name.as_deref(), Some("Jane"));
        assert_eq!(p.address.unwrap().city.as_deref(), Some("London"));
        let shipping = json!({"recipient": {"given_name": "Jane", "family_name": "Doe"},
            "address": {"street_address": "1 High St", "postal_code": "SW1A 1AA", "city": "London", "country": "GB"},
            "shipping_option": {"shipping_option_reference": "express", "display_name": "Express", "amount": 495}});
        let s = shipping_from_klarna(&shipping).unwrap();
        assert_eq!(s.shipping_option.unwrap().reference, "express");
        assert_eq!(s.recipient.unwrap().family_name.as_deref(), Some("Doe"));
    }

    #[test]
    fn bad_values_are_dropped_not_stored() {
        let long = "x".repeat(MAX_TEXT + 1);
        let v = json!({"given_name": long, "family_name": "Do\u{1b}e", "email": 5,
            "address": {"country": "gb", "city": ""}});
        assert_eq!(profile_from_klarna(&v), None);
        assert_eq!(shipping_from_klarna(&json!("x")), None);
        assert_eq!(
            shipping_from_klarna(&json!({"shipping_option": {"amount": 1}})),
            None
        );
    }
}
