//! Every field of the session's config, spoiled one at a time, is named by
//! its path in the page's decoding error (`bindings::codec::locate`): each
//! value given each other JSON type, and each field left out.
#![cfg(target_arch = "wasm32")]

use checkout_core::api::HostedConfig;
use klarna_hosted_checkout::bindings::codec;
use serde_json::{json, Value};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A config with every nesting the page reads: arrays of objects, objects in
/// objects, optional fields present.
fn full() -> Value {
    json!({
        "session_id": "hcs_1", "state": "open", "amount": 11800, "currency": "EUR",
        "country": "DE", "locale": "de-DE", "intents": ["PAY", "TOKENIZE"],
        "merchant_reference": "order-1",
        "order_lines": [
            {"type": "physical", "name": "Sneakers", "quantity": 2, "unit_price": 5900,
             "total_amount": 11800, "tax_rate": 1900, "image_url": "https://x/i.png"},
            {"name": "Socks", "quantity": 1, "unit_price": 0, "total_amount": 0}
        ],
        "customer": {"email": "c@klarna.com", "billing_address": {"city": "Berlin", "country": "DE"}},
        "klarna_network_session_token": "krn:t",
        "klarna": {"sdk_url": "/sandbox/klarna.js", "client_id": "klarna_test_client",
                   "partner_account_id": "pa", "acquiring_config": {"payment_account_id": "pacc_1"},
                   "products": ["PAYMENT"], "mode": "sandbox", "load_timeout_ms": 1500},
        "allowed_origins": ["https://shop.example"],
        "other_methods": [{"id": "card", "label": "Card"}],
        "authorization": {"payment_transaction_id": "krn:t1", "amount": 11800, "currency": "EUR",
                          "authorized_at": "2026-11-23T10:00:00Z"},
        "client_timeout_ms": 2000
    })
}

/// Every path in `v` (`a`, `a.b`, `a[0].b`) with its value, parents first.
fn paths(v: &Value, at: String, out: &mut Vec<(String, Value)>) {
    let join = |k: &str| {
        if at.is_empty() {
            k.to_string()
        } else {
            format!("{at}.{k}")
        }
    };
    match v {
        Value::Object(m) => m.iter().for_each(|(k, c)| {
            out.push((join(k), c.clone()));
            paths(c, join(k), out);
        }),
        Value::Array(a) => a.iter().enumerate().for_each(|(i, c)| {
            out.push((format!("{at}[{i}]"), c.clone()));
            paths(c, format!("{at}[{i}]"), out);
        }),
        _ => {}
    }
}

/// The JSON pointer of a path (`order_lines[0].name` → `/order_lines/0/name`).
fn pointer(path: &str) -> String {
    let p = path.replace('[', ".").replace(']', "");
    format!("/{}", p.replace('.', "/"))
}

fn read(v: &Value) -> Result<HostedConfig, String> {
    codec::from_json::<HostedConfig>(&v.to_string(), "config")
}

#[wasm_bindgen_test]
fn a_spoiled_value_is_named_by_its_path() {
    let good = full();
    assert!(read(&good).is_ok(), "{:?}", read(&good));
    let mut all = Vec::new();
    paths(&good, String::new(), &mut all);
    let others = [json!(7), json!("x"), json!(true), json!({}), json!([1])];
    let mut tried = 0;
    for (path, value) in &all {
        for other in &others {
            let same_kind = std::mem::discriminant(other) == std::mem::discriminant(value);
            if same_kind {
                continue;
            }
            let mut v = good.clone();
            *v.pointer_mut(&pointer(path)).unwrap() = other.clone();
            let Err(err) = read(&v) else { continue };
            tried += 1;
            assert!(
                err.starts_with(&format!("config.{path}: ")),
                "{path} = {other}: {err}"
            );
        }
    }
    assert!(tried > 100, "only {tried} spoiled values failed to read");
}

#[wasm_bindgen_test]
fn a_missing_field_is_named_with_the_object_it_is_missing_from() {
    let good = full();
    let mut all = Vec::new();
    paths(&good, String::new(), &mut all);
    let mut tried = 0;
    for (path, _) in &all {
        let (parent, key) = match path.rsplit_once('.') {
            Some((p, k)) if !k.contains('[') => (p.to_string(), k),
            None if !path.contains('[') => (String::new(), path.as_str()),
            _ => continue,
        };
        let mut v = good.clone();
        let at = if parent.is_empty() {
            String::new()
        } else {
            pointer(&parent)
        };
        v.pointer_mut(&at)
            .and_then(Value::as_object_mut)
            .unwrap()
            .remove(key);
        let Err(err) = read(&v) else { continue };
        tried += 1;
        let owner = if parent.is_empty() {
            "config".to_string()
        } else {
            format!("config.{parent}")
        };
        assert_eq!(err, format!("{owner}: missing field `{key}`"), "{path}");
    }
    assert!(tried > 15, "only {tried} fields are required");
}

