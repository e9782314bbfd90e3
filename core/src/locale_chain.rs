//! The fallback chain of a locale: the tags whose texts a page in that locale
//! reads, most specific first (`de-CH` → `de` → `en`). The hosted page looks its
//! texts up along it, and the server preloads the language tables along it for
//! the page of an open session (`GET /hpp/{id}`), so both walk the same chain.

/// The table that a language's texts come from when it has none of its own:
/// Norwegian (`no`) and Nynorsk (`nn`) read Bokmål (`nb`).
fn language_alias(lang: &str) -> Option<&'static str> {
    match lang {
        "no" | "nn" => Some("nb"),
        _ => None,
    }
}

/// The fallback chain of a tag: itself, its shorter prefixes, the language's
/// alias (`no` → `nb`), then English. Tags are normalized (`de_de` →
/// `de-DE`).
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

#[cfg(test)]
mod tests {
    use super::chain;

    #[test]
    fn the_tag_its_prefixes_the_alias_then_english() {
        assert_eq!(chain("fr-CH"), vec!["fr-CH", "fr", "en"]);
        assert_eq!(chain("de_de"), vec!["de-DE", "de", "en"]);
        assert_eq!(chain("en-GB"), vec!["en-GB", "en"]);
        assert_eq!(chain(""), vec!["en"]);
        assert_eq!(chain("no-NO"), vec!["no-NO", "no", "nb", "en"]);
        assert_eq!(chain("nn"), vec!["nn", "nb", "en"]);
        assert_eq!(chain("nb-NO"), vec!["nb-NO", "nb", "en"]);
        assert_eq!(
            chain("sr-Latn-RS"),
            vec!["sr-LATN-RS", "sr-LATN", "sr", "en"]
        );
    }
}
