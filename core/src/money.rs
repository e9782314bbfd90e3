//! Money as integer minor units of an ISO 4217 currency.
//!
//! Amounts travel end to end as `i64` minor units (cents, öre, …); the exponent
//! of each currency says how many minor units make one major unit. Nothing in
//! the checkout ever uses floating point for money.

use serde::{Deserialize, Serialize};

/// One row of the ISO 4217 table: alphabetic code and minor-unit exponent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CurrencyInfo {
    /// Three upper-case letters, e.g. `EUR`.
    pub code: &'static str,
    /// Number of decimal places of the minor unit (`EUR` 2, `JPY` 0, `KWD` 3).
    pub exponent: u8,
}

/// Every active ISO 4217 currency code (list One, without funds, precious
/// metals and test codes), space separated. A code string rather than a crate
/// or a table of structs: the hosted page links this module, and the codes
/// alone cost it about 700 bytes, where a crate with names would cost
/// kilobytes of its size budget.
const ISO_4217: &str = "AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB \
BRL BSD BTN BWP BYN BZD CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD \
FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR \
KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR \
MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK \
SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VES \
VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG";

/// Codes of [`ISO_4217`] whose minor unit is not the hundredth.
const EXPONENT_0: &str = "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX VND VUV XAF XOF XPF";
/// Codes with three decimal places.
const EXPONENT_3: &str = "BHD IQD JOD KWD LYD OMR TND";

/// Looks a currency up by its code (exact, upper case): any active ISO 4217
/// currency, with its minor-unit exponent.
pub fn currency(code: &str) -> Option<CurrencyInfo> {
    if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    let at = ISO_4217.split(' ').position(|c| c == code)?;
    let code = &ISO_4217[at * 4..at * 4 + 3];
    Some(CurrencyInfo {
        code,
        exponent: minor_exponent(code),
    })
}

/// The minor-unit exponent of `code`: 0 or 3 for the currencies that have
/// one, 2 for every other code, whether a currency or not ([`currency`] tells
/// those apart). The hosted page formats amounts with this alone, so it links
/// the two short lists and not the whole ISO 4217 table.
pub fn minor_exponent(code: &str) -> u8 {
    if EXPONENT_0.split(' ').any(|c| c == code) {
        0
    } else if EXPONENT_3.split(' ').any(|c| c == code) {
        3
    } else {
        2
    }
}

/// Every currency of [`currency`]'s table, with its exponent.
pub fn currencies() -> impl Iterator<Item = CurrencyInfo> {
    ISO_4217.split(' ').filter_map(currency)
}

/// Largest amount accepted anywhere, in minor units (one billion major units of
/// a two-decimal currency); keeps sums of order lines far from `i64` overflow.
pub const MAX_AMOUNT_MINOR: i64 = 100_000_000_000;

/// An amount in minor units of a known currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Money {
    /// Amount in minor units.
    pub minor: i64,
    /// ISO 4217 code.
    pub currency: &'static str,
}

impl Money {
    /// Builds money from minor units; `None` when the currency is unknown.
    pub fn new(minor: i64, code: &str) -> Option<Money> {
        currency(code).map(|c| Money {
            minor,
            currency: c.code,
        })
    }

    /// The currency's minor-unit exponent.
    pub fn exponent(&self) -> u8 {
        minor_exponent(self.currency)
    }

    /// Plain decimal rendering with a dot and the code, e.g. `118.00 EUR`.
    /// Locale-aware formatting happens in the browser with `Intl.NumberFormat`;
    /// this form is for logs, e-mails and as the fallback.
    pub fn to_plain_string(&self) -> String {
        format!("{} {}", decimal(self.minor, self.exponent()), self.currency)
    }
}

/// Renders minor units as a decimal string with `exponent` places (`11800`, 2 → `118.00`).
pub fn decimal(minor: i64, exponent: u8) -> String {
    let sign = if minor < 0 { "-" } else { "" };
    let abs = minor.unsigned_abs();
    if exponent == 0 {
        return format!("{sign}{abs}");
    }
    let div = 10u64.pow(u32::from(exponent));
    format!(
        "{sign}{}.{:0width$}",
        abs / div,
        abs % div,
        width = usize::from(exponent)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_rendering_follows_the_exponent() {
        let cases: &[(i64, u8, &str)] = &[
            (11800, 2, "118.00"),
            (5, 2, "0.05"),
            (-1999, 2, "-19.99"),
            (1234, 0, "1234"),
            (1234, 3, "1.234"),
            (0, 2, "0.00"),
        ];
        for (minor, exp, want) in cases {
            assert_eq!(decimal(*minor, *exp), *want, "{minor} with exponent {exp}");
        }
    }

    #[test]
    fn currencies_have_their_iso_exponents() {
        let cases = [("EUR", 2), ("JPY", 0), ("KWD", 3), ("SEK", 2), ("HUF", 2)];
        for (code, exp) in cases {
            assert_eq!(currency(code).map(|c| c.exponent), Some(exp), "{code}");
        }
        assert!(currency("eur").is_none(), "codes are upper case");
        assert!(currency("XXX").is_none());
        assert!(currency("TH").is_none() && currency("THBX").is_none());
        let thb = currency("THB").unwrap();
        assert_eq!((thb.code, thb.exponent), ("THB", 2));
        assert_eq!(
            currency("ZWG").map(|c| c.code),
            Some("ZWG"),
            "the last code"
        );
        assert_eq!(
            currency("AED").map(|c| c.code),
            Some("AED"),
            "the first code"
        );
    }

    #[test]
    fn the_code_table_is_well_formed() {
        let codes: Vec<&str> = ISO_4217.split(' ').collect();
        assert_eq!(ISO_4217.len(), codes.len() * 4 - 1, "single spaces");
        for (i, c) in codes.iter().enumerate() {
            assert_eq!(currency(c).map(|x| x.code), Some(*c), "{c}");
            assert!(i == 0 || codes[i - 1] < *c, "{c} in order");
        }
        for c in EXPONENT_0.split(' ').chain(EXPONENT_3.split(' ')) {
            assert!(codes.contains(&c), "{c} is in the table");
        }
    }

    #[test]
    fn minor_exponent_agrees_with_the_table_and_is_2_elsewhere() {
        for c in currencies() {
            assert_eq!(minor_exponent(c.code), c.exponent, "{}", c.code);
        }
        assert_eq!(minor_exponent("JPY"), 0);
        assert_eq!(minor_exponent("KWD"), 3);
        for other in ["XXX", "jpy", "", "KWDX"] {
            assert_eq!(minor_exponent(other), 2, "{other:?}");
        }
    }

    #[test]
    fn money_plain_string() {
        assert_eq!(
            Money::new(11800, "EUR").unwrap().to_plain_string(),
            "118.00 EUR"
        );
        assert_eq!(Money::new(500, "JPY").unwrap().to_plain_string(), "500 JPY");
        assert!(Money::new(1, "ABC").is_none());
    }
}
