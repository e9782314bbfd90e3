//! How the sandbox's Klarna decides (`KLARNA_MODE=sandbox`, `docs/sandbox.md`).
//!
//! Both halves of the sandbox decide alike from here: the server's emulated
//! Klarna API (`server/src/sandbox/klarna/`) calls these functions, and the
//! Web SDK emulator (`www/sandbox/sdk/`) reads the same facts from
//! `www/sandbox/sdk/facts.js`, which [`facts_module`] writes (a test compares
//! the checked-in file with it, so CI fails when they drift). Nothing here is
//! restated by hand in JavaScript: the file carries the market table, the
//! currency exponents, the amount range, the test triggers, and worked cases
//! the emulator's own tests replay.

use crate::markets::{market, split_locale, MARKETS};
use crate::money::currencies;
use crate::presentation::{Instruction, PaymentStatus};
use serde_json::{json, Value};

/// Smallest amount Klarna is offered for in the sandbox (1.00), minor units.
pub const MIN_AMOUNT: i64 = 100;
/// Largest amount Klarna is offered for in the sandbox (10,000.00), minor units.
pub const MAX_AMOUNT: i64 = 1_000_000;

/// Instructions a network session token can force by containing their name,
/// the most restrictive first (it wins when a token names several).
pub const INSTRUCTION_TRIGGERS: [Instruction; 4] = [
    Instruction::HideKlarna,
    Instruction::ShowOnlyKlarna,
    Instruction::PreselectKlarna,
    Instruction::ShowKlarna,
];

/// A token containing this makes the presentation report the fast-track
/// payment status `PENDING_PARTNER_AUTHORIZATION`.
pub const FAST_TRACK_TRIGGER: &str = "PENDING_PARTNER_AUTHORIZATION";

/// A token containing this makes the legacy `Interoperability.resolve()`
/// answer `PAYMENT_PENDING_CONFIRMATION`.
pub const RESOLVE_PENDING_TRIGGER: &str = "PENDING_CONFIRMATION";

fn token_of(token: Option<&str>) -> Option<&str> {
    token.filter(|t| !t.is_empty())
}

/// The instruction: a trigger word in the token forces it; else an amount
/// outside [`MIN_AMOUNT`]..=[`MAX_AMOUNT`] or a currency that is not the
/// locale's market currency hides Klarna; else a token (a shopper Klarna
/// knows) preselects; else show.
pub fn instruction(token: Option<&str>, amount: i64, currency: &str, locale: &str) -> Instruction {
    let token = token_of(token);
    let forced = INSTRUCTION_TRIGGERS
        .into_iter()
        .find(|i| token.is_some_and(|t| t.contains(i.as_str())));
    if let Some(i) = forced {
        return i;
    }
    let market_currency = split_locale(locale)
        .and_then(|(_, cc)| market(cc))
        .map(|m| m.currency);
    if !(MIN_AMOUNT..=MAX_AMOUNT).contains(&amount) || market_currency != Some(currency) {
        return Instruction::HideKlarna;
    }
    if token.is_some() {
        Instruction::PreselectKlarna
    } else {
        Instruction::ShowKlarna
    }
}

/// Whether the presentation carries a saved payment option: the shopper is
/// known (a token) and Klarna is offered.
pub fn has_saved_option(token: Option<&str>, instruction: Instruction) -> bool {
    token_of(token).is_some() && instruction != Instruction::HideKlarna
}

/// The payment status the presentation reports.
pub fn payment_status(token: Option<&str>) -> PaymentStatus {
    if token_of(token).is_some_and(|t| t.contains(FAST_TRACK_TRIGGER)) {
        PaymentStatus::PendingPartnerAuthorization
    } else {
        PaymentStatus::RequiresCustomerAction
    }
}

/// Inputs of the worked cases in the facts: each trigger, the range's edges,
/// a foreign currency, a known shopper, the fast-track.
const CASES: &[(Option<&str>, i64, &str, &str)] = &[
    (None, 11800, "EUR", "de-DE"),
    (None, 99, "EUR", "de-DE"),
    (None, 100, "EUR", "de-DE"),
    (None, 1_000_000, "EUR", "de-DE"),
    (None, 1_000_001, "EUR", "de-DE"),
    (None, 11800, "SEK", "de-DE"),
    (None, 11800, "SEK", "sv-SE"),
    (None, 11800, "EUR", "en-XX"),
    (
        Some("krn:sandbox:eu1:session-token:shopper:1"),
        11800,
        "EUR",
        "de-DE",
    ),
    (
        Some("krn:sandbox:eu1:session-token:shopper:1"),
        5,
        "EUR",
        "de-DE",
    ),
    (
        Some("krn:sandbox:eu1:session-token:HIDE_KLARNA:1"),
        11800,
        "EUR",
        "de-DE",
    ),
    (
        Some("krn:sandbox:eu1:session-token:SHOW_KLARNA:1"),
        11800,
        "EUR",
        "de-DE",
    ),
    (
        Some("krn:sandbox:eu1:session-token:PRESELECT_KLARNA:1"),
        11800,
        "EUR",
        "de-DE",
    ),
    (
        Some("krn:sandbox:eu1:session-token:SHOW_ONLY_KLARNA:1"),
        5,
        "SEK",
        "de-DE",
    ),
    (Some("x:SHOW_KLARNA:HIDE_KLARNA"), 11800, "EUR", "de-DE"),
    (
        Some("krn:sandbox:eu1:session-token:PENDING_PARTNER_AUTHORIZATION:1"),
        11800,
        "EUR",
        "de-DE",
    ),
    (Some(""), 11800, "EUR", "de-DE"),
];

