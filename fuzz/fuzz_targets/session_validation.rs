//! `checkout_core::session::validate_new_session` (and `validate_patch`) on
//! arbitrary bytes read as JSON: never panics, and whatever it accepts keeps
//! the invariants the server relies on.
#![no_main]

use checkout_core::money::MAX_AMOUNT_MINOR;
use checkout_core::session::{lines_total, validate_new_session, validate_patch};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    let Ok(v) = serde_json::from_slice::<Value>(data) else {
        return;
    };
    match validate_new_session(&v) {
        Ok(s) => {
            assert!(s.amount > 0 && s.amount <= MAX_AMOUNT_MINOR, "{}", s.amount);
            assert!(
                s.order_lines.is_empty() || lines_total(&s.order_lines) == Some(s.amount),
                "accepted lines that don't add up to the amount"
            );
            assert!(!s.intents.is_empty());
        }
        Err(errors) => assert!(!errors.is_empty(), "a refusal names at least one field"),
    }
    for country in ["DE", "SE", "US"] {
        match validate_patch(&v, country) {
            Ok(p) => {
                if let (Some(a), Some(lines)) = (p.amount, &p.order_lines) {
                    assert!(lines.is_empty() || lines_total(lines) == Some(a));
                }
            }
            Err(errors) => assert!(!errors.is_empty()),
        }
    }
});