/// A decoder under test: `Err` is its error's text.
type Decode<'a> = &'a dyn Fn(&str) -> Result<(), String>;

/// Each field of `good` given each other JSON type: the failures whose error
/// (`{what}: {path}: …` or `{what}.{path}: …`) names neither the spoiled
/// field nor an item inside it (`command = [1]` names `command[0]`, the item
/// serde read as the tag).
fn unnamed(good: &Value, decode: Decode, what: &str) -> Vec<String> {
    assert_eq!(decode(&good.to_string()), Ok(()));
    let mut all = Vec::new();
    paths(good, String::new(), &mut all);
    let others = [json!(7), json!("x"), json!(true), json!({}), json!([1])];
    let mut failed = Vec::new();
    for (path, value) in &all {
        for other in &others {
            if std::mem::discriminant(other) == std::mem::discriminant(value) {
                continue;
            }
            let mut v = good.clone();
            *v.pointer_mut(&pointer(path)).unwrap() = other.clone();
            let Err(err) = decode(&v.to_string()) else {
                continue;
            };
            let named = [format!("{what}: {path}"), format!("{what}.{path}")]
                .iter()
                .filter_map(|p| err.strip_prefix(p.as_str()))
                .any(|rest| rest.starts_with(": ") || rest.starts_with('['));
            if !named {
                failed.push(format!("{path} = {other}: {err}"));
            }
        }
    }
    failed
}

#[wasm_bindgen_test]
fn a_spoiled_field_of_a_message_or_an_answer_is_named_by_its_path() {
    use checkout_core::api::AuthorizeOutcome;
    use klarna_hosted_checkout::bindings::codec::protocol as wire;
    let message = |t: &str| wire::decode(t).map(|_| ()).map_err(|e| e.to_string());
    let answer = |t: &str| codec::from_json::<AuthorizeOutcome>(t, "authorize").map(|_| ());
    let cases: [(Value, Decode, &str); 4] = [
        (
            json!({"khc": 1, "channel": "a", "type": "command", "id": 1,
                   "command": {"type": "update", "amount": 5, "currency": "EUR"}}),
            &message,
            "message",
        ),
        (
            json!({"khc": 1, "channel": "a", "type": "hello_ack", "version": 1}),
            &message,
            "message",
        ),
        (
            json!({"result": "STEP_UP_REQUIRED", "payment_request_id": "pr",
                   "payment_request_url": "https://u"}),
            &answer,
            "authorize",
        ),
        (
            json!({"result": "APPROVED", "payment_transaction_id": "t", "return_url": "https://r"}),
            &answer,
            "authorize",
        ),
    ];
    for (good, decode, what) in cases {
        let failed = unnamed(&good, decode, what);
        assert!(failed.is_empty(), "{failed:#?}");
    }
}

#[wasm_bindgen_test]
fn a_wrong_item_deep_in_the_longest_array_is_named() {
    // As many order lines as a session may have; the path is still exact
    // (the item is found by halving, within the locator's read budget).
    let max = checkout_core::order::line::MAX_ORDER_LINES;
    let mut v = full();
    let line = v["order_lines"][1].clone();
    v["order_lines"] = Value::Array(vec![line; max]);
    assert!(read(&v).is_ok());
    v["order_lines"][max - 2]["quantity"] = json!("1");
    let started = js_sys::Date::now();
    let err = read(&v).unwrap_err();
    let took = js_sys::Date::now() - started;
    web_sys::console::log_1(&format!("{max} order lines, one wrong: named in {took} ms").into());
    let want = format!(
        "config.order_lines[{}].quantity: invalid type: string",
        max - 2
    );
    assert!(err.starts_with(&want), "{err}");
    v["order_lines"][max - 2]["quantity"] = json!(1);
    v["order_lines"][max - 1]
        .as_object_mut()
        .unwrap()
        .remove("name");
    let err = read(&v).unwrap_err();
    assert_eq!(
        err,
        format!("config.order_lines[{}]: missing field `name`", max - 1)
    );
}
