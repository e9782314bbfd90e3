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

mod check;
mod color;
mod css;
mod raw;

pub use check::check;
pub use color::{contrast_ratio, parse_color, Rgb};
pub use css::{check_font, parse_length};
pub use raw::{read_json, Raw};

pub(crate) use css::decimal;
use css::hundredths;

use crate::errors::FieldError;
use serde::{Deserialize, Serialize};

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
mod json_tests;
#[cfg(test)]
mod number_tests;
#[cfg(test)]
mod tests;
