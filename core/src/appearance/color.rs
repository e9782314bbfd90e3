//! CSS colors of the `appearance` option: parsing (`#rgb`, `#rrggbb`,
//! `rgb()`, `rgba()`, `hsl()`, `hsla()`) and WCAG contrast.

/// An sRGB color, channels 0–255 (alpha is not kept).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rgb {
    /// Red.
    pub r: f64,
    /// Green.
    pub g: f64,
    /// Blue.
    pub b: f64,
}

impl Rgb {
    /// White.
    pub const WHITE: Rgb = Rgb {
        r: 255.0,
        g: 255.0,
        b: 255.0,
    };
    /// Black.
    pub const BLACK: Rgb = Rgb {
        r: 0.0,
        g: 0.0,
        b: 0.0,
    };

    /// WCAG 2 relative luminance.
    pub fn luminance(self) -> f64 {
        let lin = |c: f64| {
            let c = c / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * lin(self.r) + 0.7152 * lin(self.g) + 0.0722 * lin(self.b)
    }
}

/// WCAG 2 contrast ratio of two colors (1 to 21).
pub fn contrast_ratio(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (a.luminance(), b.luminance());
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

/// Parses a color of the accepted forms; `None` for anything else.
pub fn parse_color(s: &str) -> Option<Rgb> {
    let s = s.trim().to_ascii_lowercase();
    if let Some(hex) = s.strip_prefix('#') {
        return parse_hex(hex);
    }
    let (func, args) = s.strip_suffix(')')?.split_once('(')?;
    let args = parse_args(args)?;
    match func.trim() {
        "rgb" | "rgba" => rgb(&args),
        "hsl" | "hsla" => hsl(&args),
        _ => None,
    }
}

fn parse_hex(hex: &str) -> Option<Rgb> {
    if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let d = |i: usize, n: usize| u8::from_str_radix(&hex[i..i + n], 16).ok().map(f64::from);
    match hex.len() {
        3 => Some(Rgb {
            r: d(0, 1)? * 17.0,
            g: d(1, 1)? * 17.0,
            b: d(2, 1)? * 17.0,
        }),
        6 => Some(Rgb {
            r: d(0, 2)?,
            g: d(2, 2)?,
            b: d(4, 2)?,
        }),
        _ => None,
    }
}

/// One argument: a number and its unit (`""`, `"%"` or `"deg"`).
struct Arg {
    value: f64,
    unit: &'static str,
}

/// Splits `a, b, c[, d]` or `a b c[ / d]` into 3 or 4 arguments.
fn parse_args(args: &str) -> Option<Vec<Arg>> {
    let commas = args.contains(',');
    let parts: Vec<&str> = if commas {
        if args.contains('/') {
            return None;
        }
        args.split(',').map(str::trim).collect()
    } else {
        let (main, alpha) = match args.split_once('/') {
            Some((m, a)) => (m, Some(a.trim())),
            None => (args, None),
        };
        let mut p: Vec<&str> = main.split_whitespace().collect();
        p.extend(alpha);
        p
    };
    if !(3..=4).contains(&parts.len()) {
        return None;
    }
    parts.into_iter().map(parse_arg).collect()
}

fn parse_arg(s: &str) -> Option<Arg> {
    let (num, unit) = if let Some(n) = s.strip_suffix('%') {
        (n, "%")
    } else if let Some(n) = s.strip_suffix("deg") {
        (n, "deg")
    } else {
        (s, "")
    };
    let value = super::decimal(num)?;
    Some(Arg { value, unit })
}

fn alpha_ok(args: &[Arg]) -> bool {
    match args.get(3) {
        None => true,
        Some(Arg { value, unit: "" }) => (0.0..=1.0).contains(value),
        Some(Arg { value, unit: "%" }) => (0.0..=100.0).contains(value),
        Some(_) => false,
    }
}

fn rgb(args: &[Arg]) -> Option<Rgb> {
    if !alpha_ok(args) {
        return None;
    }
    let channel = |a: &Arg| match a.unit {
        "" if (0.0..=255.0).contains(&a.value) => Some(a.value),
        "%" if (0.0..=100.0).contains(&a.value) => Some(a.value * 2.55),
        _ => None,
    };
    Some(Rgb {
        r: channel(&args[0])?,
        g: channel(&args[1])?,
        b: channel(&args[2])?,
    })
}

fn hsl(args: &[Arg]) -> Option<Rgb> {
    if !alpha_ok(args) || !matches!(args[0].unit, "" | "deg") {
        return None;
    }
    let pct = |a: &Arg| match a.unit {
        "%" | "" if (0.0..=100.0).contains(&a.value) => Some(a.value / 100.0),
        _ => None,
    };
    let (h, s, l) = (
        args[0].value.rem_euclid(360.0),
        pct(&args[1])?,
        pct(&args[2])?,
    );
    let c = (1.0 - (2.0 * l - 1.0).abs()) * s;
    let x = c * (1.0 - ((h / 60.0) % 2.0 - 1.0).abs());
    let m = l - c / 2.0;
    let (r, g, b) = match (h / 60.0) as u32 {
        0 => (c, x, 0.0),
        1 => (x, c, 0.0),
        2 => (0.0, c, x),
        3 => (0.0, x, c),
        4 => (x, 0.0, c),
        _ => (c, 0.0, x),
    };
    Some(Rgb {
        r: (r + m) * 255.0,
        g: (g + m) * 255.0,
        b: (b + m) * 255.0,
    })
}
