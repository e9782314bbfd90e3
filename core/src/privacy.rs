//! Personal data of a session and its erasure: the shopper's names,
//! e-mail, phone and addresses (`customer`), the profile and shipping
//! Klarna shared after an express checkout, and `klarna_network_data`
//! (the merchant's opaque data for Klarna, which may describe the shopper),
//! and the stored `klarna_network_session_token` (the shopper's session at
//! Klarna: it could authorize another payment, and nothing after the
//! payment needs it). Amounts, order lines, states and Klarna's ids stay:
//! the merchant's books and later captures and refunds need them, and they
//! name no one.
//! Finished sessions are erased `CHECKOUT_PERSONAL_DATA_DAYS` after they
//! finished, or at once on `POST /v1/sessions/{id}/erase`. The merchant
//! notifications stored about the session (each carries the session's view
//! as it was then) are erased with it ([`erase_event_data`]), and so are the
//! answers kept for `Idempotency-Key` replays ([`erase_stored_answer`]).

use crate::order::Customer;
use crate::session::NewSession;
use serde_json::Value;

/// The fields of a session's view (`GET /v1/sessions/{id}`, a notification's
/// `data`) that hold personal data: absent from an erased session's view.
pub const PERSONAL_VIEW_FIELDS: [&str; 3] = ["customer", "customer_profile", "shipping"];

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
    data.klarna_network_session_token = None;
    data.personal_data_erased_at = Some(at.to_string());
    true
}

/// Erases the personal data of a stored notification's `data` (the
/// session's view as it was when the event happened), so it shows what the
/// erased session's view shows: [`PERSONAL_VIEW_FIELDS`] removed and
/// `personal_data_erased_at` set (to `at` when it had none). Everything else
/// (amounts, lines, states, the payment) stays. `false` when nothing changed
/// (erased before, or not an object).
pub fn erase_event_data(data: &mut Value, at: &str) -> bool {
    let Some(obj) = data.as_object_mut() else {
        return false;
    };
    let mut changed = false;
    for k in PERSONAL_VIEW_FIELDS {
        changed |= obj.remove(k).is_some();
    }
    if obj
        .get("personal_data_erased_at")
        .is_none_or(Value::is_null)
    {
        obj.insert("personal_data_erased_at".into(), Value::from(at));
        changed = true;
    }
    changed
}

/// Erases the personal data of a stored answer about session `session` (an
/// idempotency record's body, replayed to a retry), so a replay shows what
/// the session shows now: every view of that session in it (the answer
/// itself, an event's `data`) as [`erase_event_data`] erases it, and the
/// personal fields of the other objects in it (an authorization's
/// `customer_profile` and `shipping`) removed. `false` when nothing changed.
pub fn erase_stored_answer(answer: &mut Value, session: &str, at: &str) -> bool {
    match answer {
        Value::Array(items) => items.iter_mut().fold(false, |changed, v| {
            erase_stored_answer(v, session, at) | changed
        }),
        Value::Object(obj) => {
            let a_view = obj.get("id").and_then(Value::as_str) == Some(session)
                && obj.contains_key("has_network_session_token");
            if a_view {
                return erase_event_data(answer, at);
            }
            let mut changed = false;
            for k in PERSONAL_VIEW_FIELDS {
                changed |= obj.remove(k).is_some();
            }
            obj.values_mut().fold(changed, |changed, v| {
                erase_stored_answer(v, session, at) | changed
            })
        }
        _ => false,
    }
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
        d.klarna_network_session_token = Some("krn:token:1".into());
        let before = d.clone();
        assert!(erase_personal_data(&mut d, "2026-01-01T00:00:00Z"));
        assert!(d.customer.is_empty());
        assert_eq!(d.klarna_network_data, None);
        assert_eq!(d.klarna_network_session_token, None);
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

    #[test]
    fn an_events_data_loses_what_the_erased_view_lacks() {
        let mut data = json!({"id": "hcs_1", "amount": 1000, "state": "authorized",
            "customer": {"email": "a@b.example", "given_name": "Erika"},
            "customer_profile": {"email": "a@b.example"}, "shipping": {"recipient": {"given_name": "Max"}},
            "order_lines": [{"name": "Book"}], "payment": {"captured_amount": 0}});
        assert!(erase_event_data(&mut data, "2026-01-01T00:00:00Z"));
        assert_eq!(
            data,
            json!({"id": "hcs_1", "amount": 1000, "state": "authorized",
                "order_lines": [{"name": "Book"}], "payment": {"captured_amount": 0},
                "personal_data_erased_at": "2026-01-01T00:00:00Z"})
        );
        // Again, or an event written after the erasure: nothing changes.
        let once = data.clone();
        assert!(!erase_event_data(&mut data, "2027-01-01T00:00:00Z"));
        assert_eq!(data, once);
        assert!(!erase_event_data(&mut json!("x"), "2027-01-01T00:00:00Z"));
    }

    #[test]
    fn a_stored_answer_loses_the_sessions_personal_data_wherever_it_is() {
        let view = json!({"id": "hcs_1", "has_network_session_token": false, "amount": 1000,
            "customer": {"email": "a@b.example"}, "state": "canceled"});
        let mut patched = view.clone();
        assert!(erase_stored_answer(&mut patched, "hcs_1", "T"));
        assert_eq!(
            patched,
            json!({"id": "hcs_1", "has_network_session_token": false, "amount": 1000,
                "state": "canceled", "personal_data_erased_at": "T"})
        );
        assert!(!erase_stored_answer(&mut patched, "hcs_1", "T2"));
        // An event about it (its `data` is the view), an authorization's outcome.
        let mut event = json!({"id": "evt_1", "session_id": "hcs_1", "data": view});
        assert!(erase_stored_answer(&mut event, "hcs_1", "T"));
        assert_eq!(event["data"], patched);
        let mut created = json!({"id": "hcs_1", "state": "authorized",
            "outcome": {"state": "authorized", "customer_profile": {"email": "a@b.example"},
                "shipping": {"recipient": {"given_name": "Max"}}}});
        assert!(erase_stored_answer(&mut created, "hcs_1", "T"));
        assert_eq!(
            created,
            json!({"id": "hcs_1", "state": "authorized", "outcome": {"state": "authorized"}})
        );
        // Nothing personal: unchanged (a capture, a creation's answer).
        let mut capture = json!({"id": "cap_1", "amount": 100, "state": "pending"});
        assert!(!erase_stored_answer(&mut capture, "hcs_1", "T"));
        assert_eq!(
            capture,
            json!({"id": "cap_1", "amount": 100, "state": "pending"})
        );
    }
}
