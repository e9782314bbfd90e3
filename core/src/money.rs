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

/// ISO 4217 currencies the checkout knows (every Klarna currency plus common
/// others, so that a foreign but valid code gets "not a Klarna currency for
/// this market" rather than "unknown currency").
#[rustfmt::skip]
pub const CURRENCIES: &[CurrencyInfo] = &[
    CurrencyInfo {
        code: "AUD",
        exponent: 2,
    },
    CurrencyInfo {
        code: "BHD",
        exponent: 3,
    },
    CurrencyInfo {
        code: "BRL",
        exponent: 2,
    },
    CurrencyInfo {
        code: "CAD",
        exponent: 2,
    },
    CurrencyInfo {
        code: "CHF",
        exponent: 2,
    },
    CurrencyInfo {
        code: "CLP",
        exponent: 0,
    },
    CurrencyInfo {
        code: "CNY",
        exponent: 2,
    },
    CurrencyInfo {
        code: "CZK",
        exponent: 2,
    },
    CurrencyInfo {
        code: "DKK",
        exponent: 2,
    },
    CurrencyInfo {
        code: "EUR",
        exponent: 2,
    },
    CurrencyInfo {
        code: "GBP",
        exponent: 2,
    },
    CurrencyInfo {
        code: "HKD",
        exponent: 2,
    },
    CurrencyInfo {
        code: "HUF",
        exponent: 2,
    },
    CurrencyInfo {
        code: "INR",
        exponent: 2,
    },
    CurrencyInfo {
        code: "ISK",
        exponent: 0,
    },
    CurrencyInfo {
        code: "JPY",
        exponent: 0,
    },
    CurrencyInfo {
        code: "KRW",
        exponent: 0,
    },
    CurrencyInfo {
        code: "KWD",
        exponent: 3,
    },
    CurrencyInfo {
        code: "MXN",
        exponent: 2,
    },
    CurrencyInfo {
        code: "NOK",
        exponent: 2,
    },
    CurrencyInfo {
        code: "NZD",
        exponent: 2,
    },
    CurrencyInfo {
        code: "OMR",
        exponent: 3,
    },
    CurrencyInfo {
        code: "PLN",
        exponent: 2,
    },
    CurrencyInfo {
        code: "RON",
        exponent: 2,
    },
    CurrencyInfo {
        code: "SEK",
        exponent: 2,
    },
    CurrencyInfo {
        code: "SGD",
        exponent: 2,
    },
    CurrencyInfo {
        code: "TND",
        exponent: 3,
    },
    CurrencyInfo {
        code: "USD",
        exponent: 2,
    },
    CurrencyInfo {
        code: "ZAR",
        exponent: 2,
    },
];

/// Looks a currency up by its code (exact, upper case).
pub fn currency(code: &str) -> Option<&'static CurrencyInfo> {
    CURRENCIES.iter().find(|c| c.code == code)
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
        currency(self.currency).map(|c| c.exponent).unwrap_or(2)
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
