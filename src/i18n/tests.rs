//! Tests of the tables and of texts found along the fallback chain (the chain
//! itself is tested in `checkout_core::locale_chain`).

use super::*;
use checkout_core::markets::all_locales;

/// Placeholders (`{name}`) of a text, in order.
fn placeholders(text: &str) -> Vec<&str> {
    text.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .collect()
}

fn english() -> Vec<&'static str> {
    en::EN.iter().map(|(k, _)| *k).collect()
}

#[test]
fn replace_matches_str_replace() {
    let cases = [
        ("Continue with {method} below.", "{method}", "Card"),
        ("{a}{a} and {a}", "{a}", "x"),
        ("aaaa", "aa", "b"),
        (
            "Zahlung mit {method} fortsetzen – gern",
            "{method}",
            "Kärtchen",
        ),
        ("no placeholder", "{method}", "Card"),
        ("", "{method}", "Card"),
        ("{method", "{method}", "Card"),
    ];
    for (s, from, to) in cases {
        assert_eq!(replace(s, from, to), s.replace(from, to), "{s:?}");
    }
}

#[test]
fn lookup_falls_back_to_english() {
    assert_eq!(t("de-AT", "retry"), "Erneut versuchen");
    assert_eq!(t("xx-YY", "retry"), "Try again");
    assert_eq!(t("de-DE", "no-such-key"), "no-such-key");
    assert_eq!(
        tf("en", "pay_with_other", &[("{method}", "Card")]),
        "Continue with Card below."
    );
}

#[test]
fn norwegian_reads_bokmal() {
    assert_eq!(t("no-NO", "retry"), "Prøv igjen");
    assert_eq!(t("nb-NO", "retry"), "Prøv igjen");
}

#[test]
fn swiss_german_has_no_eszett_and_overrides_only_what_differs() {
    assert_eq!(t("de-CH", "retry"), t("de-DE", "retry"));
    for key in english() {
        let swiss = t("de-CH", key);
        assert!(!swiss.contains('ß'), "de-CH.{key} contains ß: {swiss}");
    }
    for (k, v) in de_ch::DE_CH {
        assert_ne!(t("de", k), *v, "de-CH.{k} repeats the German text");
    }
}

/// Full language tables have every English key; region tables (`de-CH`) may
/// be partial. No table has a key English lacks, an empty text, or other
/// placeholders than English's.
#[test]
fn every_language_has_every_english_key_and_no_extra() {
    let en = english();
    for (tag, tb) in TABLES {
        let is_region = tag.contains('-');
        if !is_region {
            for k in &en {
                assert!(tb.iter().any(|(x, _)| x == k), "{tag} lacks {k}");
            }
        }
        for (i, (k, v)) in tb.iter().enumerate() {
            assert!(en.contains(k), "{tag} has unknown key {k}");
            assert!(!v.trim().is_empty(), "{tag}.{k} is empty");
            assert!(!tb[..i].iter().any(|(x, _)| x == k), "{tag} has {k} twice");
            assert_eq!(
                placeholders(v),
                placeholders(&t("en", k)),
                "{tag}.{k} placeholders"
            );
        }
        if is_region {
            let lang = tag.split('-').next().unwrap_or_default();
            assert!(table(lang).is_some(), "{tag} has no {lang} table under it");
        }
    }
}

/// Every language of every Klarna locale has its own table (Norwegian
/// through Bokmål), so no Klarna market falls back to English.
#[test]
fn every_klarna_language_is_translated() {
    for locale in all_locales() {
        let lang = locale.split('-').next().unwrap_or_default();
        // The language's own table (Norwegian's is Bokmål's), not English's.
        let own = chain(lang)
            .into_iter()
            .find(|tag| table(tag).is_some())
            .unwrap_or_default();
        assert!(own != "en" || lang == "en", "no table for {locale}");
        if own != "en" {
            assert_ne!(
                t(locale, "declined_title"),
                t("en", "declined_title"),
                "{locale} shows English"
            );
        }
    }
}

/// The region tables are reachable: their tag is a Klarna locale.
#[test]
fn region_tables_are_klarna_locales() {
    for (tag, _) in TABLES.iter().filter(|(t, _)| t.contains('-')) {
        assert!(
            all_locales().any(|l| l == *tag),
            "{tag} is not a Klarna locale"
        );
    }
}

/// `www/i18n/<tag>.json` (what the browser loads) holds exactly the table of
/// `<tag>`. `UPDATE_I18N=1 cargo test -p klarna-hosted-checkout --lib i18n`
/// rewrites the files from the tables.
#[test]
fn www_json_tables_match_the_rust_tables() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("www/i18n");
    let update = std::env::var_os("UPDATE_I18N").is_some();
    assert_eq!(TAGS.len(), TABLES.len(), "TAGS lists every table");
    for (tag, table) in TABLES {
        assert!(TAGS.contains(tag), "{tag} missing from TAGS");
        if *tag == "en" {
            continue;
        }
        let want: serde_json::Map<String, serde_json::Value> = table
            .iter()
            .map(|(k, v)| (k.to_string(), serde_json::Value::from(*v)))
            .collect();
        let path = dir.join(format!("{tag}.json"));
        if update {
            std::fs::create_dir_all(&dir).unwrap();
            let text = serde_json::to_string_pretty(&want).unwrap() + "\n";
            std::fs::write(&path, text).unwrap();
        }
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{}: {e} (run with UPDATE_I18N=1)", path.display()));
        let got: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&text).unwrap();
        assert_eq!(
            got,
            want,
            "{} is stale: run with UPDATE_I18N=1",
            path.display()
        );
    }
}
