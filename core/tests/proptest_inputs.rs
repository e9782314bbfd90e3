//! Property tests of the untrusted inputs core decodes (issue 5, "Bad input"):
//! session validation and the postMessage protocol decoder never panic,
//! whatever they get, and what they accept keeps its invariants. The same
//! inputs are fuzzed by `fuzz/` (cargo-fuzz); these bounded runs keep them
//! covered by a plain `cargo test`.

use checkout_core::money::MAX_AMOUNT_MINOR;
use checkout_core::protocol::{
    decode, encode, CheckoutEvent, Command, EventError, Message, MAX_MESSAGE_BYTES,
};
use checkout_core::session::{lines_total, validate_new_session, validate_patch};
use proptest::prelude::*;
use serde_json::{json, Map, Value};

const SESSION_KEYS: &[&str] = &[
    "amount",
    "currency",
    "country",
    "locale",
    "merchant_reference",
    "order_lines",
    "customer",
    "email",
    "return_url",
    "allowed_origins",
    "intents",
    "klarna_network_session_token",
    "interoperability_token",
    "klarna_network_data",
    "interoperability_data",
    "name",
    "quantity",
    "unit_price",
    "total_amount",
    "image_url",
    "product_url",
];

const PROTOCOL_KEYS: &[&str] = &[
    "khc",
    "channel",
    "type",
    "versions",
    "version",
    "event",
    "command",
    "id",
    "ok",
    "error",
    "code",
    "message",
    "instruction",
    "height",
    "method",
    "payment_transaction_id",
    "amount",
    "currency",
    "locale",
    "token",
];

const WORDS: &[&str] = &[
    "EUR",
    "SEK",
    "DE",
    "SE",
    "de-DE",
    "en-DE",
    "sv-SE",
    "PAY",
    "https://shop.example",
    "https://shop.example/return",
    "customer+de@klarna.com",
    "hello",
    "hello_ack",
    "event",
    "command",
    "reply",
    "ch_1",
    "",
    " ",
    "\u{0}",
    "é",
];

/// [`WORDS`] and the protocol's event and command names.
fn words() -> Vec<&'static str> {
    WORDS
        .iter()
        .chain(&checkout_core::protocol::CheckoutEvent::TYPES)
        .chain(&checkout_core::protocol::Command::TYPES)
        .copied()
        .collect()
}

fn key(known: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(known).prop_map(str::to_string),
        1 => ".{0,12}",
    ]
}

fn number() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<i64>().prop_map(|n| json!(n)),
        any::<u64>().prop_map(|n| json!(n)),
        prop::sample::select(vec![
            0i64,
            1,
            -1,
            100,
            11_800,
            MAX_AMOUNT_MINOR,
            MAX_AMOUNT_MINOR + 1,
            i64::MAX,
            i64::MIN,
            u32::MAX as i64,
        ])
        .prop_map(|n| json!(n)),
        any::<f64>().prop_filter_map("finite", |f| serde_json::Number::from_f64(f)
            .map(Value::Number)),
    ]
}

/// Any JSON value, biased towards the keys and words of `known`.
fn json_value(known: &'static [&'static str]) -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        number(),
        ".{0,24}".prop_map(Value::String),
        prop::sample::select(words()).prop_map(|s| Value::String(s.to_string())),
    ];
    leaf.prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((key(known), inner), 0..8)
                .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

fn valid_session() -> Value {
    json!({
        "amount": 11800, "currency": "EUR", "country": "DE", "locale": "de-DE",
        "merchant_reference": "order-123",
        "order_lines": [{"name": "Sneakers", "quantity": 1, "unit_price": 11800, "total_amount": 11800}],
        "customer": {"email": "customer+de@klarna.com"},
        "return_url": "https://shop.example/return",
        "allowed_origins": ["https://shop.example"],
        "intents": ["PAY"],
        "klarna_network_session_token": "krn:network:1",
        "klarna_network_data": "{}"
    })
}

/// A valid session with some fields replaced, removed or added.
fn mutated_session() -> impl Strategy<Value = Value> {
    let edit = (
        key(SESSION_KEYS),
        prop::option::of(json_value(SESSION_KEYS)),
    );
    (
        prop::collection::vec(edit, 1..5),
        prop::option::of(json_value(SESSION_KEYS)),
    )
        .prop_map(|(edits, line)| {
            let mut v = valid_session();
            for (k, val) in edits {
                let obj = v.as_object_mut().unwrap();
                match val {
                    Some(val) => obj.insert(k, val),
                    None => obj.remove(&k),
                };
            }
            if let Some(line) = line {
                if let Some(lines) = v.get_mut("order_lines").and_then(Value::as_array_mut) {
                    lines.push(line);
                }
            }
            v
        })
}

