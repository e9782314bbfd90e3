//! A postal address with the person at it, in Klarna's fields: the one
//! address type of the checkout, for the addresses a merchant sends
//! (`customer.billing_address`, `customer.shipping_address`) and those
//! Klarna shares after an express checkout ([`crate::express`]).
//!
//! A merchant's address is read strictly, with Klarna's limits (names,
//! street lines and city 1–99 characters, postal code 1–10, an ISO 3166
//! country, a phone of digits and `+ ( ) . -`), each problem named by its
//! path.

use crate::countries::is_country;
use crate::fields::Fields;
use crate::text::check_text;
use serde::{Deserialize, Serialize};

/// A postal address (Klarna's `address`), with the person when known.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Address {
    /// Given name of the person at the address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub given_name: Option<String>,
    /// Family name of the person at the address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family_name: Option<String>,
    /// E-mail of the person at the address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Phone of the person at the address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Street and number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub street_address: Option<String>,
    /// Second address line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub street_address2: Option<String>,
    /// Postal code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    /// City.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// Region or state (ISO 3166-2 subdivision for US and AU).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// ISO 3166-1 alpha-2 country.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
}

impl Address {
    /// Whether any of the street part is known (street, postal code, city,
    /// region, country).
    pub fn has_location(&self) -> bool {
        [
            &self.street_address,
            &self.street_address2,
            &self.postal_code,
            &self.city,
            &self.region,
            &self.country,
        ]
        .iter()
        .any(|f| f.is_some())
    }
}

/// Checks a phone number as Klarna takes it: 1 to 99 of digits, spaces and
/// `+ ( ) . -`, with at least one digit.
pub fn check_phone(s: &str) -> Result<(), String> {
    let ok = (1..=99).contains(&s.len())
        && s.bytes().any(|b| b.is_ascii_digit())
        && s.bytes()
            .all(|b| b.is_ascii_digit() || b" +().-".contains(&b));
    if ok {
        Ok(())
    } else {
        Err("expected a phone number of 1 to 99 digits, spaces and + ( ) . -".into())
    }
}

/// Checks an e-mail address: at most 254 characters, no spaces or controls,
/// one `@` with a dotted domain after it.
pub fn check_email(e: &str) -> Result<(), String> {
    let ok = check_text(e, 3, 254).is_ok()
        && !e.contains(char::is_whitespace)
        && e.split_once('@')
            .is_some_and(|(a, b)| !a.is_empty() && b.contains('.'));
    if ok {
        Ok(())
    } else {
        Err("expected an e-mail address of at most 254 characters, without spaces or control characters".into())
    }
}

/// Reads one optional text field of a person or an address with `check`.
pub(crate) fn field(
    f: &mut Fields<'_>,
    name: &'static str,
    check: impl Fn(&str) -> Result<(), String>,
) -> Option<String> {
    let s = f.string(name, false)?;
    match check(s) {
        Ok(()) => Some(s.to_string()),
        Err(e) => {
            f.fail(name, e);
            None
        }
    }
}

/// A name, a street line, a city or a region: 1 to 99 characters.
pub(crate) fn text99(s: &str) -> Result<(), String> {
    check_text(s, 1, 99)
}

/// Reads the address object `name` of `f` (absent: `None`).
pub fn read_address(f: &mut Fields<'_>, name: &'static str) -> Option<Address> {
    let v = f.raw(name)?;
    let path = f.path(name);
    let mut errs = Vec::new();
    let Some(mut a) = Fields::new(v, &path, &mut errs) else {
        f.errors.append(&mut errs);
        return None;
    };
    let address = Address {
        given_name: field(&mut a, "given_name", text99),
        family_name: field(&mut a, "family_name", text99),
        email: field(&mut a, "email", check_email),
        phone: field(&mut a, "phone", check_phone),
        street_address: field(&mut a, "street_address", text99),
        street_address2: field(&mut a, "street_address2", text99),
        postal_code: field(&mut a, "postal_code", |s| check_text(s, 1, 10)),
        city: field(&mut a, "city", text99),
        region: field(&mut a, "region", text99),
        country: field(&mut a, "country", |c| {
            if is_country(c) {
                Ok(())
            } else {
                Err("expected an ISO 3166-1 alpha-2 country code in upper case, e.g. DE".into())
            }
        }),
    };
    a.finish(&mut errs);
    f.errors.append(&mut errs);
    Some(address)
}
