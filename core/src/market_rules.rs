//! What a session's country, currency and locale must be.
//!
//! Klarna decides where it is offered, through its presentation: a valid
//! ISO 3166 country and ISO 4217 currency are accepted whether or not
//! [`crate::markets`] lists them (the acquirer's other methods work
//! anywhere; Klarna's answer hides Klarna where it is not offered). The
//! markets table tunes locales: in a listed country the locale is one of
//! Klarna's locales for it; in any other country any well-formed `ll-CC`
//! locale is accepted. Malformed codes are refused with the field named.

use crate::countries::is_country;
use crate::fields::Fields;
use crate::markets::{market, split_locale};
use crate::money::currency;

/// Checks the currency code.
pub(crate) fn check_currency(f: &mut Fields<'_>, c: &str) {
    if currency(c).is_none() {
        f.fail(
            "currency",
            "expected an ISO 4217 currency code in upper case, e.g. EUR",
        );
    }
}

/// Checks the locale against the session's `country` (when known).
pub(crate) fn check_locale(f: &mut Fields<'_>, l: &str, country: Option<&str>) {
    if split_locale(l).is_none() {
        f.fail(
            "locale",
            "expected a language-country locale such as de-DE (lower-case language, upper-case country)",
        );
        return;
    }
    if let Some(m) = country.and_then(market) {
        if !m.locales.contains(&l) {
            let msg = format!(
                "expected one of Klarna's locales for country {}: {}",
                m.country,
                m.locales.join(", ")
            );
            f.fail("locale", msg);
        }
    }
}

/// Checks a new session's country, currency and locale together.
pub(crate) fn check_market(
    f: &mut Fields<'_>,
    cur: Option<&str>,
    country: Option<&str>,
    locale: Option<&str>,
) {
    let country = match country {
        Some(c) if is_country(c) => Some(c),
        Some(_) => {
            f.fail(
                "country",
                "expected an ISO 3166-1 alpha-2 country code in upper case, e.g. DE",
            );
            None
        }
        None => None,
    };
    if let Some(c) = cur {
        check_currency(f, c);
    }
    if let Some(l) = locale {
        check_locale(f, l, country);
    }
}
