//! Every string and list of a session body has a cap, and text a person
//! reads has no control or bidirectional formatting characters (issue 17,
//! points 5 and 6). Each refusal names the field.

use checkout_core::errors::FieldError;
use checkout_core::session::{validate_new_session, validate_new_session_with, Rules};
use serde_json::{json, Value};

fn base() -> Value {
    json!({
        "amount": 11800, "currency": "EUR", "country": "DE", "locale": "de-DE",
        "merchant_reference": "order-123",
        "order_lines": [{"name": "Sneakers", "quantity": 1, "unit_price": 11800, "total_amount": 11800}],
        "customer": {"email": "customer+de@klarna.com"},
        "return_url": "https://shop.example/return",
        "allowed_origins": ["https://shop.example"]
    })
}

fn refused(v: &Value) -> Vec<FieldError> {
    validate_new_session(v).expect_err("must be refused")
}

fn paths(errors: &[FieldError]) -> Vec<&str> {
    errors.iter().map(|e| e.path.as_str()).collect()
}

#[test]
fn fifty_thousand_origins_are_refused_as_one_error() {
    let mut v = base();
    v["allowed_origins"] = json!(vec!["https://shop.example"; 50_000]);
    let e = refused(&v);
    assert_eq!(paths(&e), ["allowed_origins"]);
    assert!(e[0].reason.contains("at most 20"), "{}", e[0].reason);
    let mut ok = base();
    let twenty: Vec<String> = (0..20)
        .map(|i| format!("https://s{i}.shop.example"))
        .collect();
    ok["allowed_origins"] = json!(twenty);
    assert!(validate_new_session(&ok).is_ok());
}

#[test]
fn each_bad_origin_is_named_by_its_index() {
    let mut v = base();
    v["allowed_origins"] = json!([
        "https://shop.example",
        "https://*",
        "https://shop.example:70000",
        "https://bücher.example",
        "https://*.shop.example",
        "https://shop.example:*"
    ]);
    let e = refused(&v);
    assert_eq!(
        paths(&e),
        [
            "allowed_origins[1]",
            "allowed_origins[2]",
            "allowed_origins[3]",
            "allowed_origins[4]",
            "allowed_origins[5]"
        ]
    );
}

#[test]
fn http_loopback_origins_only_under_sandbox_rules() {
    let mut v = base();
    v["allowed_origins"] = json!(["http://127.0.0.1:8787"]);
    assert_eq!(paths(&refused(&v)), ["allowed_origins[0]"]);
    let sandbox = Rules {
        http_loopback_origins: true,
    };
    assert!(validate_new_session_with(&v, sandbox).is_ok());
}

#[test]
fn a_hundred_thousand_intents_are_refused() {
    let mut v = base();
    v["intents"] = json!(vec!["PAY"; 100_000]);
    assert_eq!(paths(&refused(&v)), ["intents"]);
    v["intents"] = json!(["PAY", "PAY"]);
    assert_eq!(paths(&refused(&v)), ["intents[1]"]);
}

#[test]
fn huge_urls_are_refused() {
    let mut v = base();
    let long = format!("https://cdn.shop.example/{}", "a".repeat(1_900_000));
    v["order_lines"][0]["image_url"] = json!(long);
    v["order_lines"][0]["product_url"] =
        json!(format!("https://shop.example/{}", "p".repeat(2048)));
    assert_eq!(
        paths(&refused(&v)),
        ["order_lines[0].image_url", "order_lines[0].product_url"]
    );
}

#[test]
fn control_and_bidi_characters_are_refused_where_people_read_text() {
    for bad in [
        "order\u{0}123",
        "order\u{1b}[2J",
        "invoice\u{202E}fdp.exe",
        "a\u{2067}b",
    ] {
        let mut v = base();
        v["merchant_reference"] = json!(bad);
        v["order_lines"][0]["name"] = json!(bad);
        v["customer"]["email"] = json!(format!("customer{bad}@klarna.com"));
        let e = refused(&v);
        let mut got = paths(&e);
        got.sort_unstable();
        assert_eq!(
            got,
            [
                "customer.email",
                "merchant_reference",
                "order_lines[0].name"
            ],
            "{bad:?}"
        );
    }
    let mut v = base();
    v["merchant_reference"] = json!("Bestellung Nr. 4711 – Größe 42");
    assert!(validate_new_session(&v).is_ok());
}
