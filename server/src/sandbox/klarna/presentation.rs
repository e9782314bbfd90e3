//! The sandbox's presentation answer (`GET …/payment/presentation`): the
//! instruction a test can force through the network session token, else
//! Klarna's rules for amount and currency.

use crate::klarna::PresentationQuery;
use checkout_core::presentation::Instruction;

/// The sandbox's instruction rules (`docs/sandbox.md`, "Presentation
/// instruction"), which `checkout_core::sandbox` owns for both halves of the sandbox.
pub fn sandbox_instruction(q: &PresentationQuery) -> Instruction {
    checkout_core::sandbox::instruction(
        q.network_session_token.as_deref(),
        q.amount,
        &q.currency,
        &q.locale,
    )
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
            acquiring_config: None,
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
