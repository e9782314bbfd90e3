//! Klarna markets: purchase country → local currency → Klarna locales.
//!
//! Klarna accepts only the market's local currency and its own
//! language-country locale pairs (e.g. `en-NL`, never `en-US` for the
//! Netherlands). Source: the reference's §5 (OSM locale list, Klarna Payments
//! purchase-country table; HU from Stripe's acquirer page; RO's locales are
//! not in the OSM list and are marked as such below).

/// One Klarna market.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Market {
    /// ISO 3166-1 alpha-2 country code, upper case.
    pub country: &'static str,
    /// The only currency Klarna accepts in this market.
    pub currency: &'static str,
    /// Klarna locales for the market, the market's default first.
    pub locales: &'static [&'static str],
}

/// Every Klarna market known to the checkout.
#[rustfmt::skip]
pub const MARKETS: &[Market] = &[
    Market {
        country: "AT",
        currency: "EUR",
        locales: &["de-AT", "en-AT"],
    },
    Market {
        country: "AU",
        currency: "AUD",
        locales: &["en-AU"],
    },
    Market {
        country: "BE",
        currency: "EUR",
        locales: &["nl-BE", "fr-BE", "en-BE"],
    },
    Market {
        country: "CA",
        currency: "CAD",
        locales: &["en-CA", "fr-CA"],
    },
    Market {
        country: "CH",
        currency: "CHF",
        locales: &["de-CH", "fr-CH", "it-CH", "en-CH"],
    },
    Market {
        country: "CZ",
        currency: "CZK",
        locales: &["cs-CZ", "en-CZ"],
    },
    Market {
        country: "DE",
        currency: "EUR",
        locales: &["de-DE", "en-DE"],
    },
    Market {
        country: "DK",
        currency: "DKK",
        locales: &["da-DK", "en-DK"],
    },
    Market {
        country: "ES",
        currency: "EUR",
        locales: &["es-ES", "en-ES"],
    },
    Market {
        country: "FI",
        currency: "EUR",
        locales: &["fi-FI", "sv-FI", "en-FI"],
    },
    Market {
        country: "FR",
        currency: "EUR",
        locales: &["fr-FR", "en-FR"],
    },
    Market {
        country: "GB",
        currency: "GBP",
        locales: &["en-GB"],
    },
    Market {
        country: "GR",
        currency: "EUR",
        locales: &["el-GR", "en-GR"],
    },
    Market {
        country: "HU",
        currency: "HUF",
        locales: &["hu-HU", "en-HU"],
    },
    Market {
        country: "IE",
        currency: "EUR",
        locales: &["en-IE"],
    },
    Market {
        country: "IT",
        currency: "EUR",
        locales: &["it-IT", "en-IT"],
    },
    Market {
        country: "MX",
        currency: "MXN",
        locales: &["es-MX", "en-MX"],
    },
    Market {
        country: "NL",
        currency: "EUR",
        locales: &["nl-NL", "en-NL"],
    },
    Market {
        country: "NO",
        currency: "NOK",
        locales: &["nb-NO", "no-NO", "en-NO"],
    },
    Market {
        country: "NZ",
        currency: "NZD",
        locales: &["en-NZ"],
    },
    Market {
        country: "PL",
        currency: "PLN",
        locales: &["pl-PL", "en-PL"],
    },
    Market {
        country: "PT",
        currency: "EUR",
        locales: &["pt-PT", "en-PT"],
    },
    // RON is a Klarna currency (OSM list); ro-RO/en-RO are not in the OSM
    // locale list of the reference and are accepted as unconfirmed.
    Market {
        country: "RO",
        currency: "RON",
        locales: &["ro-RO", "en-RO"],
    },
    Market {
        country: "SE",
        currency: "SEK",
        locales: &["sv-SE", "en-SE"],
    },
    Market {
        country: "US",
        currency: "USD",
        locales: &["en-US", "es-US"],
    },
];

/// The market of a country code (exact, upper case).
pub fn market(country: &str) -> Option<&'static Market> {
    MARKETS.iter().find(|m| m.country == country)
}

/// Every Klarna locale of every market, in table order.
pub fn all_locales() -> impl Iterator<Item = &'static str> {
    MARKETS.iter().flat_map(|m| m.locales.iter().copied())
}

