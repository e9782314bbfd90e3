//! The component's own strings (never Klarna's: those come from the SDK),
//! one table per language, looked up along a BCP-47 fallback chain
//! (`fr-CH` → `fr` → `en`; Norwegian `no-*` → `nb`).
//!
//! Every language of a Klarna locale (`checkout_core::markets`) has a full
//! table; a language-region table (`de-CH`) holds only the keys that differ
//! from its language's.

mod cs;
mod da;
mod de;
mod de_ch;
mod el;
mod en;
mod es;
mod fi;
mod fr;
mod hu;
mod it;
mod nb;
mod nl;
mod pl;
mod pt;
mod ro;
mod sv;

/// A language table: `(key, text)` pairs. `{name}` marks a placeholder.
pub type Table = &'static [(&'static str, &'static str)];

/// Every language table, by BCP-47 tag (a language, or a language-region
/// override such as `de-CH`).
pub const TABLES: &[(&str, Table)] = &[
    ("en", en::EN),
    ("cs", cs::CS),
    ("da", da::DA),
    ("de", de::DE),
    ("de-CH", de_ch::DE_CH),
    ("el", el::EL),
    ("es", es::ES),
    ("fi", fi::FI),
    ("fr", fr::FR),
    ("hu", hu::HU),
    ("it", it::IT),
    ("nb", nb::NB),
    ("nl", nl::NL),
    ("pl", pl::PL),
    ("pt", pt::PT),
    ("ro", ro::RO),
    ("sv", sv::SV),
];

/// The table that a language's texts come from when it has none of its own:
/// Norwegian (`no`) and Nynorsk (`nn`) read Bokmål (`nb`).
fn language_alias(lang: &str) -> Option<&'static str> {
    match lang {
        "no" | "nn" => Some("nb"),
        _ => None,
    }
}

/// The fallback chain of a tag: itself, its shorter prefixes, the language's
/// alias (`no` → `nb`), then English.
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
    if let Some(alias) = out.last().and_then(|lang| language_alias(lang)) {
        out.push(alias.to_string());
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
mod tests;
