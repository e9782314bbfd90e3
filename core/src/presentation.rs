//! Klarna's availability answer and what the hosted page shows for it.
//!
//! Two surfaces can answer: v2 `Payment.presentation()` gives an
//! `instruction`, v1 `Interoperability.resolve()` gives a status. Both are
//! mapped to one [`Instruction`], which [`plan`] turns into the method list.

mod interop;
mod options;
mod status;

pub use interop::{from_interop_status, InteropDecision};
pub use options::{preferred_option, OptionDescriptor, FALLBACK_OPTION_IDS};
pub use status::{fast_track, PaymentStatus};

use serde::{Deserialize, Serialize};

/// Klarna's presentation instruction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Instruction {
    /// Do not offer Klarna.
    HideKlarna,
    /// List Klarna among the methods.
    ShowKlarna,
    /// List Klarna first and select it.
    PreselectKlarna,
    /// Show Klarna and hide every other method.
    ShowOnlyKlarna,
}

impl Instruction {
    /// Parses Klarna's wire value; unknown values are `None`.
    pub fn parse(s: &str) -> Option<Instruction> {
        Some(match s {
            "HIDE_KLARNA" => Instruction::HideKlarna,
            "SHOW_KLARNA" => Instruction::ShowKlarna,
            "PRESELECT_KLARNA" => Instruction::PreselectKlarna,
            "SHOW_ONLY_KLARNA" => Instruction::ShowOnlyKlarna,
            _ => return None,
        })
    }

    /// Klarna's wire value.
    pub fn as_str(self) -> &'static str {
        match self {
            Instruction::HideKlarna => "HIDE_KLARNA",
            Instruction::ShowKlarna => "SHOW_KLARNA",
            Instruction::PreselectKlarna => "PRESELECT_KLARNA",
            Instruction::ShowOnlyKlarna => "SHOW_ONLY_KLARNA",
        }
    }

    fn rank(self) -> u8 {
        match self {
            Instruction::ShowKlarna => 0,
            Instruction::PreselectKlarna => 1,
            Instruction::ShowOnlyKlarna => 2,
            Instruction::HideKlarna => 3,
        }
    }
}

/// Combines both surfaces' answers: the most restrictive wins (hide beats
/// show-only beats preselect beats show); no answer at all means show.
pub fn merge(a: Option<Instruction>, b: Option<Instruction>) -> Instruction {
    match (a, b) {
        (Some(x), Some(y)) => {
            if x.rank() >= y.rank() {
                x
            } else {
                y
            }
        }
        (Some(x), None) | (None, Some(x)) => x,
        (None, None) => Instruction::ShowKlarna,
    }
}

/// How the payment-method list looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListPlan {
    /// Klarna is listed.
    pub show_klarna: bool,
    /// Klarna comes first.
    pub klarna_first: bool,
    /// Klarna starts selected (so its button is mounted).
    pub klarna_selected: bool,
    /// The acquirer's other methods are listed.
    pub show_others: bool,
}

/// The list for an instruction; `declined` (Klarna declined earlier in this
/// session) hides Klarna whatever the instruction. With no other method,
/// Klarna is selected whenever it is shown.
pub fn plan(instruction: Instruction, has_others: bool, declined: bool) -> ListPlan {
    let show_klarna = !declined && instruction != Instruction::HideKlarna;
    let only = instruction == Instruction::ShowOnlyKlarna && show_klarna;
    let pre = matches!(
        instruction,
        Instruction::PreselectKlarna | Instruction::ShowOnlyKlarna
    );
    ListPlan {
        show_klarna,
        klarna_first: show_klarna && pre,
        klarna_selected: show_klarna && (pre || !has_others),
        show_others: has_others && !only,
    }
}

/// Ids the SDK returns when its own presentation call failed (observed in Adyen's
#[cfg(test)]
mod tests {
    use super::*;
    use Instruction as I;

    #[test]
    fn instruction_wire_values() {
        for i in [
            I::HideKlarna,
            I::ShowKlarna,
            I::PreselectKlarna,
            I::ShowOnlyKlarna,
        ] {
            assert_eq!(I::parse(i.as_str()), Some(i));
            assert_eq!(
                serde_json::to_string(&i).unwrap(),
                format!("\"{}\"", i.as_str())
            );
        }
        assert_eq!(I::parse("show_klarna"), None);
    }

    #[test]
    fn merge_takes_the_most_restrictive() {
        assert_eq!(merge(None, None), I::ShowKlarna);
        assert_eq!(merge(Some(I::PreselectKlarna), None), I::PreselectKlarna);
        assert_eq!(
            merge(Some(I::ShowKlarna), Some(I::HideKlarna)),
            I::HideKlarna
        );
        assert_eq!(
            merge(Some(I::ShowOnlyKlarna), Some(I::PreselectKlarna)),
            I::ShowOnlyKlarna
        );
        assert_eq!(
            merge(Some(I::ShowKlarna), Some(I::PreselectKlarna)),
            I::PreselectKlarna
        );
    }

    #[test]
    fn plan_table() {
        // (instruction, has_others, declined) → (show, first, selected, others)
        let cases = [
            (I::HideKlarna, true, false, (false, false, false, true)),
            (I::ShowKlarna, true, false, (true, false, false, true)),
            (I::PreselectKlarna, true, false, (true, true, true, true)),
            (I::ShowOnlyKlarna, true, false, (true, true, true, false)),
            (I::ShowKlarna, false, false, (true, false, true, false)),
            (I::PreselectKlarna, true, true, (false, false, false, true)),
            (I::ShowOnlyKlarna, true, true, (false, false, false, true)),
        ];
        for (i, others, declined, (s, f, sel, o)) in cases {
            let p = plan(i, others, declined);
            assert_eq!(
                (
                    p.show_klarna,
                    p.klarna_first,
                    p.klarna_selected,
                    p.show_others
                ),
                (s, f, sel, o),
                "{i:?} others={others} declined={declined}"
            );
        }
    }
}
