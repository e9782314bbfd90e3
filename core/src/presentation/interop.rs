//! v1 `Interoperability.resolve()`: its status mapped to an [`Instruction`]
//! and, when Klarna waits for it, the token to confirm the payment with.

use super::Instruction;

/// What v1 `Interoperability.resolve()` says, mapped to what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InteropDecision {
    /// How to present Klarna.
    pub instruction: Instruction,
    /// Confirm the payment now with this token (`PAYMENT_PENDING_CONFIRMATION`).
    pub confirm_with: Option<String>,
}

/// Maps a resolve status: `PAYMENT_SUPPORTED` → show, `PAYMENT_UNSUPPORTED` →
/// hide, `PAYMENT_PREPARED` → preselect, `PAYMENT_PENDING_CONFIRMATION` →
/// confirm with the token when there is one, else preselect; anything else
/// (a status of a newer revision) → preselect, as Klarna's guide says.
pub fn from_interop_status(status: &str, confirmation_token: Option<&str>) -> InteropDecision {
    let token = confirmation_token.filter(|t| !t.is_empty());
    let (instruction, confirm_with) = match status {
        "PAYMENT_SUPPORTED" => (Instruction::ShowKlarna, None),
        "PAYMENT_UNSUPPORTED" => (Instruction::HideKlarna, None),
        "PAYMENT_PREPARED" => (Instruction::PreselectKlarna, None),
        "PAYMENT_PENDING_CONFIRMATION" => (Instruction::PreselectKlarna, token.map(str::to_string)),
        _ => (Instruction::PreselectKlarna, None),
    };
    InteropDecision {
        instruction,
        confirm_with,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Instruction as I;

    #[test]
    fn interop_status_table() {
        let cases = [
            ("PAYMENT_SUPPORTED", None, I::ShowKlarna, None),
            ("PAYMENT_UNSUPPORTED", None, I::HideKlarna, None),
            ("PAYMENT_PREPARED", None, I::PreselectKlarna, None),
            (
                "PAYMENT_PENDING_CONFIRMATION",
                Some("pct"),
                I::PreselectKlarna,
                Some("pct"),
            ),
            (
                "PAYMENT_PENDING_CONFIRMATION",
                None,
                I::PreselectKlarna,
                None,
            ),
            (
                "PAYMENT_PENDING_CONFIRMATION",
                Some(""),
                I::PreselectKlarna,
                None,
            ),
            ("SOMETHING_NEW", None, I::PreselectKlarna, None),
        ];
        for (status, tok, want, confirm) in cases {
            let d = from_interop_status(status, tok);
            assert_eq!(d.instruction, want, "{status}");
            assert_eq!(d.confirm_with.as_deref(), confirm, "{status}");
        }
    }
}
