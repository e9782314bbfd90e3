//! Tests of the hand-written JSON reader behind the `appearance` option: it
//! reads JSON, follows the number grammar and answers any text without a panic.

use super::*;

#[test]
fn the_json_reader_reads_json() {
    let raw = read_json(
        r#" {"a": "x\u00e9\ud83d\ude00\n", "b": {"c": [1, {"d": null}], "e": -1.5e3},
        "f": true, "g": null, "a2": "\"q\""} "#,
    )
    .unwrap();
    let Raw::Obj(o) = raw else {
        panic!("not an object")
    };
    assert_eq!(o["a"], Raw::Str("xé😀\n".into()));
    assert_eq!(o["a2"], Raw::Str("\"q\"".into()));
    assert_eq!(o["f"], Raw::Other("a boolean"));
    assert_eq!(o["g"], Raw::Null);
    let Raw::Obj(b) = &o["b"] else { panic!("b") };
    assert_eq!(b["c"], Raw::Other("an array"));
    assert_eq!(b["e"], Raw::Other("a number"));
    for bad in [
        "",
        "{",
        "{\"a\"}",
        "{\"a\":}",
        "{'a':1}",
        "{\"a\":1,}",
        "[1 2]",
        "\"x",
        "\"\\q\"",
        "{\"a\":1} x",
        "+1",
        "tru",
        "\"a\\u12\"",
        "\"tab\there\"",
    ] {
        assert!(read_json(bad).is_err(), "{bad:?} was read");
    }
    let deep = format!("{}{}", "[".repeat(40), "]".repeat(40));
    assert!(read_json(&deep).unwrap_err().contains("deeper"));
}

proptest::proptest! {
    /// Any text gives an answer, never a panic, and nothing invalid is applied.
    #[test]
    fn any_text_is_answered(text in "\\PC{0,200}") {
        let c = parse(&text);
        for (_, v) in c.appearance.custom_properties() {
            let clean = !v.contains([';', '{', '}']);
            proptest::prop_assert!(clean, "applied {:?}", v);
        }
    }

    /// Near-JSON input (the option's own keys, punctuation) never panics.
    #[test]
    fn near_json_is_answered(parts in proptest::collection::vec(
        proptest::sample::select(vec!["{", "}", "[", "]", ",", ":", "\"", "\\", "\"theme\"", "\"dark\"",
            "\"colors\"", "\"#fff\"", "1", "-", "e", "null", "true", "\\u00", "\\ud83d", " "]), 0..40)) {
        let _ = parse(&parts.concat());
    }
}

#[test]
fn json_numbers_follow_the_grammar() {
    for ok in ["0", "-0", "12", "0.5", "-3.25e-2", "1E+9", "1e400", "10"] {
        assert!(raw::json_number(ok.as_bytes()), "{ok}");
    }
    for bad in [
        "", "-", "01", "1.", ".5", "+1", "1e", "1e+", "--1", "1.5.2", "0x10",
    ] {
        assert!(!raw::json_number(bad.as_bytes()), "{bad:?}");
    }
}
