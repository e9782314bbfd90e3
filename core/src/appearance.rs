//! The merchant's `appearance` option: light/dark theme, six colors, corner
//! radius, font and spacing. Read from JSON with every unknown key and bad
//! value reported by its path (`appearance.colors.accnt`); the good parts
//! are kept, the bad ones ignored. [`Appearance::custom_properties`] maps the
//! result to the page's `--khc-*` CSS custom properties, and [`Checked::applied`]
//! is what the server sends the hosted page (which carries none of these checks).
//!
//! Values are checked strictly because they end up in CSS: colors are hex
//! (`#rgb`, `#rrggbb`) or `rgb()`/`rgba()`/`hsl()`/`hsla()`; lengths are
//! `px`, `rem` or `em` within bounds; a font is a family list without any
//! character that could end a declaration (`;{}` and the like).

mod color;
mod raw;

pub use color::{contrast_ratio, parse_color, Rgb};
pub use raw::{read_json, Raw};

use crate::errors::FieldError;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Longest `appearance` JSON read (bytes); longer input is refused whole.
pub const MAX_JSON_BYTES: usize = 4096;
/// Longest font family list (characters).
pub const MAX_FONT_CHARS: usize = 200;
/// Most problems listed; the rest are counted.
pub const MAX_PROBLEMS: usize = 20;

/// Light or dark page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    /// Dark text on a light background (the default).
    #[default]
    Light,
    /// Light text on a dark background.
    Dark,
}

impl Theme {
    /// The value of the component root's `data-theme`.
    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    /// Reads [`Theme::as_str`]'s names.
    pub fn parse(s: &str) -> Option<Theme> {
        match s {
            "light" => Some(Theme::Light),
            "dark" => Some(Theme::Dark),
            _ => None,
        }
    }
}

/// The six colors a merchant can set (each a valid CSS color when present).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Colors {
    /// Page background.
    pub background: Option<String>,
    /// Body text.
    pub text: Option<String>,
    /// Selection, focus ring and our own buttons.
    pub accent: Option<String>,
    /// Borders of the method list and status boxes.
    pub border: Option<String>,
    /// Errors and the decline notice.
    pub danger: Option<String>,
    /// The confirmation.
    pub success: Option<String>,
}

/// A checked appearance: only values that passed validation are present.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Appearance {
    /// Light or dark.
    pub theme: Theme,
    /// Colors.
    pub colors: Colors,
    /// Corner radius (a CSS length).
    pub radius: Option<String>,
    /// Font family list.
    pub font: Option<String>,
    /// Base spacing unit (a CSS length).
    pub spacing: Option<String>,
}

/// The result of reading an `appearance`: what to apply and what was wrong.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Checked {
    /// The valid parts.
    pub appearance: Appearance,
    /// Every unknown key and bad value, by path.
    pub problems: Vec<FieldError>,
}

/// One CSS custom property to set on the component root.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CustomProperty {
    /// Its name, `--khc-…`.
    pub name: String,
    /// Its checked value.
    pub value: String,
}

/// A checked appearance as the hosted page applies it (the `appearance` of
/// `GET /v1/sessions/{id}/config?appearance=…`): the server runs the checks,
/// so the page's WebAssembly module carries neither the JSON reader nor the
/// color and contrast code.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Applied {
    /// Light or dark.
    pub theme: Theme,
    /// The `--khc-*` properties to set, in a fixed order.
    pub properties: Vec<CustomProperty>,
    /// Every unknown key and bad value (ignored), by path.
    pub problems: Vec<FieldError>,
    /// Advice about valid but hard-to-read colors ([`Appearance::contrast_warnings`]).
    pub warnings: Vec<String>,
}

impl Checked {
    /// What the hosted page applies and reports.
    pub fn applied(&self) -> Applied {
        Applied {
            theme: self.appearance.theme,
            properties: self
                .appearance
                .custom_properties()
                .into_iter()
                .map(|(name, value)| CustomProperty {
                    name: name.to_string(),
                    value,
                })
                .collect(),
            problems: self.problems.clone(),
            warnings: self.appearance.contrast_warnings(),
        }
    }
}

/// Bounds of a length in CSS pixels (`rem`/`em` count 16px).
struct Bounds {
    min_px: f64,
    max_px: f64,
}

