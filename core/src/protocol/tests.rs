//! Round trips, wire shapes, refusals and version negotiation of the
//! `postMessage` protocol.

use super::*;

#[test]
fn round_trip_every_message() {
    let msgs = vec![
        Message::Hello { versions: vec![1] },
        Message::HelloAck { version: 1 },
        Message::Event {
            event: CheckoutEvent::Ready,
        },
        Message::Event {
            event: CheckoutEvent::Availability {
                instruction: "HIDE_KLARNA".into(),
            },
        },
        Message::Event {
            event: CheckoutEvent::Resize { height: 420 },
        },
        Message::Event {
            event: CheckoutEvent::Authorized {
                payment_transaction_id: "krn:t".into(),
            },
        },
        Message::Event {
            event: CheckoutEvent::Error {
                code: "sdk_load_failed".into(),
                message: "x".into(),
                klarna_code: None,
            },
        },
        Message::Event {
            event: CheckoutEvent::Error {
                code: "payment_failed".into(),
                message: "x".into(),
                klarna_code: Some("RESOURCE_NOT_FOUND".into()),
            },
        },
        Message::Event {
            event: CheckoutEvent::PaymentMethodSelected {
                method: "klarna".into(),
                payment_option_id: Some("po_1".into()),
            },
        },
        Message::Event {
            event: CheckoutEvent::PaymentMethodSelected {
                method: "card".into(),
                payment_option_id: None,
            },
        },
        Message::Command {
            id: 7,
            command: Command::Update {
                amount: Some(5),
                currency: None,
                locale: None,
            },
        },
        Message::Command {
            id: 8,
            command: Command::SetNetworkSessionToken {
                token: "krn:x".into(),
            },
        },
        Message::Reply {
            id: 8,
            ok: false,
            error: Some(EventError {
                code: "c".into(),
                message: "m".into(),
            }),
        },
    ];
    for m in msgs {
        let text = encode("ch_1", &m);
        let env = decode(&text).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(env.message, m);
        assert_eq!(env.channel, "ch_1");
    }
}

#[test]
fn wire_shape_is_flat_and_snake_case() {
    let text = encode(
        "abc",
        &Message::Event {
            event: CheckoutEvent::Resize { height: 10 },
        },
    );
    assert_eq!(
        text,
        r#"{"khc":1,"channel":"abc","type":"event","event":{"type":"resize","height":10}}"#
    );
}

#[test]
fn refusals_name_the_problem() {
    let cases: Vec<(String, &str)> = vec![
        ("not json".into(), "message:"),
        (r#"{"khc":1,"channel":"a","type":"nope"}"#.into(), "unknown variant"),
        (r#"{"khc":2,"channel":"a","type":"hello","versions":[1]}"#.into(), "version 2"),
        (r#"{"khc":1,"channel":"a b","type":"hello","versions":[1]}"#.into(), "channel"),
        (r#"{"khc":1,"channel":"","type":"hello","versions":[1]}"#.into(), "channel"),
        (r#"{"khc":1,"channel":"a","type":"hello_ack","version":1,"extra":1}"#.into(), "unknown field"),
        (r#"{"khc":1,"channel":"a","type":"command","id":1,"command":{"type":"update","amount":"5"}}"#.into(), "invalid type"),
        (format!(r#"{{"khc":1,"channel":"a","type":"hello","versions":[{}]}}"#, "1,".repeat(9000) + "1"), "larger"),
    ];
    for (text, want) in cases {
        let err = decode(&text)
            .expect_err(&text[..text.len().min(80)])
            .to_string();
        assert!(err.contains(want), "{err} should mention {want}");
    }
}

#[test]
fn negotiation_picks_the_newest_common_version() {
    assert_eq!(negotiate(&[1, 2, 3]), Some(1));
    assert_eq!(negotiate(&[2]), None);
    assert!(is_channel("khc_0123-abc") && !is_channel("a/b"));
}
