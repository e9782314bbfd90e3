//! Property tests of the webhook intake (`webhook::parse_verified`, the pure
//! part of `POST /v1/webhooks/klarna`): it never panics on any body or header,
//! accepts exactly the bodies signed with the named key, and refuses any
//! tampering. Fuzzed further by `fuzz/` (target `webhook_parse`).

use base64::Engine;
use checkout_server::settings::{Secret, SigningKey};
use checkout_server::webhook::{
    event_kind, parse_verified, payload_token, sign, SignatureError, WebhookRejection,
    KEY_ID_HEADER, SIGNATURE_HEADER,
};
use proptest::prelude::*;
use serde_json::{json, Value};

const SECRET: &str = "whsec_prop_secret";

fn keys() -> Vec<SigningKey> {
    vec![
        SigningKey {
            key_id: "k1".into(),
            secret: Secret::new(SECRET),
        },
        SigningKey {
            key_id: "k2".into(),
            secret: Secret::new("another"),
        },
    ]
}

fn envelope() -> impl Strategy<Value = Value> {
    let kind = prop::sample::select(vec![
        "completed",
        "expired",
        "canceled",
        "declined",
        "submitted",
        "",
        "x.y",
    ]);
    (kind, ".{0,20}", prop::option::of(".{0,30}"), any::<bool>()).prop_map(
        |(kind, event_id, token, nested)| {
            let mut payload =
                json!({"payment_request_id": "krn:pr:1", "payment_request_reference": "hcs_1"});
            if let Some(t) = token {
                if nested {
                    payload["state_context"] = json!({"klarna_network_session_token": t});
                } else {
                    payload["klarna_network_session_token"] = json!(t);
                }
            }
            json!({"metadata": {"event_type": format!("payment.request.state-change.{kind}"),
                                "event_id": event_id}, "payload": payload})
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn any_body_and_headers_are_refused_or_verified_never_a_panic(
        body in prop::collection::vec(any::<u8>(), 0..300),
        key_id in prop::option::of(".{0,8}"),
        signature in prop::option::of(".{0,90}"),
    ) {
        let r = parse_verified(&keys(), key_id.as_deref(), signature.as_deref(), &body);
        // A made-up signature never verifies (it would have to be an HMAC of these bytes).
        let e = r.expect_err("an unsigned body got through");
        let _ = (e.field(), e.to_string());
    }

    #[test]
    fn signed_envelopes_verify_in_hex_and_base64_and_any_tamper_is_refused(
        env in envelope(),
        flip in any::<prop::sample::Index>(),
        bit in 0u8..8,
    ) {
        let body = env.to_string().into_bytes();
        let hex_sig = sign(SECRET, &body);
        let raw = hex::decode(&hex_sig).unwrap();
        let b64 = base64::engine::general_purpose::STANDARD.encode(&raw);
        let event_id = env["metadata"]["event_id"].as_str().unwrap();
        let sigs = if checkout_core::text::check_text(event_id, 1, 255).is_ok() {
            vec![hex_sig.clone(), b64, format!("sha256={hex_sig}")]
        } else {
            // Empty, blank or with hidden controls: signed, yet refused naming it.
            let e = parse_verified(&keys(), Some("k1"), Some(&hex_sig), &body).unwrap_err();
            prop_assert_eq!(e.field(), "metadata.event_id");
            vec![]
        };
        for sig in sigs {
            let parsed = parse_verified(&keys(), Some("k1"), Some(&sig), &body).unwrap();
            prop_assert_eq!(&parsed.metadata.event_id, env["metadata"]["event_id"].as_str().unwrap());
            prop_assert!(!event_kind(&parsed.metadata.event_type).contains('.'));
            let token = env["payload"].get("klarna_network_session_token")
                .or_else(|| env["payload"].pointer("/state_context/klarna_network_session_token"))
                .and_then(Value::as_str);
            prop_assert_eq!(payload_token(&parsed.payload), token);
        }
        // Another key's id, a flipped bit of the body, a missing header: refused.
        prop_assert_eq!(
            parse_verified(&keys(), Some("k2"), Some(&hex_sig), &body).unwrap_err(),
            WebhookRejection::Signature(SignatureError::Mismatch)
        );
        let mut tampered = body.clone();
        let i = flip.index(tampered.len());
        tampered[i] ^= 1 << bit;
        prop_assert_eq!(
            parse_verified(&keys(), Some("k1"), Some(&hex_sig), &tampered).unwrap_err(),
            WebhookRejection::Signature(SignatureError::Mismatch)
        );
        prop_assert_eq!(
            parse_verified(&keys(), None, Some(&hex_sig), &body).unwrap_err().field(),
            KEY_ID_HEADER
        );
        prop_assert_eq!(
            parse_verified(&keys(), Some("k1"), Some(""), &body).unwrap_err().field(),
            SIGNATURE_HEADER
        );
        prop_assert_eq!(
            parse_verified(&keys(), Some("k9"), Some(&hex_sig), &body).unwrap_err(),
            WebhookRejection::Signature(SignatureError::UnknownKey)
        );
    }

    #[test]
    fn signed_bodies_that_are_not_envelopes_are_named_bad_json(body in prop::collection::vec(any::<u8>(), 0..200)) {
        let sig = sign(SECRET, &body);
        match parse_verified(&keys(), Some("k1"), Some(&sig), &body) {
            Ok(env) => prop_assert!(serde_json::from_slice::<Value>(&body).is_ok(), "{:?}", env),
            // Random bytes that happen to be an envelope with a bad field name it.
            Err(e) if e.field() != "$" => prop_assert!(serde_json::from_slice::<Value>(&body).is_ok()),
            Err(_) => {}
        }
    }
}
