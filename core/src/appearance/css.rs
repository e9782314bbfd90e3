//! CSS values checked by hand: lengths, plain decimals and font family
//! lists, and how values are shown in messages (quoted, in hundredths).

use super::MAX_FONT_CHARS;

/// `s` in double quotes for a message, `"` and `\\` escaped and control
/// characters shown as `?`. (Not `{:?}`: Debug-formatting strings pulls
/// Unicode tables into the WebAssembly module.)
pub(super) fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push('?'),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `250` → `"2.5"`, `1600` → `"16"`, `425` → `"4.25"`: a number given in
/// hundredths, without trailing zeros.
pub(super) fn hundredths(n: u32) -> String {
    let (whole, frac) = (n / 100, n % 100);
    match frac {
        0 => whole.to_string(),
        f if f % 10 == 0 => format!("{whole}.{}", f / 10),
        f => format!("{whole}.{f:02}"),
    }
}

/// A CSS length in pixels: `12px`, `0.5rem`, `1em` (16px to the rem), or a bare `0`.
pub fn parse_length(s: &str) -> Option<f64> {
    let s = s.trim();
    if s == "0" {
        return Some(0.0);
    }
    let (num, scale) = if let Some(n) = s.strip_suffix("px") {
        (n, 1.0)
    } else if let Some(n) = s.strip_suffix("rem") {
        (n, 16.0)
    } else if let Some(n) = s.strip_suffix("em") {
        (n, 16.0)
    } else {
        return None;
    };
    if num.starts_with('-') || num.len() > 8 {
        return None;
    }
    decimal(num).map(|n| n * scale)
}

/// A plain decimal (`12`, `0.5`, `-3.25`; at most 10 digits, no exponent)
/// as a number.
///
/// Hand-written instead of `str::parse::<f64>`: the standard float parser
/// (Eisel-Lemire with its power tables) costs the WebAssembly module about
/// 11 KB, and CSS lengths and color arguments never need more than this.
/// Ten digits fit a `u64` exactly and dividing by an exact power of ten
/// rounds once, so the result is the nearest `f64`, as `parse` gives.
pub(crate) fn decimal(s: &str) -> Option<f64> {
    let (negative, digits) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let (whole, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let all_digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    if whole.len() + frac.len() == 0
        || whole.len() + frac.len() > 10
        || !all_digits(whole)
        || !all_digits(frac)
        || (digits.contains('.') && frac.is_empty())
    {
        return None;
    }
    let mantissa = whole
        .bytes()
        .chain(frac.bytes())
        .fold(0u64, |m, b| m * 10 + u64::from(b - b'0'));
    let scale = (0..frac.len()).fold(1u64, |p, _| p * 10);
    let value = mantissa as f64 / scale as f64;
    Some(if negative { -value } else { value })
}

/// Checks a font family list (`"Inter", Helvetica, sans-serif`) and returns
/// it trimmed; the reason when it is not one.
pub fn check_font(s: &str) -> Result<String, String> {
    let s = s.trim();
    if s.is_empty() {
        return Err(
            "expected a font family list such as \"Inter, sans-serif\", got an empty string".into(),
        );
    }
    if s.chars().count() > MAX_FONT_CHARS {
        return Err(format!("is longer than {MAX_FONT_CHARS} characters"));
    }
    if let Some(c) = s.chars().find(|c| {
        matches!(
            c,
            ';' | '{' | '}' | '<' | '>' | '\\' | '(' | ')' | '@' | '/' | '!' | ':'
        ) || c.is_control()
    }) {
        let shown = if c.is_control() {
            format!("U+{:04X}", u32::from(c))
        } else {
            format!("'{c}'")
        };
        return Err(format!(
            "must not contain {shown}; expected a font family list"
        ));
    }
    for family in s.split(',') {
        let family = family.trim();
        let wrapped_in = |q: char| {
            family.len() >= 2
                && family.starts_with(q)
                && family.ends_with(q)
                && !family[1..family.len() - 1].contains(['"', '\''])
        };
        let bare = !family.is_empty()
            && family
                .chars()
                .all(|c| c.is_alphanumeric() || c == ' ' || c == '-' || c == '_')
            && !family.starts_with(|c: char| c.is_ascii_digit() || c == '-');
        if !(wrapped_in('"') || wrapped_in('\'') || bare) {
            return Err(format!(
                "{} is not a font family name; quote names with digits or punctuation",
                quoted(family)
            ));
        }
    }
    Ok(s.to_string())
}
