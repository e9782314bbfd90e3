//! The acquirer's other payment methods (`CHECKOUT_OTHER_METHODS`), with a
//! label per language, and their default.

use checkout_core::api::OtherMethod;
use checkout_core::labels::Localized;

/// One of the acquirer's other payment methods, with its label per language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OtherMethodSetting {
    /// Stable id, e.g. `card`.
    pub id: String,
    /// Its label, by language.
    pub label: Localized,
}

impl OtherMethodSetting {
    /// The method as a page in `locale` shows it.
    pub fn for_locale(&self, locale: &str) -> OtherMethod {
        OtherMethod {
            id: self.id.clone(),
            label: self.label.pick(locale).to_string(),
        }
    }
}

/// `CHECKOUT_OTHER_METHODS` when unset: a card, labelled in every language
/// of Klarna's markets.
pub const DEFAULT_OTHER_METHODS: &str = "card:Card|de=Karte|nl=Kaart|fr=Carte|it=Carta|cs=Karta|da=Kort|es=Tarjeta|fi=Kortti|sv=Kort|el=Κάρτα|nb=Kort|pl=Karta|pt=Cartão|hu=Kártya|ro=Card";
