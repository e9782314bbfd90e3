//! Table-driven tests of the `appearance` option: what a merchant's JSON
//! sets, which problems it reports and what the page applies.

use super::*;
use serde_json::json;

/// Checks a JSON value the way the page does: as text, through [`parse`].
fn check_json(v: &serde_json::Value) -> Checked {
    parse(&v.to_string())
}

fn paths(c: &Checked) -> Vec<&str> {
    c.problems.iter().map(|p| p.path.as_str()).collect()
}

#[test]
fn a_full_valid_appearance_maps_to_custom_properties() {
    let c = check_json(&json!({
        "theme": "dark",
        "colors": {"background": "#101820", "text": "rgb(240, 240, 240)", "accent": "#ffb000",
                   "border": "hsl(210, 10%, 40%)", "danger": "#f66", "success": "rgba(80 200 120 / 1)"},
        "radius": "12px", "font": "\"Inter\", Helvetica Neue, sans-serif", "spacing": "1.25rem"
    }));
    assert!(c.problems.is_empty(), "{:?}", c.problems);
    let a = &c.appearance;
    assert_eq!(a.theme, Theme::Dark);
    let props = a.custom_properties();
    let get = |n: &str| props.iter().find(|(k, _)| *k == n).map(|(_, v)| v.as_str());
    assert_eq!(get("--khc-color-bg"), Some("#101820"));
    assert_eq!(get("--khc-color-text"), Some("rgb(240, 240, 240)"));
    assert_eq!(get("--khc-color-accent"), Some("#ffb000"));
    assert_eq!(get("--khc-radius"), Some("12px"));
    assert_eq!(get("--khc-space"), Some("1.25rem"));
    assert_eq!(
        get("--khc-font"),
        Some("\"Inter\", Helvetica Neue, sans-serif")
    );
    // An amber accent reads best with black on it, a navy one with white.
    assert_eq!(get("--khc-color-on-accent"), Some("#000000"));
    let navy = check_json(&json!({"colors": {"accent": "#0b1f5c"}})).appearance;
    assert!(navy
        .custom_properties()
        .contains(&("--khc-color-on-accent", "#ffffff".into())));
}

#[test]
fn nothing_set_sets_nothing() {
    let c = check_json(&json!({}));
    assert!(c.problems.is_empty());
    assert_eq!(c.appearance, Appearance::default());
    assert!(c.appearance.custom_properties().is_empty());
    assert_eq!(c.appearance.theme.as_str(), "light");
}

#[test]
fn every_unknown_key_is_reported_with_its_path_and_the_rest_applies() {
    let c = check_json(&json!({
        "theme": "dark", "colours": {}, "colors": {"accnt": "#fff", "accent": "#123456"}, "shadow": "none"
    }));
    let mut p = paths(&c);
    p.sort();
    assert_eq!(
        p,
        vec![
            "appearance.colors.accnt",
            "appearance.colours",
            "appearance.shadow"
        ]
    );
    assert!(c.problems.iter().all(|e| e.reason == "unknown field"));
    assert_eq!(c.appearance.theme, Theme::Dark);
    assert_eq!(c.appearance.colors.accent.as_deref(), Some("#123456"));
}

#[test]
fn bad_values_are_reported_and_ignored() {
    let cases: &[(serde_json::Value, &str)] = &[
        (json!({"theme": "sepia"}), "appearance.theme"),
        (json!({"theme": 1}), "appearance.theme"),
        (json!({"colors": "red"}), "appearance.colors"),
        (json!({"colors": {"text": "red"}}), "appearance.colors.text"),
        (
            json!({"colors": {"text": "#12345"}}),
            "appearance.colors.text",
        ),
        (
            json!({"colors": {"text": "#1234567"}}),
            "appearance.colors.text",
        ),
        (
            json!({"colors": {"text": "#ggg"}}),
            "appearance.colors.text",
        ),
        (
            json!({"colors": {"text": "rgb(300, 0, 0)"}}),
            "appearance.colors.text",
        ),
        (
            json!({"colors": {"text": "rgb(0, 0)"}}),
            "appearance.colors.text",
        ),
        (
            json!({"colors": {"text": "rgb(0,0,0);background:url(x)"}}),
            "appearance.colors.text",
        ),
        (
            json!({"colors": {"text": "hsl(10, 120%, 50%)"}}),
            "appearance.colors.text",
        ),
        (
            json!({"colors": {"text": "rgba(0, 0, 0, 2)"}}),
            "appearance.colors.text",
        ),
        (
            json!({"colors": {"text": "var(--x)"}}),
            "appearance.colors.text",
        ),
        (json!({"colors": {"text": 0}}), "appearance.colors.text"),
        (json!({"radius": "100px"}), "appearance.radius"),
        (json!({"radius": "-1px"}), "appearance.radius"),
        (json!({"radius": "8"}), "appearance.radius"),
        (json!({"radius": "8vw"}), "appearance.radius"),
        (json!({"radius": "calc(1px)"}), "appearance.radius"),
        (json!({"radius": 8}), "appearance.radius"),
        (json!({"spacing": "0"}), "appearance.spacing"),
        (json!({"spacing": "3px"}), "appearance.spacing"),
        (json!({"spacing": "4rem"}), "appearance.spacing"),
        (json!({"font": ""}), "appearance.font"),
        (json!({"font": "Inter; color: red"}), "appearance.font"),
        (
            json!({"font": "Inter} body {display:none"}),
            "appearance.font",
        ),
        (json!({"font": "url(x)"}), "appearance.font"),
        (json!({"font": "Inter !important"}), "appearance.font"),
        (json!({"font": "\"Inter, sans-serif"}), "appearance.font"),
        (json!({"font": "Inter,,sans-serif"}), "appearance.font"),
        (json!({"font": "3D Sans"}), "appearance.font"),
        (json!({"font": "x".repeat(201)}), "appearance.font"),
        (json!([1]), "appearance"),
    ];
    for (input, path) in cases {
        let c = check_json(input);
        assert_eq!(paths(&c), vec![*path], "{input}");
        assert_eq!(
            c.appearance.custom_properties(),
            vec![],
            "{input} applied something"
        );
    }
}

