//! The shopper as the merchant knows them: names, e-mail, phone, billing
//! and shipping address. Personal data: kept for
//! `CHECKOUT_PERSONAL_DATA_DAYS` after the session finishes, then erased
//! (`server/src/privacy/`).
//!
//! No date of birth: Klarna's network `customer` type (the one
//! `supplementary_purchase_data` takes) has none, and it is the most
//! sensitive datum of all; Klarna collects it itself when it needs it.

use super::address::{check_email, check_phone, field, read_address, text99, Address};
use crate::fields::Fields;
use serde::{Deserialize, Serialize};

/// The shopper, as far as the merchant knows them.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Customer {
    /// E-mail address (decides the sandbox persona).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_length = 3, max_length = 254, format = Email))]
    pub email: Option<String>,
    /// Given name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub given_name: Option<String>,
    /// Family name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family_name: Option<String>,
    /// Phone number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Billing address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub billing_address: Option<Box<Address>>,
    /// Where the order ships.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shipping_address: Option<Box<Address>>,
}

impl Customer {
    /// Whether nothing is known about the shopper.
    pub fn is_empty(&self) -> bool {
        *self == Customer::default()
    }
}

/// Reads `customer` (absent: `None`), naming every bad field.
pub fn read_customer(f: &mut Fields<'_>) -> Option<Customer> {
    let v = f.raw("customer")?;
    let path = f.path("customer");
    let mut errs = Vec::new();
    let Some(mut c) = Fields::new(v, &path, &mut errs) else {
        f.errors.append(&mut errs);
        return None;
    };
    let customer = Customer {
        email: field(&mut c, "email", check_email),
        given_name: field(&mut c, "given_name", text99),
        family_name: field(&mut c, "family_name", text99),
        phone: field(&mut c, "phone", check_phone),
        billing_address: read_address(&mut c, "billing_address").map(Box::new),
        shipping_address: read_address(&mut c, "shipping_address").map(Box::new),
    };
    c.finish(&mut errs);
    f.errors.append(&mut errs);
    Some(customer)
}
