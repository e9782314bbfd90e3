//! Reading a payment request back from Klarna: what an express checkout needs
//! before its authorization (state, reference, amount, and the customer and
//! shipping details Klarna collected in its journey).
//!
//! Inferred, not confirmed: the path `GET /v2/accounts/{partner}/payment/requests/{id}`
//! and the answer's nesting. Klarna's guides name the fields
//! (`payment_request_id`, `state`, `payment_request_reference`,
//! `state_context.klarna_customer.customer_profile`, `state_context.shipping`)
//! but no stored copy of the API reference shows the whole answer, so the
//! parser looks in each place a field has been seen (`klarna-websdk.md` §7).

use super::KlarnaError;
use checkout_core::express::{
    profile_from_klarna, shipping_from_klarna, CustomerProfile, Shipping,
};
use serde_json::Value;

/// The path of a payment request under `/v2/accounts/{partner}/` (inferred).
pub const PATH: &str = "payment/requests";

/// A payment request as Klarna reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentRequestInfo {
    /// Klarna's id.
    pub id: String,
    /// `SUBMITTED`, `IN_PROGRESS`, `COMPLETED`, `CANCELED`, `EXPIRED`, `DECLINED`.
    pub state: String,
    /// `payment_request_reference`: our session id when the page set it.
    pub reference: Option<String>,
    /// Amount, minor units.
    pub amount: Option<i64>,
    /// Currency.
    pub currency: Option<String>,
    /// What Klarna shared about the customer.
    pub customer_profile: Option<CustomerProfile>,
    /// The shipping Klarna collected.
    pub shipping: Option<Shipping>,
}

fn first<'a>(v: &'a Value, pointers: &[&str]) -> Option<&'a Value> {
    pointers
        .iter()
        .find_map(|p| v.pointer(p))
        .filter(|x| !x.is_null())
}

/// Parses a 2xx answer of the payment-request read (the object itself or
/// wrapped in `payment_request`).
pub fn parse(v: &Value) -> Result<PaymentRequestInfo, KlarnaError> {
    let pr = v
        .get("payment_request")
        .filter(|p| p.is_object())
        .unwrap_or(v);
    let id = pr
        .get("payment_request_id")
        .and_then(Value::as_str)
        .ok_or_else(|| {
            KlarnaError::Upstream("payment request without payment_request_id".into())
        })?;
    let state = pr
        .get("state")
        .and_then(Value::as_str)
        .ok_or_else(|| KlarnaError::Upstream("payment request without state".into()))?;
    let string = |pointers: &[&str]| {
        first(pr, pointers)
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    let profile = first(
        pr,
        &[
            "/state_context/klarna_customer/customer_profile",
            "/klarna_customer/customer_profile",
        ],
    );
    let shipping = first(
        pr,
        &[
            "/state_context/shipping",
            "/state_context/klarna_customer/shipping",
            "/shipping",
        ],
    );
    Ok(PaymentRequestInfo {
        id: id.to_string(),
        state: state.to_string(),
        reference: string(&[
            "/payment_request_reference",
            "/request/payment_request_reference",
        ]),
        amount: first(pr, &["/amount", "/request/amount"]).and_then(Value::as_i64),
        currency: string(&["/currency", "/request/currency"]),
        customer_profile: profile.and_then(profile_from_klarna),
        shipping: shipping.and_then(shipping_from_klarna),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_the_documented_places() {
        let v = json!({"payment_request_id": "krn:pr:1", "state": "COMPLETED",
            "payment_request_reference": "hcs_1", "amount": 11800, "currency": "GBP",
            "state_context": {"klarna_customer": {"customer_profile": {"email": "customer+gb@klarna.com"}},
                "shipping": {"address": {"city": "London", "country": "GB"}}}});
        let p = parse(&v).unwrap();
        assert_eq!(
            (p.state.as_str(), p.reference.as_deref(), p.amount),
            ("COMPLETED", Some("hcs_1"), Some(11800))
        );
        assert_eq!(
            p.customer_profile.unwrap().email.as_deref(),
            Some("customer+gb@klarna.com")
        );
        assert_eq!(
            p.shipping.unwrap().address.unwrap().city.as_deref(),
            Some("London")
        );
        let wrapped = json!({"payment_request": {"payment_request_id": "x", "state": "SUBMITTED",
            "request": {"amount": 5, "currency": "EUR", "payment_request_reference": "hcs_2"}}});
        let w = parse(&wrapped).unwrap();
        assert_eq!(
            (w.amount, w.currency.as_deref(), w.reference.as_deref()),
            (Some(5), Some("EUR"), Some("hcs_2"))
        );
        assert!(matches!(
            parse(&json!({"state": "COMPLETED"})),
            Err(KlarnaError::Upstream(_))
        ));
    }
}
