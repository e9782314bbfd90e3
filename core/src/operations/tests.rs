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
