//! Table-driven tests of session creation and patch validation.

use checkout_core::session::{validate_new_session, validate_patch};
use serde_json::{json, Value};

fn base() -> Value {
    json!({
        "amount": 11800, "currency": "EUR", "country": "DE", "locale": "de-DE",
        "merchant_reference": "order-123", "return_url": "https://shop.example/return"
    })
}

fn with(mut v: Value, key: &str, val: Value) -> Value {
    v[key] = val;
    v
}

fn paths(v: &Value) -> Vec<String> {
    match validate_new_session(v) {
        Ok(_) => vec![],
        Err(e) => e.into_iter().map(|f| f.path).collect(),
    }
}

#[test]
fn the_minimal_request_is_valid_and_defaults_intents() {
    let s = validate_new_session(&base()).expect("valid");
    assert_eq!(s.intents, vec!["PAY"]);
    assert_eq!(s.amount, 11800);
    assert!(s.klarna_network_session_token.is_none());
}

#[test]
fn each_bad_field_is_named() {
    let cases: Vec<(&str, Value, &str)> = vec![
        ("currency", json!("XYZ"), "currency"),
        ("currency", json!("eur"), "currency"),
        ("currency", json!(978), "currency"),
        ("locale", json!("en-US"), "locale"),
        ("locale", json!("de_DE"), "locale"),
        ("locale", json!("fr-FR"), "locale"),
        ("country", json!("XX"), "country"),
        ("country", json!("de"), "country"),
        ("amount", json!(0), "amount"),
        ("amount", json!(-5), "amount"),
        ("amount", json!(118.5), "amount"),
        ("amount", json!("11800"), "amount"),
        ("merchant_reference", json!(""), "merchant_reference"),
        ("return_url", json!("/relative"), "return_url"),
        ("return_url", json!("javascript:alert(1)"), "return_url"),
        (
            "allowed_origins",
            json!(["https://shop.example/path"]),
            "allowed_origins[0]",
        ),
        (
            "allowed_origins",
            json!("https://shop.example"),
            "allowed_origins",
        ),
        ("intents", json!(["BUY"]), "intents[0]"),
        ("intents", json!([]), "intents"),
        (
            "customer",
            json!({"email": "not-an-email"}),
            "customer.email",
        ),
        ("customer", json!("x"), "customer"),
        (
            "klarna_network_session_token",
            json!(""),
            "klarna_network_session_token",
        ),
        (
            "interoperability_token",
            json!("has space"),
            "interoperability_token",
        ),
        (
            "klarna_network_data",
            json!("{not json"),
            "klarna_network_data",
        ),
        (
            "klarna_network_data",
            json!({"a": 1}),
            "klarna_network_data",
        ),
        ("surprise", json!(1), "surprise"),
    ];
    for (key, val, want) in cases {
        let got = paths(&with(base(), key, val.clone()));
        assert_eq!(got, vec![want.to_string()], "{key} = {val}");
    }
}

#[test]
fn missing_required_fields_are_all_reported() {
    let got = paths(&json!({}));
    for f in [
        "amount",
        "currency",
        "country",
        "locale",
        "merchant_reference",
        "return_url",
    ] {
        assert!(got.contains(&f.to_string()), "{f} missing from {got:?}");
    }
    assert_eq!(paths(&json!([1, 2])), vec!["$"]);
}

#[test]
fn order_lines_are_checked_line_by_line_and_in_sum() {
    let line = |q: i64, u: i64, t: i64| json!({"name": "Sneakers", "quantity": q, "unit_price": u, "total_amount": t});
    let ok = with(base(), "order_lines", json!([line(2, 5900, 11800)]));
    assert!(validate_new_session(&ok).is_ok());
    let bad_total = with(base(), "order_lines", json!([line(2, 5900, 11000)]));
    let got = paths(&bad_total);
    assert!(
        got.contains(&"order_lines[0].total_amount".to_string()),
        "{got:?}"
    );
    let bad_sum = with(base(), "order_lines", json!([line(1, 5900, 5900)]));
    assert_eq!(paths(&bad_sum), vec!["order_lines"]);
    let bad_qty = with(
        base(),
        "order_lines",
        json!([{"name": "x", "quantity": 0, "unit_price": 1, "total_amount": 0}]),
    );
    assert!(paths(&bad_qty).contains(&"order_lines[0].quantity".to_string()));
}

#[test]
fn tokens_are_kept_verbatim_under_either_name() {
    let t = "krn:network:us1:test:session-token:AbC.123";
    let v = with(base(), "interoperability_token", json!(t));
    let s = validate_new_session(&v).unwrap();
    assert_eq!(s.klarna_network_session_token.as_deref(), Some(t));
    let data = r#"{"a": [1, 2], "b": "x"}"#;
    let v = with(base(), "klarna_network_data", json!(data));
    assert_eq!(
        validate_new_session(&v)
            .unwrap()
            .klarna_network_data
            .as_deref(),
        Some(data)
    );
}