/// Every fact the Web SDK emulator takes from `core`, as JSON.
pub fn facts() -> Value {
    let markets: serde_json::Map<String, Value> = MARKETS
        .iter()
        .map(|m| {
            let v = json!({"currency": m.currency, "locales": m.locales});
            (m.country.to_string(), v)
        })
        .collect();
    let minor_digits: serde_json::Map<String, Value> = currencies()
        .map(|c| (c.code.to_string(), json!(c.exponent)))
        .collect();
    let cases: Vec<Value> = CASES
        .iter()
        .map(|&(token, amount, currency, locale)| {
            let i = instruction(token, amount, currency, locale);
            json!({
                "token": token.unwrap_or(""), "amount": amount, "currency": currency, "locale": locale,
                "instruction": i.as_str(),
                "saved_option": has_saved_option(token, i),
                "payment_status": payment_status(token).as_str(),
            })
        })
        .collect();
    json!({
        "amount_range": {"min": MIN_AMOUNT, "max": MAX_AMOUNT},
        "instruction_triggers": INSTRUCTION_TRIGGERS.map(Instruction::as_str),
        "fast_track_trigger": FAST_TRACK_TRIGGER,
        "resolve_pending_trigger": RESOLVE_PENDING_TRIGGER,
        "markets": markets,
        "minor_digits": minor_digits,
        "cases": cases,
    })
}

/// The text of `www/sandbox/sdk/facts.js`: [`facts`] as a JSON literal in an
/// ES module (a `.js` file, so every static server and the wasm test runner
/// serve it as JavaScript; the emulator needs no JSON-module support).
pub fn facts_module() -> String {
    let json = serde_json::to_string_pretty(&facts()).unwrap_or_default();
    format!(
        "// Written by checkout-core (`core/src/sandbox.rs`, `facts_module`); do not edit.\n\
         // `KHC_WRITE_SANDBOX_FACTS=1 cargo test -p checkout-core --test sandbox_facts` rewrites it;\n\
         // CI fails when it differs from what core writes.\n\
         /** @type {{import('../klarna-websdk').SandboxFacts}} */\n\
         export default {json};\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use Instruction as I;

    #[test]
    fn instruction_rules() {
        let known = Some("krn:sandbox:eu1:session-token:shopper:1");
        let cases = [
            (None, 11800, "EUR", "de-DE", I::ShowKlarna),
            (None, 99, "EUR", "de-DE", I::HideKlarna),
            (None, 1_000_001, "EUR", "de-DE", I::HideKlarna),
            (None, 11800, "SEK", "de-DE", I::HideKlarna),
            (known, 11800, "EUR", "de-DE", I::PreselectKlarna),
            (
                Some("a:SHOW_ONLY_KLARNA"),
                5,
                "SEK",
                "de-DE",
                I::ShowOnlyKlarna,
            ),
            (
                Some("a:SHOW_KLARNA:HIDE_KLARNA"),
                11800,
                "EUR",
                "de-DE",
                I::HideKlarna,
            ),
            (Some(""), 11800, "EUR", "de-DE", I::ShowKlarna),
        ];
        for (token, amount, currency, locale, want) in cases {
            assert_eq!(
                instruction(token, amount, currency, locale),
                want,
                "{token:?} {amount} {currency}"
            );
        }
    }

    #[test]
    fn saved_option_and_fast_track() {
        assert!(has_saved_option(Some("t"), I::ShowKlarna));
        assert!(!has_saved_option(Some("t"), I::HideKlarna));
        assert!(!has_saved_option(None, I::PreselectKlarna));
        assert_eq!(
            payment_status(Some("x:PENDING_PARTNER_AUTHORIZATION")),
            PaymentStatus::PendingPartnerAuthorization
        );
        assert_eq!(payment_status(None), PaymentStatus::RequiresCustomerAction);
    }

    #[test]
    fn facts_carry_the_tables() {
        let f = facts();
        assert_eq!(f["markets"]["DE"]["currency"], "EUR");
        assert_eq!(f["minor_digits"]["JPY"], 0);
        assert_eq!(f["instruction_triggers"][0], "HIDE_KLARNA");
        assert_eq!(f["cases"].as_array().map(Vec::len), Some(CASES.len()));
        assert!(facts_module().starts_with("// Written by checkout-core"));
    }
}
