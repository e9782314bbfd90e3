//! The sandbox's presentation answer (`GET …/payment/presentation`): the
//! instruction a test can force through the network session token, else
//! Klarna's rules for amount and currency.

use crate::klarna::PresentationQuery;
use checkout_core::markets::{market, split_locale};
use checkout_core::presentation::Instruction;

/// The sandbox's instruction rules (`docs/sandbox.md`, "Presentation instruction").
pub fn sandbox_instruction(q: &PresentationQuery) -> Instruction {
    let token = q.network_session_token.as_deref();
    let forced = [
        "HIDE_KLARNA",
        "SHOW_ONLY_KLARNA",
        "PRESELECT_KLARNA",
        "SHOW_KLARNA",
    ]
    .into_iter()
    .find(|name| token.is_some_and(|t| t.contains(name)));
    if let Some(i) = forced.and_then(Instruction::parse) {
        return i;
    }
    let market_currency = split_locale(&q.locale)
        .and_then(|(_, cc)| market(cc))
        .map(|m| m.currency);
    if !(100..=1_000_000).contains(&q.amount) || market_currency != Some(q.currency.as_str()) {
        return Instruction::HideKlarna;
    }
    if token.is_some() {
        Instruction::PreselectKlarna
    } else {
        Instruction::ShowKlarna
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instruction_triggers() {
        let q = |amount, currency: &str, token: Option<&str>| PresentationQuery {
            locale: "de-DE".into(),
            amount,
            currency: currency.into(),
            intents: vec!["PAY".into()],
            network_session_token: token.map(str::to_string),
        };
        let forced = "krn:sandbox:eu1:session-token:SHOW_ONLY_KLARNA:1";
        assert_eq!(
            sandbox_instruction(&q(5, "EUR", Some(forced))),
            Instruction::ShowOnlyKlarna
        );
        assert_eq!(
            sandbox_instruction(&q(99, "EUR", None)),
            Instruction::HideKlarna
        );
        assert_eq!(
            sandbox_instruction(&q(11800, "SEK", None)),
            Instruction::HideKlarna
        );
        assert_eq!(
            sandbox_instruction(&q(11800, "EUR", Some("krn:x"))),
            Instruction::PreselectKlarna
        );
        assert_eq!(
            sandbox_instruction(&q(11800, "EUR", None)),
            Instruction::ShowKlarna
        );
    }
}