/// Whether `locale` is one of Klarna's locales in any market.
pub fn is_klarna_locale(locale: &str) -> bool {
    all_locales().any(|l| l == locale)
}

/// Splits `ll-CC` into language and country; `None` when it is not of that shape.
pub fn split_locale(locale: &str) -> Option<(&str, &str)> {
    let (lang, country) = locale.split_once('-')?;
    let lang_ok = lang.len() == 2 && lang.bytes().all(|b| b.is_ascii_lowercase());
    let country_ok = country.len() == 2 && country.bytes().all(|b| b.is_ascii_uppercase());
    (lang_ok && country_ok).then_some((lang, country))
}

/// Klarna's pairing rule: picks the Klarna locale for `country` that best
/// matches a shopper's preferred language tag (any BCP-47 tag, any case).
/// Same language in that market wins (`fr` in CH → `fr-CH`; Norwegian `no`
/// and `nb` are one language), then English, then the market's default.
pub fn pair_locale(country: &str, preferred: &str) -> Option<&'static str> {
    let m = market(country)?;
    let lang = preferred
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    let same_lang = |l: &&&str| {
        let ll = &l[..2];
        ll == lang || (matches!(ll, "nb" | "no") && matches!(lang.as_str(), "nb" | "no" | "nn"))
    };
    m.locales
        .iter()
        .find(same_lang)
        .or_else(|| m.locales.iter().find(|l| l.starts_with("en-")))
        .or_else(|| m.locales.first())
        .copied()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::currency;

    #[test]
    fn every_market_is_consistent() {
        for m in MARKETS {
            assert!(
                currency(m.currency).is_some(),
                "{} currency known",
                m.country
            );
            assert!(!m.locales.is_empty(), "{} has locales", m.country);
            for l in m.locales {
                let (_, cc) = split_locale(l).unwrap_or_else(|| panic!("{l} is ll-CC"));
                assert_eq!(cc, m.country, "{l} belongs to {}", m.country);
            }
        }
    }

    #[test]
    fn reference_locales_are_all_present() {
        // The OSM locale list of the reference §5 plus Stripe's en-HU/hu-HU.
        let listed = "en-AT de-AT nl-BE en-BE fr-BE en-CH de-CH it-CH fr-CH en-CZ cs-CZ de-DE en-DE \
            da-DK en-DK es-ES en-ES fi-FI sv-FI en-FI fr-FR en-FR en-GB en-GR el-GR en-IE en-IT it-IT \
            nl-NL en-NL no-NO nb-NO en-NO en-PL pl-PL en-PT pt-PT sv-SE en-SE en-CA fr-CA es-MX en-MX \
            en-US es-US en-AU en-NZ en-HU hu-HU";
        for l in listed.split_whitespace() {
            assert!(is_klarna_locale(l), "{l} missing");
        }
    }

    #[test]
    fn market_currency_table() {
        let cases = [
            ("DE", "EUR"),
            ("SE", "SEK"),
            ("GB", "GBP"),
            ("US", "USD"),
            ("CH", "CHF"),
            ("AU", "AUD"),
            ("DK", "DKK"),
            ("CZ", "CZK"),
        ];
        for (cc, cur) in cases {
            assert_eq!(market(cc).map(|m| m.currency), Some(cur), "{cc}");
        }
        assert!(market("JP").is_none());
    }

    #[test]
    fn pairing_rule() {
        let cases = [
            ("CH", "fr", Some("fr-CH")),
            ("CH", "fr-FR", Some("fr-CH")),
            ("NL", "en-US", Some("en-NL")),
            ("NL", "de", Some("en-NL")),
            ("NO", "nn", Some("nb-NO")),
            ("GB", "sv", Some("en-GB")),
            ("SE", "SV_se", Some("sv-SE")),
            ("XX", "en", None),
        ];
        for (cc, pref, want) in cases {
            assert_eq!(pair_locale(cc, pref), want, "{cc} {pref}");
        }
    }

    #[test]
    fn split_locale_shapes() {
        assert_eq!(split_locale("de-DE"), Some(("de", "DE")));
        for bad in ["de_DE", "DE-de", "deu-DE", "de", "de-DEU", ""] {
            assert_eq!(split_locale(bad), None, "{bad}");
        }
    }
}
