//! Limits on free text and identifiers at every boundary: a length cap, and
//! no control characters (NUL, ESC, …) or bidirectional overrides (U+202E
//! and friends), which can hide or reorder what a person reads in a back
//! office, a log or an e-mail.

/// Whether `c` is a control character, a bidirectional formatting
/// character (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069) or a
/// line or paragraph separator (U+2028, U+2029: a line break in a log line
/// or a back office that shows none).
pub fn is_hidden_control(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{2028}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Whether `c` shows nothing: whitespace, or an invisible formatting
/// character (soft hyphen, zero-width space and joiners, word joiner,
/// byte-order mark, Mongolian vowel separator).
fn is_invisible(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{00AD}' | '\u{180E}' | '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}'
        )
}

/// Checks a piece of text a person reads (a name, a reference): `min` to
/// `max` characters, not only whitespace, no hidden controls.
pub fn check_text(s: &str, min: usize, max: usize) -> Result<(), String> {
    let n = s.chars().count();
    if n > 0 && min > 0 && s.chars().all(is_invisible) {
        return Err(format!(
            "must not be blank: expected {min} to {max} characters, not only spaces or invisible characters"
        ));
    }
    if n < min || n > max {
        return Err(format!("expected {min} to {max} characters"));
    }
    if s.chars().any(is_hidden_control) {
        return Err("expected no control or bidirectional formatting characters".into());
    }
    Ok(())
}

/// Checks an identifier handed back to us (Klarna's ids, error codes):
/// 1 to `max` visible ASCII characters.
pub fn check_id(s: &str, max: usize) -> Result<(), String> {
    if s.is_empty() || s.len() > max || !s.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(format!("expected 1 to {max} visible ASCII characters"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_refuses_controls_overrides_and_length() {
        assert!(check_text("order-123", 1, 255).is_ok());
        assert!(check_text("Ünïcode ok – ✓", 1, 255).is_ok());
        for bad in [
            "a\0b",
            "a\u{1b}[31mb",
            "gnp.exe\u{202E}",
            "a\u{2066}b",
            "   ",
            "",
        ] {
            assert!(check_text(bad, 1, 255).is_err(), "{bad:?}");
        }
        assert!(check_text(&"x".repeat(256), 1, 255).is_err());
        assert!(check_text("  \t ", 1, 255).unwrap_err().contains("blank"));
        assert!(check_text(&"é".repeat(255), 1, 255).is_ok());
        // Only invisible characters is blank; a line separator hides a line break.
        for blank in ["\u{200B}", "\u{FEFF} \u{2060}", "\u{00AD}\u{200D}"] {
            assert!(
                check_text(blank, 1, 255).unwrap_err().contains("blank"),
                "{blank:?}"
            );
        }
        assert!(check_text("a\u{2028}b", 1, 255).is_err());
        assert!(check_text("a\u{2029}b", 1, 255).is_err());
        assert!(check_text("Zero\u{200D}width joiner inside is fine", 1, 255).is_ok());
    }

    #[test]
    fn ids_are_visible_ascii() {
        assert!(check_id("krn:payment:eu1:payment-request:1", 255).is_ok());
        assert!(check_id("has space", 255).is_err());
        assert!(check_id(&"a".repeat(65), 64).is_err());
        assert!(check_id("", 64).is_err());
    }
}
