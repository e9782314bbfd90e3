//! Personal data of a session and its erasure: the shopper's names,
//! e-mail, phone and addresses (`customer`), the profile and shipping
//! Klarna shared after an express checkout, and `klarna_network_data`
//! (the merchant's opaque data for Klarna, which may describe the shopper).
//! Amounts, order lines, states and Klarna's ids stay: the merchant's books
//! and later captures and refunds need them, and they name no one.
//! Finished sessions are erased `CHECKOUT_PERSONAL_DATA_DAYS` after they
//! finished, or at once on `POST /v1/sessions/{id}/erase`.

use crate::order::Customer;
use crate::session::NewSession;

/// Erases the personal data of `data` and marks it erased at `at`
/// (RFC 3339). `false` (and nothing changed) when it was erased before.
pub fn erase_personal_data(data: &mut NewSession, at: &str) -> bool {
    if data.personal_data_erased_at.is_some() {
        return false;
    }
    data.customer = Customer::default();
    data.customer_profile = None;
    data.shipping = None;
    data.klarna_network_data = None;
    data.personal_data_erased_at = Some(at.to_string());
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::validate_new_session;
    use serde_json::json;

    #[test]
    fn names_contacts_and_addresses_go_amounts_and_lines_stay() {
        let mut d = validate_new_session(&json!({
            "amount": 1000, "currency": "EUR", "country": "DE", "locale": "de-DE",
            "merchant_reference": "o-1", "return_url": "https://shop.example/r",
            "order_lines": [{"name": "Book", "quantity": 1, "unit_price": 1000, "total_amount": 1000}],
            "customer": {"email": "a@b.example", "given_name": "Erika", "phone": "+49 30 1234567",
                "billing_address": {"street_address": "Hauptstr. 1", "postal_code": "10115", "city": "Berlin", "country": "DE"}},
            "klarna_network_data": "{\"shopper\":\"x\"}"
        }))
        .unwrap();
        let before = d.clone();
        assert!(erase_personal_data(&mut d, "2026-01-01T00:00:00Z"));
        assert!(d.customer.is_empty());
        assert_eq!(d.klarna_network_data, None);
        assert_eq!(
            (d.amount, &d.order_lines, &d.merchant_reference),
            (
                before.amount,
                &before.order_lines,
                &before.merchant_reference
            )
        );
        assert_eq!(
            d.personal_data_erased_at.as_deref(),
            Some("2026-01-01T00:00:00Z")
        );
        let once = d.clone();
        assert!(!erase_personal_data(&mut d, "2027-01-01T00:00:00Z"));
        assert_eq!(d, once);
    }
}
