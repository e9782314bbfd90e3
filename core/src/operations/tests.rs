//! Validation of capture, refund and empty bodies: every bad field named.

use super::*;
use serde_json::json;

fn paths(errors: Vec<FieldError>) -> Vec<String> {
    errors.into_iter().map(|e| e.path).collect()
}

#[test]
fn a_full_capture_body_is_read() {
    let body = json!({
        "amount": 5000, "reference": "ship-1",
        "order_lines": [{"name": "Sneakers", "quantity": 1, "unit_price": 5000, "total_amount": 5000}],
        "shipping_info": [{"shipping_company": "DHL", "tracking_number": "00340434", "tracking_url": "https://dhl.example/t/00340434"}]
    });
    let c = validate_capture(&body).unwrap();
    assert_eq!(c.amount, 5000);
    assert_eq!(c.reference.as_deref(), Some("ship-1"));
    assert_eq!(c.shipping_info[0].tracking_number, "00340434");
    assert_eq!(
        validate_capture(&json!({"amount": 1})).unwrap().order_lines,
        vec![]
    );
}

#[test]
fn bad_capture_bodies_name_every_field() {
    let cases = [
        (json!({}), vec!["amount"]),
        (json!({"amount": 0}), vec!["amount"]),
        (json!({"amount": 1.5}), vec!["amount"]),
        (json!({"amount": "10"}), vec!["amount"]),
        (json!({"amount": 10, "reference": ""}), vec!["reference"]),
        (json!({"amount": 10, "extra": 1}), vec!["extra"]),
        (
            json!({"amount": 10, "order_lines": [{"name": "A", "quantity": 1, "unit_price": 9, "total_amount": 9}]}),
            vec!["order_lines"],
        ),
        (
            json!({"amount": 10, "shipping_info": [{"shipping_company": "DHL", "tracking_url": "ftp://x"}]}),
            vec![
                "shipping_info[0].tracking_number",
                "shipping_info[0].tracking_url",
            ],
        ),
        (
            json!({"amount": 10, "shipping_info": {}}),
            vec!["shipping_info"],
        ),
        (json!([]), vec!["$"]),
    ];
    for (body, want) in cases {
        let got = paths(validate_capture(&body).unwrap_err());
        assert_eq!(got, want, "{body}");
    }
}

#[test]
fn refund_bodies() {
    let r = validate_refund(&json!({"amount": 100, "capture_id": "cap_1", "reason": "returned"}))
        .unwrap();
    assert_eq!(r.capture_id.as_deref(), Some("cap_1"));
    let got =
        paths(validate_refund(&json!({"amount": -1, "capture_id": 5, "why": "x"})).unwrap_err());
    assert_eq!(got, vec!["capture_id", "amount", "why"]);
}

#[test]
fn empty_bodies() {
    assert!(validate_empty(&json!({})).is_ok());
    assert_eq!(
        paths(validate_empty(&json!({"amount": 1})).unwrap_err()),
        vec!["amount"]
    );
    assert_eq!(paths(validate_empty(&json!(null)).unwrap_err()), vec!["$"]);
}

fn reasons(errors: Vec<FieldError>) -> Vec<(String, String)> {
    errors.into_iter().map(|e| (e.path, e.reason)).collect()
}

/// The rule of `merchant_reference`: no control (NUL, ESC, C1) or
/// bidirectional formatting characters in any text a person reads.
#[test]
fn hidden_controls_are_refused_in_every_text_field() {
    for bad in [
        "a\0b",
        "a\u{1b}[31mb",
        "a\u{85}b",
        "gnp.exe\u{202E}",
        "a\u{2066}b",
    ] {
        let ship = json!([{"shipping_company": bad, "tracking_number": bad,
            "return_shipping_company": bad, "return_tracking_number": bad}]);
        let got = paths(
            validate_capture(&json!({"amount": 10, "reference": bad, "shipping_info": ship}))
                .unwrap_err(),
        );
        assert_eq!(
            got,
            vec![
                "reference",
                "shipping_info[0].shipping_company",
                "shipping_info[0].tracking_number",
                "shipping_info[0].return_shipping_company",
                "shipping_info[0].return_tracking_number",
            ],
            "{bad:?}"
        );
        let got = reasons(
            validate_refund(&json!({"amount": 10, "reference": bad, "reason": bad})).unwrap_err(),
        );
        assert_eq!(
            got.iter().map(|(p, _)| p.as_str()).collect::<Vec<_>>(),
            vec!["reference", "reason"],
            "{bad:?}"
        );
        assert!(got[0].1.contains("control"), "{got:?}");
    }
}

#[test]
fn an_empty_order_lines_array_is_refused_not_skipped() {
    for body in [
        json!({"amount": 1000, "order_lines": []}),
        json!({"amount": 1000, "reference": "r", "order_lines": []}),
    ] {
        let got = reasons(validate_capture(&body).unwrap_err());
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].0, "order_lines");
        assert!(got[0].1.contains("at least one"), "{got:?}");
        let got = reasons(validate_refund(&body).unwrap_err());
        assert_eq!(got[0].0, "order_lines", "{got:?}");
    }
}

#[test]
fn a_blank_text_is_said_to_be_blank() {
    let got = reasons(validate_capture(&json!({"amount": 10, "reference": "   "})).unwrap_err());
    assert_eq!(got[0].0, "reference");
    assert!(got[0].1.contains("blank"), "{got:?}");
    let got = reasons(validate_refund(&json!({"amount": 10, "reason": " \t "})).unwrap_err());
    assert!(got[0].1.contains("blank"), "{got:?}");
}

#[test]
fn an_amount_out_of_range_says_the_range() {
    let huge: Value = serde_json::from_str(r#"{"amount": 99999999999999999999}"#).unwrap();
    let max: Value = serde_json::from_str(r#"{"amount": 18446744073709551615}"#).unwrap();
    for body in [
        huge,
        max,
        json!({"amount": 100_000_000_001_i64}),
        json!({"amount": 0}),
    ] {
        for got in [
            reasons(validate_capture(&body).unwrap_err()),
            reasons(validate_refund(&body).unwrap_err()),
        ] {
            assert_eq!(
                got,
                vec![(
                    "amount".to_string(),
                    "expected a whole number of minor units from 1 to 100000000000".to_string()
                )],
                "{body}"
            );
        }
    }
}