const RADIUS: Bounds = Bounds {
    min_px: 0.0,
    max_px: 32.0,
};
const SPACING: Bounds = Bounds {
    min_px: 4.0,
    max_px: 40.0,
};

/// `s` in double quotes for a message, `"` and `\\` escaped and control
/// characters shown as `?`. (Not `{:?}`: Debug-formatting strings pulls
/// Unicode tables into the WebAssembly module.)
fn quoted(s: &str) -> String {
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
fn hundredths(n: u32) -> String {
    let (whole, frac) = (n / 100, n % 100);
    match frac {
        0 => whole.to_string(),
        f if f % 10 == 0 => format!("{whole}.{}", f / 10),
        f => format!("{whole}.{f:02}"),
    }
}

/// Reads `appearance` from its JSON text with the crate's own small reader.
pub fn parse(json: &str) -> Checked {
    parse_with(json, read_json)
}

/// Reads `appearance` from its JSON text (as the page's URL fragment carries
/// it) with the given JSON reader — the hosted page passes the browser's
/// `JSON.parse`; refuses text over [`MAX_JSON_BYTES`] before reading it.
pub fn parse_with(json: &str, read: impl FnOnce(&str) -> Result<Raw, String>) -> Checked {
    if json.len() > MAX_JSON_BYTES {
        return failed(format!(
            "is {} bytes; at most {MAX_JSON_BYTES} are read",
            json.len()
        ));
    }
    match read(json) {
        Ok(raw) => check(&raw),
        Err(e) => failed(format!("is not valid JSON ({e})")),
    }
}

fn failed(reason: String) -> Checked {
    Checked {
        appearance: Appearance::default(),
        problems: vec![FieldError::new("appearance", reason)],
    }
}

/// Reads an object's fields by name and reports what is wrong by path.
struct Reader<'a, 'p> {
    obj: &'a BTreeMap<String, Raw>,
    prefix: &'static str,
    seen: Vec<&'static str>,
    problems: &'p mut Vec<FieldError>,
}

impl<'a, 'p> Reader<'a, 'p> {
    /// Starts on `value` at `prefix`; reports it when it is not an object.
    fn new(
        value: &'a Raw,
        prefix: &'static str,
        problems: &'p mut Vec<FieldError>,
    ) -> Option<Self> {
        match value {
            Raw::Obj(obj) => Some(Reader {
                obj,
                prefix,
                seen: Vec::new(),
                problems,
            }),
            other => {
                problems.push(FieldError::new(
                    prefix,
                    format!("expected an object, got {}", other.kind()),
                ));
                None
            }
        }
    }

    fn fail(&mut self, name: &str, reason: impl Into<String>) {
        let path = format!("{}.{name}", self.prefix);
        self.problems.push(FieldError::new(path, reason));
    }

    /// A field's value (`null` counts as absent).
    fn raw(&mut self, name: &'static str) -> Option<&'a Raw> {
        self.seen.push(name);
        self.obj.get(name).filter(|v| **v != Raw::Null)
    }

    /// A string field; reports other kinds.
    fn string(&mut self, name: &'static str, example: &str) -> Option<&'a str> {
        match self.raw(name)? {
            Raw::Str(s) => Some(s),
            other => {
                let kind = other.kind();
                self.fail(
                    name,
                    format!("expected a string such as {example}, got {kind}"),
                );
                None
            }
        }
    }

    /// Reports every key nobody asked for.
    fn finish(self) {
        for k in self.obj.keys() {
            if !self.seen.contains(&k.as_str()) {
                let path = format!("{}.{k}", self.prefix);
                self.problems.push(FieldError::new(path, "unknown field"));
            }
        }
    }
}

/// Checks an `appearance` value.
pub fn check(value: &Raw) -> Checked {
    let mut problems = Vec::new();
    let mut out = Appearance::default();
    if let Some(mut f) = Reader::new(value, "appearance", &mut problems) {
        if let Some(theme) = f.string("theme", "\"dark\"") {
            match theme {
                "light" => out.theme = Theme::Light,
                "dark" => out.theme = Theme::Dark,
                other => f.fail(
                    "theme",
                    format!("expected \"light\" or \"dark\", got {}", quoted(other)),
                ),
            }
        }
        let colors = f.raw("colors");
        out.radius = length(&mut f, "radius", &RADIUS, true);
        out.spacing = length(&mut f, "spacing", &SPACING, false);
        if let Some(font) = f.string("font", "\"Inter, sans-serif\"") {
            match check_font(font) {
                Ok(clean) => out.font = Some(clean),
                Err(reason) => f.fail("font", reason),
            }
        }
        f.finish();
        if let Some(colors) = colors {
            out.colors = check_colors(colors, &mut problems);
        }
    }
    if problems.len() > MAX_PROBLEMS {
        let more = problems.len() - MAX_PROBLEMS;
        problems.truncate(MAX_PROBLEMS);
        problems.push(FieldError::new(
            "appearance",
            format!("{more} more problems not listed"),
        ));
    }
    Checked {
        appearance: out,
        problems,
    }
}

fn check_colors(value: &Raw, problems: &mut Vec<FieldError>) -> Colors {
    let mut c = Colors::default();
    let Some(mut f) = Reader::new(value, "appearance.colors", problems) else {
        return c;
    };
    c.background = color(&mut f, "background");
    c.text = color(&mut f, "text");
    c.accent = color(&mut f, "accent");
    c.border = color(&mut f, "border");
    c.danger = color(&mut f, "danger");
    c.success = color(&mut f, "success");
    f.finish();
    c
}

fn color(f: &mut Reader<'_, '_>, name: &'static str) -> Option<String> {
    let s = f.string(name, "\"#0b5cd5\"")?;
    if parse_color(s).is_some() {
        return Some(s.trim().to_string());
    }
    f.fail(
        name,
        format!(
            "expected a color: #rgb, #rrggbb, rgb(…) or hsl(…), got {}",
            quoted(s)
        ),
    );
    None
}

fn length(f: &mut Reader<'_, '_>, name: &'static str, b: &Bounds, zero_ok: bool) -> Option<String> {
    let s = f.string(name, "\"8px\"")?;
    match parse_length(s) {
        Some(px) if px >= b.min_px && px <= b.max_px && (zero_ok || px > 0.0) => {
            Some(s.trim().to_string())
        }
        _ => {
            // Integer arithmetic only: formatting floats would pull core's float
            // printer (~15 KB) into the WebAssembly module.
            let (lo, hi) = (b.min_px as u32, b.max_px as u32);
            f.fail(
                name,
                format!(
                    "expected a length in px, rem or em from {lo}px to {hi}px ({}rem to {}rem), got {}",
                    hundredths(lo * 100 / 16),
                    hundredths(hi * 100 / 16),
                    quoted(s)
                ),
            );
            None
        }
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

impl Appearance {
    /// The CSS custom properties this appearance sets on the component root,
    /// with a readable color on the accent (`--khc-color-on-accent`).
    pub fn custom_properties(&self) -> Vec<(&'static str, String)> {
        let c = &self.colors;
        let mut out = Vec::new();
        let mut put = |name, v: &Option<String>| {
            if let Some(v) = v {
                out.push((name, v.clone()));
            }
        };
        put("--khc-color-bg", &c.background);
        put("--khc-color-text", &c.text);
        put("--khc-color-accent", &c.accent);
        put("--khc-color-border", &c.border);
        put("--khc-color-danger", &c.danger);
        put("--khc-color-success", &c.success);
        put("--khc-radius", &self.radius);
        put("--khc-font", &self.font);
        put("--khc-space", &self.spacing);
        if let Some(accent) = c.accent.as_deref().and_then(parse_color) {
            let white = contrast_ratio(accent, Rgb::WHITE);
            let black = contrast_ratio(accent, Rgb::BLACK);
            let on = if white >= black { "#ffffff" } else { "#000000" };
            out.push(("--khc-color-on-accent", on.to_string()));
        }
        out
    }

    /// Advice (not errors) about colors that are valid but hard to read:
    /// text on background below WCAG AA's 4.5:1.
    pub fn contrast_warnings(&self) -> Vec<String> {
        let c = &self.colors;
        let (Some(bg), Some(fg)) = (
            c.background.as_deref().and_then(parse_color),
            c.text.as_deref().and_then(parse_color),
        ) else {
            return Vec::new();
        };
        let ratio = contrast_ratio(fg, bg);
        if ratio < 4.5 {
            let shown = hundredths((ratio * 100.0).round() as u32);
            vec![format!(
                "appearance.colors: text on background has a contrast of {shown}:1, below WCAG AA's 4.5:1"
            )]
        } else {
            Vec::new()
        }
    }
}

#[cfg(test)]
mod tests;
