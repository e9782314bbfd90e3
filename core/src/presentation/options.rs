//! The choices inside the one Klarna entry: their descriptors, the SDK's
//! generic fallback ids and which choice starts chosen.

/// code): the page still works but the descriptors are generic.
pub const FALLBACK_OPTION_IDS: &[&str] = &["KLARNA", "CHANGE_PLAN", "SAVED_PAYMENT_OPTION"];

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
}