#[test]
fn patch_rules() {
    assert!(validate_patch(&json!({"amount": 500}), "DE").is_ok());
    // Klarna decides about the currency; the market's locales stay the rule.
    assert!(validate_patch(&json!({"currency": "SEK"}), "DE").is_ok());
    let e = validate_patch(&json!({"currency": "SEKK", "locale": "sv-SE"}), "DE").unwrap_err();
    let p: Vec<_> = e.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(p, vec!["currency", "locale"]);
    assert!(validate_patch(&json!({"locale": "ja-JP"}), "JP").is_ok());
    assert!(validate_patch(&json!({}), "DE").is_err());
    assert!(validate_patch(&json!({"amount": 1, "state": "authorized"}), "DE").is_err());
}

#[test]
fn odd_unknown_keys_are_named_unambiguously() {
    let mut v = base();
    v[""] = json!(1);
    v["a.b"] = json!(1);
    v["customer"] = json!({"": 1, "email": "a@b.example"});
    let mut p = paths(&v);
    p.sort();
    assert_eq!(p, vec!["[\"\"]", "[\"a.b\"]", "customer[\"\"]"]);
}

#[test]
fn markets_klarna_does_not_list_are_created_and_klarna_decides() {
    // A valid country and currency outside the markets table: created.
    let jp = json!({"amount": 5000, "currency": "JPY", "country": "JP", "locale": "ja-JP",
        "merchant_reference": "o-1", "return_url": "https://shop.example/r"});
    let s = validate_new_session(&jp).expect("created");
    assert_eq!((s.country.as_str(), s.currency.as_str()), ("JP", "JPY"));
    // Any well-formed ll-CC locale for such a country.
    assert!(validate_new_session(&with(jp.clone(), "locale", json!("en-US"))).is_ok());
    assert_eq!(paths(&with(jp, "locale", json!("en_US"))), vec!["locale"]);
    // A listed country with another valid currency: created too.
    assert!(validate_new_session(&with(base(), "currency", json!("USD"))).is_ok());
    // A listed country keeps Klarna's locales.
    let e = validate_new_session(&with(base(), "locale", json!("en-US"))).unwrap_err();
    assert!(e[0].reason.contains("de-DE, en-DE"), "{e:?}");
}

#[test]
fn intents_the_checkout_cannot_serve_are_refused_with_the_reason() {
    for (i, intent) in ["SUBSCRIBE", "ADD_TO_WALLET", "SIGNUP"].iter().enumerate() {
        let e = validate_new_session(&with(base(), "intents", json!(["PAY", intent]))).unwrap_err();
        assert_eq!(e.len(), 1, "{intent}: {e:?}");
        assert_eq!(e[0].path, "intents[1]");
        assert!(
            e[0].reason.starts_with("not supported yet: "),
            "{i}: {}",
            e[0].reason
        );
        assert!(e[0].reason.contains(intent), "{}", e[0].reason);
    }
    for ok in [json!(["PAY"]), json!(["SIGNIN", "PAY"]), json!(["DONATE"])] {
        let s = validate_new_session(&with(base(), "intents", ok.clone())).expect("served");
        assert_eq!(json!(s.intents), ok);
    }
}

/// A session may have no lines: `[]` at creation is a session without
/// lines (bodies written against the public contract may send it), and a
/// `PATCH` with `[]` drops the lines it had.
#[test]
fn an_empty_order_lines_array_is_a_session_without_lines() {
    let s = validate_new_session(&with(base(), "order_lines", json!([]))).unwrap();
    assert!(s.order_lines.is_empty(), "{:?}", s.order_lines);
    let p = validate_patch(&json!({"amount": 5000, "order_lines": []}), "DE").unwrap();
    assert_eq!(p.order_lines, Some(vec![]));
}

#[test]
fn a_blank_reference_and_a_huge_amount_say_what_is_wrong() {
    let e = validate_new_session(&with(base(), "merchant_reference", json!("   "))).unwrap_err();
    assert_eq!(e[0].path, "merchant_reference");
    assert!(e[0].reason.contains("blank"), "{e:?}");
    let huge: Value = serde_json::from_str(r#"99999999999999999999"#).unwrap();
    for (e, what) in [
        (
            validate_new_session(&with(base(), "amount", huge.clone())).unwrap_err(),
            "create",
        ),
        (
            validate_patch(&json!({"amount": huge}), "DE").unwrap_err(),
            "patch",
        ),
    ] {
        assert_eq!(
            (e[0].path.as_str(), e[0].reason.as_str()),
            (
                "amount",
                "expected a whole number of minor units from 1 to 100000000000"
            ),
            "{what}"
        );
    }
}
