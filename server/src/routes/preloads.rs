//! The hosted page's preloads (issue 15). For an open session, `GET /hpp/{id}`
//! names in `<link>`s, right after the shell's charset, what the page needs
//! before Klarna's button, so the browser fetches it while it parses the page:
//! - Klarna's SDK module (`modulepreload`): the boot script imports it from the
//!   same URL once it has the session's config;
//! - the language tables of the session's locale (`preload` as `fetch`,
//!   `crossorigin`, which is how the page's own `fetch` of the same URL asks,
//!   so it takes the preloaded answer): the page asks for them only after it
//!   has read the config, one more round trip on Klarna's path otherwise
//!   (BENCHMARKS.md: 0.5 s at Slow 4G when Klarna's SDK is one file).
//!
//! The tables are those of the locale's fallback chain
//! (`checkout_core::locale_chain`, the one the page walks) that exist as
//! `www/i18n/<tag>.json`; English is compiled into the page. The locale is
//! the page's: a merchant's `locale` option travels in the fragment (which
//! the server never sees) and, from checkout.js, in the query too, so the
//! tables preloaded are the ones the page reads.

use std::path::Path;

/// The locale the page will render in: `?locale=` when it is one of the
/// session market's locales (the rule the page and the config endpoint apply
/// to the fragment's `locale`), else the session's. Anything else in the
/// query is ignored: it is a hint for preloading, never refused.
pub fn page_locale<'a>(
    query: &'a [(String, String)],
    session: &'a checkout_core::session::NewSession,
) -> &'a str {
    query
        .iter()
        .rfind(|(k, _)| k == "locale")
        .map(|(_, l)| l.as_str())
        .filter(|l| {
            checkout_core::markets::market(&session.country).is_some_and(|m| m.locales.contains(l))
        })
        .unwrap_or(&session.locale)
}

/// The language tables to preload for `locale`: `/i18n/<tag>.json` for each
/// tag of its fallback chain but English whose file is in `www_dir`.
pub fn tables(www_dir: &Path, locale: &str) -> Vec<String> {
    checkout_core::locale_chain::chain(locale)
        .into_iter()
        .filter(|tag| tag != "en" && tag.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
        .map(|tag| format!("/i18n/{tag}.json"))
        .filter(|path| www_dir.join(&path[1..]).is_file())
        .collect()
}

/// `html` with the links for Klarna's SDK at `sdk_url` and the language
/// `tables` inserted right after `<meta charset="utf-8">`. A shell without
/// that line (or not UTF-8) is left as it is.
pub fn with_preloads(html: Vec<u8>, sdk_url: &str, tables: &[String]) -> Vec<u8> {
    const AFTER: &str = "<meta charset=\"utf-8\">";
    let text = match String::from_utf8(html) {
        Ok(t) => t,
        Err(e) => return e.into_bytes(),
    };
    let Some(at) = text.find(AFTER).map(|i| i + AFTER.len()) else {
        return text.into_bytes();
    };
    let mut links = format!(
        "\n  <link rel=\"modulepreload\" href=\"{}\">",
        escape(sdk_url)
    );
    for table in tables {
        links.push_str(&format!(
            "\n  <link rel=\"preload\" href=\"{}\" as=\"fetch\" crossorigin>",
            escape(table)
        ));
    }
    let mut out = String::with_capacity(text.len() + links.len());
    out.push_str(&text[..at]);
    out.push_str(&links);
    out.push_str(&text[at..]);
    out.into_bytes()
}

/// `s` as an attribute value between double quotes.
fn escape(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '&' => "&amp;".to_string(),
            '"' => "&quot;".to_string(),
            '<' => "&lt;".to_string(),
            '>' => "&gt;".to_string(),
            c => c.to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{tables, with_preloads};

    #[test]
    fn the_sdk_and_the_tables_are_preloaded_right_after_the_charset() {
        let html = b"<head>\n  <meta charset=\"utf-8\">\n  <title>x</title>".to_vec();
        let out = String::from_utf8(with_preloads(
            html,
            "https://js.klarna.com/web-sdk/v2/klarna.mjs",
            &["/i18n/de-CH.json".into(), "/i18n/de.json".into()],
        ))
        .unwrap();
        assert_eq!(
            out,
            "<head>\n  <meta charset=\"utf-8\">\n  <link rel=\"modulepreload\" href=\"https://js.klarna.com/web-sdk/v2/klarna.mjs\">\n  <link rel=\"preload\" href=\"/i18n/de-CH.json\" as=\"fetch\" crossorigin>\n  <link rel=\"preload\" href=\"/i18n/de.json\" as=\"fetch\" crossorigin>\n  <title>x</title>"
        );
    }

    #[test]
    fn the_url_is_escaped_and_a_shell_without_charset_is_kept() {
        let html = b"<meta charset=\"utf-8\">".to_vec();
        let out = String::from_utf8(with_preloads(html, "/s/k.js?a=1&b=\"<x>", &[])).unwrap();
        assert!(
            out.contains(r#"href="/s/k.js?a=1&amp;b=&quot;&lt;x&gt;""#),
            "{out}"
        );
        assert_eq!(
            with_preloads(b"<p>".to_vec(), "/k.js", &[]),
            b"<p>".to_vec()
        );
        assert_eq!(with_preloads(vec![0xff], "/k.js", &[]), vec![0xff]);
    }

    #[test]
    fn the_tables_are_the_chains_that_exist_but_english() {
        let dir = tempfile::tempdir().unwrap();
        let i18n = dir.path().join("i18n");
        std::fs::create_dir(&i18n).unwrap();
        for tag in ["de", "de-CH", "nb", "en"] {
            std::fs::write(i18n.join(format!("{tag}.json")), "{}").unwrap();
        }
        assert_eq!(
            tables(dir.path(), "de-CH"),
            ["/i18n/de-CH.json", "/i18n/de.json"]
        );
        assert_eq!(tables(dir.path(), "de-DE"), ["/i18n/de.json"]);
        assert_eq!(
            tables(dir.path(), "no-NO"),
            ["/i18n/nb.json"],
            "Norwegian reads Bokmål"
        );
        assert!(
            tables(dir.path(), "en-GB").is_empty(),
            "English is compiled in"
        );
        assert!(
            tables(dir.path(), "fr-FR").is_empty(),
            "no table, no preload"
        );
        assert!(
            tables(dir.path(), "../i18n/de").is_empty(),
            "only tags become paths"
        );
    }
}