#[test]
fn good_values_are_kept() {
    for color in [
        "#fff",
        "#FFFFFF",
        "#0b5cd5",
        "rgb(0,0,0)",
        "rgb(0 0 0)",
        "rgb(10%, 20%, 30%)",
        "rgba(0, 0, 0, 0.5)",
        "rgb(0 0 0 / 50%)",
        "hsl(210, 50%, 40%)",
        "hsl(210deg 50% 40%)",
        "HSLA(-30, 50%, 40%, 1)",
        " #abc ",
    ] {
        let c = check_json(&json!({"colors": {"accent": color}}));
        assert!(c.problems.is_empty(), "{color}: {:?}", c.problems);
        assert_eq!(c.appearance.colors.accent.as_deref(), Some(color.trim()));
    }
    for (radius, ok) in [
        ("0", true),
        ("0px", true),
        ("32px", true),
        ("2rem", true),
        ("1.5em", true),
        ("2.5rem", false),
    ] {
        assert_eq!(
            check_json(&json!({"radius": radius})).problems.is_empty(),
            ok,
            "{radius}"
        );
    }
    for font in [
        "system-ui",
        "'Helvetica Neue', Arial, sans-serif",
        "Söhne, sans-serif",
        "\"3D Sans\"",
    ] {
        assert!(
            check_json(&json!({"font": font})).problems.is_empty(),
            "{font}"
        );
    }
}

#[test]
fn text_parsing_refuses_big_or_broken_json() {
    assert_eq!(paths(&parse("{")), vec!["appearance"]);
    assert!(parse("{").problems[0].reason.contains("not valid JSON"));
    let big = format!("{{\"font\": \"{}\"}}", "a".repeat(MAX_JSON_BYTES));
    assert!(parse(&big).problems[0].reason.contains("bytes"));
    assert_eq!(parse(r#"{"theme":"dark"}"#).appearance.theme, Theme::Dark);
}

#[test]
fn problems_are_capped() {
    let mut obj = serde_json::Map::new();
    for i in 0..50 {
        obj.insert(format!("k{i}"), json!(1));
    }
    let c = check_json(&serde_json::Value::Object(obj));
    assert_eq!(c.problems.len(), MAX_PROBLEMS + 1);
    assert!(c.problems.last().unwrap().reason.contains("30 more"));
}

#[test]
fn colors_and_contrast() {
    let black = parse_color("#000").unwrap();
    let white = parse_color("rgb(255 255 255)").unwrap();
    assert!((contrast_ratio(black, white) - 21.0).abs() < 1e-9);
    let red = parse_color("hsl(0, 100%, 50%)").unwrap();
    assert_eq!(
        (red.r.round(), red.g.round(), red.b.round()),
        (255.0, 0.0, 0.0)
    );
    let a = check_json(&json!({"colors": {"background": "#777", "text": "#888"}})).appearance;
    assert_eq!(a.contrast_warnings().len(), 1);
    let b = check_json(&json!({"colors": {"background": "#fff", "text": "#111"}})).appearance;
    assert!(b.contrast_warnings().is_empty());
}

#[test]
fn applied_is_what_the_page_sets_and_reports() {
    let a = parse(
        r##"{"theme":"dark","colors":{"accent":"#ffd54f","background":"#ffffff","text":"#eeeeee"},"radius":"99px"}"##,
    )
    .applied();
    assert_eq!(a.theme, Theme::Dark);
    let props: Vec<(&str, &str)> = a
        .properties
        .iter()
        .map(|p| (p.name.as_str(), p.value.as_str()))
        .collect();
    assert_eq!(
        props,
        [
            ("--khc-color-bg", "#ffffff"),
            ("--khc-color-text", "#eeeeee"),
            ("--khc-color-accent", "#ffd54f"),
            ("--khc-color-on-accent", "#000000"),
        ]
    );
    assert_eq!(a.problems.len(), 1);
    assert_eq!(a.problems[0].path, "appearance.radius");
    assert_eq!(a.warnings.len(), 1);
    assert!(a.warnings[0].contains("below WCAG AA"), "{}", a.warnings[0]);
    // The wire shape the hosted page reads.
    let wire = serde_json::to_value(&a).unwrap();
    assert_eq!(wire["theme"], "dark");
    assert_eq!(
        wire["properties"][3],
        json!({"name": "--khc-color-on-accent", "value": "#000000"})
    );
    assert_eq!(wire["problems"][0]["path"], "appearance.radius");
    assert_eq!(serde_json::from_value::<Applied>(wire).unwrap(), a);
    // None given: the defaults, nothing to report.
    assert_eq!(Checked::default().applied(), Applied::default());
    assert_eq!(Theme::parse("dark"), Some(Theme::Dark));
    assert_eq!(Theme::parse("Dark"), None);
}
