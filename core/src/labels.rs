//! Labels the acquirer gives in several languages (its other payment
//! methods): the one for a locale is found along the same fallback chain as
//! the page's own texts (`de-CH` → `de` → the default; Norwegian `no` → `nb`).

use serde::{Deserialize, Serialize};

/// A label with translations by BCP-47 tag (`de`, `de-CH`, `fr`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Localized {
    /// The label when no translation fits.
    pub default: String,
    /// Translations, `(tag, text)`; tags compared without case.
    pub by_tag: Vec<(String, String)>,
}

impl Localized {
    /// The label for `locale` (`de-AT`): the exact tag, then its language,
    /// then the default.
    pub fn pick(&self, locale: &str) -> &str {
        let lang = locale.split('-').next().unwrap_or(locale);
        let lang = if lang.eq_ignore_ascii_case("no") {
            "nb"
        } else {
            lang
        };
        [locale, lang]
            .iter()
            .find_map(|want| {
                self.by_tag
                    .iter()
                    .find(|(tag, _)| tag.eq_ignore_ascii_case(want))
                    .map(|(_, text)| text.as_str())
            })
            .unwrap_or(&self.default)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card() -> Localized {
        Localized {
            default: "Card".into(),
            by_tag: vec![
                ("de".into(), "Karte".into()),
                ("de-CH".into(), "Kreditkarte".into()),
                ("nb".into(), "Kort".into()),
            ],
        }
    }

    #[test]
    fn the_chain_is_exact_tag_then_language_then_default() {
        assert_eq!(card().pick("de-DE"), "Karte");
        assert_eq!(card().pick("de-CH"), "Kreditkarte");
        assert_eq!(card().pick("de-at"), "Karte");
        assert_eq!(card().pick("no-NO"), "Kort");
        assert_eq!(card().pick("fr-FR"), "Card");
    }
}
