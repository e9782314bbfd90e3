//! The component's own strings (never Klarna's: those come from the SDK),
//! one table per language, looked up along a BCP-47 fallback chain
//! (`fr-CH` → `fr` → `en`).

mod de;
mod en;

/// A language table: `(key, text)` pairs. `{name}` marks a placeholder.
pub type Table = &'static [(&'static str, &'static str)];

/// Every language table, by BCP-47 tag (a language, or a language-region
/// override such as `de-CH`).
pub const TABLES: &[(&str, Table)] = &[("en", en::EN), ("de", de::DE)];

/// The fallback chain of a tag: itself, its language, then English.
pub fn chain(locale: &str) -> Vec<String> {
    let mut out = Vec::new();
    let norm = locale.replace('_', "-");
    let mut parts: Vec<&str> = norm.split('-').filter(|p| !p.is_empty()).collect();
    while !parts.is_empty() {
        let mut tag = parts[0].to_ascii_lowercase();
        for p in &parts[1..] {
            tag.push('-');
            tag.push_str(&p.to_ascii_uppercase());
        }
        if !out.contains(&tag) {
            out.push(tag);
        }
        parts.pop();
    }
    if !out.iter().any(|t| t == "en") {
        out.push("en".into());
    }
    out
}

fn table(tag: &str) -> Option<Table> {
    TABLES.iter().find(|(t, _)| *t == tag).map(|(_, tb)| *tb)
}

/// The text for `key` in `locale`, following the fallback chain; the key
/// itself when no table has it (visible in tests, never a panic).
pub fn t(locale: &str, key: &str) -> String {
    for tag in chain(locale) {
        if let Some(text) = table(&tag).and_then(|tb| tb.iter().find(|(k, _)| *k == key)) {
            return text.1.to_string();
        }
    }
    key.to_string()
}

/// [`t`] with `{name}` placeholders replaced.
pub fn tf(locale: &str, key: &str, args: &[(&str, &str)]) -> String {
    let mut s = t(locale, key);
    for (name, value) in args {
        s = s.replace(&format!("{{{name}}}"), value);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fallback_chain() {
        assert_eq!(chain("fr-CH"), vec!["fr-CH", "fr", "en"]);
        assert_eq!(chain("de_de"), vec!["de-DE", "de", "en"]);
        assert_eq!(chain("en-GB"), vec!["en-GB", "en"]);
        assert_eq!(chain(""), vec!["en"]);
    }

    #[test]
    fn lookup_falls_back_to_english() {
        assert_eq!(t("de-AT", "retry"), "Erneut versuchen");
        assert_eq!(t("xx-YY", "retry"), "Try again");
        assert_eq!(t("de-DE", "no-such-key"), "no-such-key");
        assert_eq!(
            tf("en", "pay_with_other", &[("method", "Card")]),
            "Continue with Card below."
        );
    }

    #[test]
    fn every_language_has_every_english_key_and_no_extra() {
        let en: Vec<&str> = en::EN.iter().map(|(k, _)| *k).collect();
        for (tag, tb) in TABLES {
            for k in &en {
                assert!(tb.iter().any(|(x, _)| x == k), "{tag} lacks {k}");
            }
            for (k, v) in tb.iter() {
                assert!(en.contains(k), "{tag} has unknown key {k}");
                assert!(!v.trim().is_empty(), "{tag}.{k} is empty");
            }
        }
    }
}
