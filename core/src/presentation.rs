//! Klarna's availability answer and what the hosted page shows for it.
//!
//! Two surfaces can answer: v2 `Payment.presentation()` gives an
//! `instruction`, v1 `Interoperability.resolve()` gives a status. Both are
//! mapped to one [`Instruction`], which [`plan`] turns into the method list.

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
/// code): the page still works but the descriptors are generic.
pub const FALLBACK_OPTION_IDS: &[&str] = &["KLARNA", "CHANGE_PLAN", "SAVED_PAYMENT_OPTION"];

/// Klarna's payment status in a presentation (`paymentStatus`, named on
/// `WSDK/v2/interfaces/payment.PaymentPresentation.html`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaymentStatus {
    /// Klarna already has the shopper's approval: the partner authorizes
    /// (the hosted guide's "fast-track").
    PendingPartnerAuthorization,
    /// The shopper goes through Klarna as usual.
    RequiresCustomerAction,
}

impl PaymentStatus {
    /// Parses Klarna's wire value: only `PENDING_PARTNER_AUTHORIZATION`
    /// lets the page pay without a click; any other status (including one of
    /// a newer SDK) is the usual flow.
    pub fn parse(s: &str) -> PaymentStatus {
        if s == "PENDING_PARTNER_AUTHORIZATION" {
            PaymentStatus::PendingPartnerAuthorization
        } else {
            PaymentStatus::RequiresCustomerAction
        }
    }

    /// Klarna's wire value.
    pub fn as_str(self) -> &'static str {
        match self {
            PaymentStatus::PendingPartnerAuthorization => "PENDING_PARTNER_AUTHORIZATION",
            PaymentStatus::RequiresCustomerAction => "REQUIRES_CUSTOMER_ACTION",
        }
    }
}

/// Whether the page authorizes without a second click: Klarna reports
/// `PENDING_PARTNER_AUTHORIZATION` and Klarna is shown selected.
pub fn fast_track(status: Option<PaymentStatus>, klarna_selected: bool) -> bool {
    klarna_selected && status == Some(PaymentStatus::PendingPartnerAuthorization)
}

/// One choice inside the one Klarna entry (the standard option, or the
/// shopper's saved one), whatever the SDK revision. Text is only set where
/// Klarna hands plain strings (the v2 list's `content`); elsewhere the page
/// mounts Klarna's components instead.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OptionDescriptor {
    /// Klarna's payment option id (passed back in `initiate`); empty when the
    /// revision has none (r6).
    pub payment_option_id: String,
    /// Header text (v2 list only).
    pub header: Option<String>,
    /// Subheader text (v2 list only).
    pub subheader: Option<String>,
    /// Logo image URL (v2 list only).
    pub icon_url: Option<String>,
    /// Logo alternative text (v2 list only).
    pub icon_alt: Option<String>,
    /// Whether this is the shopper's saved Klarna option.
    pub saved: bool,
    /// Whether Klarna says this option is selected (v2 list's `selected`).
    pub selected: bool,
}

impl OptionDescriptor {
    /// Whether the SDK fell back to generic descriptors.
    pub fn is_fallback(&self) -> bool {
        FALLBACK_OPTION_IDS.contains(&self.payment_option_id.as_str())
    }
}

/// The choice that is chosen when Klarna is selected: the one Klarna says is
/// selected, else the saved one (Klarna's entry shows it first), else the
/// first.
pub fn preferred_option(options: &[OptionDescriptor]) -> Option<usize> {
    options
        .iter()
        .position(|o| o.selected)
        .or_else(|| options.iter().position(|o| o.saved))
        .or_else(|| (!options.is_empty()).then_some(0))
}

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

    #[test]
    fn selected_then_saved_then_first_and_fallbacks_flagged() {
        let opt = |id: &str, saved: bool, selected: bool| OptionDescriptor {
            payment_option_id: id.into(),
            saved,
            selected,
            ..Default::default()
        };
        let standard = opt("opt-a", false, false);
        let saved = opt("SAVED_PAYMENT_OPTION", true, false);
        let list = [standard.clone(), saved.clone()];
        assert_eq!(preferred_option(&list), Some(1));
        let picked = [standard.clone(), saved.clone(), opt("opt-c", false, true)];
        assert_eq!(preferred_option(&picked), Some(2));
        assert_eq!(preferred_option(std::slice::from_ref(&standard)), Some(0));
        assert_eq!(preferred_option(&[]), None);
        assert!(saved.is_fallback() && !standard.is_fallback());
    }

    #[test]
    fn payment_status_and_fast_track() {
        use PaymentStatus as P;
        for p in [P::PendingPartnerAuthorization, P::RequiresCustomerAction] {
            assert_eq!(P::parse(p.as_str()), p);
        }
        assert_eq!(P::parse("SOMETHING_NEWER"), P::RequiresCustomerAction);
        assert!(fast_track(Some(P::PendingPartnerAuthorization), true));
        assert!(!fast_track(Some(P::PendingPartnerAuthorization), false));
        assert!(!fast_track(Some(P::RequiresCustomerAction), true));
        assert!(!fast_track(None, true));
    }
}
