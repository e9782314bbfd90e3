//! Checking a read `appearance` value field by field: the reader that
//! reports unknown keys and wrong kinds by path, the theme, the colors and
//! the bounded lengths.

use super::css::{hundredths, quoted};
use super::{
    check_font, parse_color, parse_length, Appearance, Checked, Colors, Raw, Theme, MAX_PROBLEMS,
};
use crate::errors::FieldError;
use std::collections::BTreeMap;

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
