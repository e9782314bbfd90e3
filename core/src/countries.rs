//! ISO 3166-1 alpha-2 country codes: what a session's `country` and an
//! address's `country` must be.
//!
//! A code string rather than a crate: only the codes are needed, and they
//! cost about 500 bytes (a country crate brings names and other tables).

/// Every officially assigned ISO 3166-1 alpha-2 code, plus `XK` (Kosovo,
/// user-assigned but used by Klarna and card networks), in order.
const CODES: &str = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ \
BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ \
DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT \
GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY \
KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX \
MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS \
RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN \
TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS XK YE YT ZA ZM ZW";

/// Whether `code` is an ISO 3166-1 alpha-2 country code (exact, upper case).
pub fn is_country(code: &str) -> bool {
    code.len() == 2
        && code.bytes().all(|b| b.is_ascii_uppercase())
        && CODES.split(' ').any(|c| c == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_checked_exactly() {
        for ok in ["DE", "JP", "BR", "XK", "AD", "ZW"] {
            assert!(is_country(ok), "{ok}");
        }
        for bad in ["de", "XX", "UK", "EU", "D", "DEU", "", "ZZ"] {
            assert!(!is_country(bad), "{bad}");
        }
    }

    #[test]
    fn the_table_is_well_formed() {
        let codes: Vec<&str> = CODES.split(' ').collect();
        assert_eq!(CODES.len(), codes.len() * 3 - 1, "single spaces");
        assert_eq!(codes.len(), 250, "249 assigned codes and XK");
        assert!(
            codes.windows(2).all(|w| w[0] < w[1]),
            "in order, no repeats"
        );
    }
}