fn check_session(v: &Value) {
    match validate_new_session(v) {
        Ok(s) => {
            assert!(s.amount > 0 && s.amount <= MAX_AMOUNT_MINOR);
            assert!(s.order_lines.is_empty() || lines_total(&s.order_lines) == Some(s.amount));
            assert!(!s.intents.is_empty());
        }
        Err(errors) => {
            assert!(!errors.is_empty());
            assert!(errors
                .iter()
                .all(|e| !e.path.is_empty() && !e.reason.is_empty()));
        }
    }
    match validate_patch(v, "DE") {
        Ok(p) => {
            if let (Some(a), Some(lines)) = (p.amount, &p.order_lines) {
                assert!(lines.is_empty() || lines_total(lines) == Some(a));
            }
        }
        Err(errors) => assert!(!errors.is_empty()),
    }
}

#[test]
fn huge_line_totals_cannot_wrap_around_to_the_amount() {
    // i64::MAX + i64::MAX + 102 wraps to 100: the sum must not overflow.
    let line = |t: i64| json!({"name": "x", "quantity": 1, "unit_price": t, "total_amount": t});
    let mut v = valid_session();
    v["amount"] = json!(100);
    v["order_lines"] = json!([line(i64::MAX), line(i64::MAX), line(102)]);
    let errors = validate_new_session(&v).expect_err("must be refused");
    assert!(errors.iter().any(|e| e.path == "order_lines"), "{errors:?}");
    let patch = json!({"amount": 100, "order_lines": v["order_lines"].clone()});
    let errors = validate_patch(&patch, "DE").expect_err("must be refused");
    assert!(errors.iter().any(|e| e.path == "order_lines"), "{errors:?}");
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        ".{0,16}",
        prop::sample::select(words()).prop_map(str::to_string)
    ]
}

fn event() -> impl Strategy<Value = CheckoutEvent> {
    prop_oneof![
        Just(CheckoutEvent::Ready),
        text().prop_map(|instruction| CheckoutEvent::Availability { instruction }),
        any::<u32>().prop_map(|height| CheckoutEvent::Resize { height }),
        (text(), proptest::option::of(text())).prop_map(|(method, payment_option_id)| {
            CheckoutEvent::PaymentMethodSelected {
                method,
                payment_option_id,
            }
        }),
        text().prop_map(|payment_transaction_id| CheckoutEvent::Authorized {
            payment_transaction_id
        }),
        Just(CheckoutEvent::Declined),
        Just(CheckoutEvent::Aborted),
        (text(), text(), proptest::option::of(text())).prop_map(|(code, message, klarna_code)| {
            CheckoutEvent::Error {
                code,
                message,
                klarna_code,
            }
        }),
    ]
}

fn message() -> impl Strategy<Value = Message> {
    let command = prop_oneof![
        (
            prop::option::of(any::<i64>()),
            prop::option::of(text()),
            prop::option::of(text())
        )
            .prop_map(|(amount, currency, locale)| Command::Update {
                amount,
                currency,
                locale
            }),
        text().prop_map(|token| Command::SetNetworkSessionToken { token }),
    ];
    prop_oneof![
        prop::collection::vec(any::<u32>(), 0..5).prop_map(|versions| Message::Hello { versions }),
        any::<u32>().prop_map(|version| Message::HelloAck { version }),
        event().prop_map(|event| Message::Event { event }),
        (any::<u32>(), command).prop_map(|(id, command)| Message::Command { id, command }),
        (
            any::<u32>(),
            any::<bool>(),
            prop::option::of(
                (text(), text()).prop_map(|(code, message)| EventError { code, message })
            )
        )
            .prop_map(|(id, ok, error)| Message::Reply { id, ok, error }),
    ]
}

fn channel() -> impl Strategy<Value = String> {
    "[A-Za-z0-9_-]{1,64}"
}

fn check_decode(text: &str) {
    if let Ok(env) = decode(text) {
        let again = encode(&env.channel, &env.message);
        let back = decode(&again).unwrap_or_else(|e| panic!("{again}: {e}"));
        assert_eq!(back, env);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 384, ..ProptestConfig::default() })]

    #[test]
    fn session_validation_never_panics_on_any_json(v in json_value(SESSION_KEYS)) {
        check_session(&v);
    }

    #[test]
    fn session_validation_never_panics_on_near_valid_bodies(v in mutated_session()) {
        check_session(&v);
    }

    #[test]
    fn session_validation_never_panics_on_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        if let Ok(v) = serde_json::from_slice::<Value>(&bytes) {
            check_session(&v);
        }
    }

    #[test]
    fn the_decoder_never_panics_on_any_string(s in ".{0,256}") {
        check_decode(&s);
    }

    #[test]
    fn the_decoder_never_panics_on_envelope_shaped_json(v in json_value(PROTOCOL_KEYS)) {
        check_decode(&v.to_string());
        // The same with the routing fields right, so the message body is what varies.
        if let Value::Object(mut m) = v {
            m.insert("khc".into(), json!(1));
            m.insert("channel".into(), json!("ch_1"));
            check_decode(&Value::Object(m).to_string());
        }
    }

    #[test]
    fn every_message_round_trips(ch in channel(), m in message()) {
        let text = encode(&ch, &m);
        if text.len() <= MAX_MESSAGE_BYTES {
            let env = decode(&text).unwrap_or_else(|e| panic!("{text}: {e}"));
            prop_assert_eq!(env.channel, ch);
            prop_assert_eq!(env.message, m);
        }
    }
}
