//! Browser tests of the page's money formatting (`bindings::intl`): the
//! fraction digits are the currency's minor exponent, whatever Intl's
//! default for the currency is.

use klarna_hosted_checkout::bindings::intl::format_amount;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Spaces of any kind (Intl's no-break and narrow no-break ones) as plain.
fn plain(s: &str) -> String {
    s.replace(['\u{a0}', '\u{202f}'], " ")
}

#[wasm_bindgen_test]
fn amounts_show_the_currencys_minor_exponent() {
    // Intl's default is 0 decimals for HUF (CLDR) and TWD's cash digits; ISK,
    // CLP and JPY have exponent 0; KWD has 3.
    let cases = [
        (123456, "HUF", "hu-HU", "1234,56 Ft"),
        (123456, "HUF", "en-US", "HUF 1,234.56"),
        (123456, "TWD", "en-US", "NT$1,234.56"),
        (1234, "ISK", "en-US", "ISK 1,234"),
        (1234, "CLP", "en-US", "CLP 1,234"),
        (1234, "JPY", "en-US", "¥1,234"),
        (1234, "KWD", "en-US", "KWD 1.234"),
        (11800, "EUR", "de-DE", "118,00 €"),
    ];
    for (minor, code, locale, want) in cases {
        assert_eq!(
            plain(&format_amount(minor, code, locale)),
            want,
            "{minor} {code} {locale}"
        );
    }
}
