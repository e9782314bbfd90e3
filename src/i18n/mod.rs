//! The component's own strings (never Klarna's: those come from the SDK),
//! one table per language, looked up along a BCP-47 fallback chain
//! (`fr-CH` → `fr` → `en`; Norwegian `no-*` → `nb`).
//!
//! Every language of a Klarna locale (`checkout_core::markets`) has a full
//! table; a language-region table (`de-CH`) holds only the keys that differ
//! from its language's.

#[cfg(not(target_arch = "wasm32"))]
mod cs;
#[cfg(not(target_arch = "wasm32"))]
mod da;
#[cfg(not(target_arch = "wasm32"))]
mod de;
#[cfg(not(target_arch = "wasm32"))]
mod de_ch;
#[cfg(not(target_arch = "wasm32"))]
mod el;
mod en;
#[cfg(not(target_arch = "wasm32"))]
mod es;
#[cfg(not(target_arch = "wasm32"))]
mod fi;
#[cfg(not(target_arch = "wasm32"))]
mod fr;
#[cfg(not(target_arch = "wasm32"))]
mod hu;
#[cfg(not(target_arch = "wasm32"))]
mod it;
#[cfg(not(target_arch = "wasm32"))]
mod nb;
#[cfg(not(target_arch = "wasm32"))]
mod nl;
#[cfg(not(target_arch = "wasm32"))]
mod pl;
#[cfg(not(target_arch = "wasm32"))]
mod pt;
#[cfg(not(target_arch = "wasm32"))]
mod ro;
#[cfg(not(target_arch = "wasm32"))]
mod sv;

/// A language table: `(key, text)` pairs. `{name}` marks a placeholder.
pub type Table = &'static [(&'static str, &'static str)];

/// Every language table, by BCP-47 tag (a language, or a language-region
/// override such as `de-CH`). In the WebAssembly build only English is
/// compiled in; the others are `www/i18n/<tag>.json`, fetched when a page
/// needs them ([`ensure`]), which keeps fifteen languages out of the module.
#[cfg(not(target_arch = "wasm32"))]
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

/// The fallback chain of a tag (`checkout-core`'s, which the server's
/// preload of the language tables walks too).
pub use checkout_core::locale_chain::chain;

/// The tags that have a table (compiled in or as `www/i18n/<tag>.json`).
pub const TAGS: &[&str] = &[
    "en", "cs", "da", "de", "de-CH", "el", "es", "fi", "fr", "hu", "it", "nb", "nl", "pl", "pt",
    "ro", "sv",
];

/// The compiled table of `tag` (every language outside the browser).
#[cfg(not(target_arch = "wasm32"))]
pub fn table(tag: &str) -> Option<Table> {
    TABLES.iter().find(|(t, _)| *t == tag).map(|(_, tb)| *tb)
}

#[cfg(not(target_arch = "wasm32"))]
fn lookup(tag: &str, key: &str) -> Option<String> {
    let table = table(tag)?;
    table
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, v)| v.to_string())
}

#[cfg(target_arch = "wasm32")]
fn lookup(tag: &str, key: &str) -> Option<String> {
    if tag == "en" {
        return en::EN
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.to_string());
    }
    lazy::lookup(tag, key)
}

/// Fetches the tables `locale` reads from (its fallback chain) that are not
/// loaded yet; English is always there. Failures are logged and leave the
/// chain to fall back. A no-op outside the browser.
pub async fn ensure(locale: &str) {
    #[cfg(target_arch = "wasm32")]
    lazy::ensure(&chain(locale)).await;
    #[cfg(not(target_arch = "wasm32"))]
    let _ = locale;
}

/// The text for `key` in `locale`, following the fallback chain; the key
/// itself when no table has it (visible in tests, never a panic).
pub fn t(locale: &str, key: &str) -> String {
    chain(locale)
        .iter()
        .find_map(|tag| lookup(tag, key))
        .unwrap_or_else(|| key.to_string())
}

/// [`t`] with placeholders replaced; each is given whole, braces included
/// (`("{method}", "Card")`).
pub fn tf(locale: &str, key: &str, args: &[(&str, &str)]) -> String {
    let mut s = t(locale, key);
    for (placeholder, value) in args {
        s = replace(&s, placeholder, value);
    }
    s
}

/// `s.replace(from, to)` for a non-empty `from` (an empty one changes
/// nothing), written out: `str::replace` with a `&str` pattern links the
/// two-way substring searcher, about a kilobyte of the page's WebAssembly,
/// for texts of a few dozen characters.
fn replace(s: &str, from: &str, to: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        if !from.is_empty() && rest.starts_with(from) {
            out.push_str(to);
            rest = &rest[from.len()..];
        } else {
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

#[cfg(target_arch = "wasm32")]
mod lazy;

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
