//! Signatures, envelope checks and where the token is found.

use super::*;
use serde_json::json;

#[test]
fn hex_and_base64_signatures_verify() {
    let keys = [Key {
        key_id: "k1",
        secret: "s3cret",
    }];
    let body = br#"{"a":1}"#;
    let hex_sig = sign("s3cret", body);
    let b64 = base64::engine::general_purpose::STANDARD.encode(hex::decode(&hex_sig).unwrap());
    assert_eq!(verify(&keys, "k1", &hex_sig, body), Ok(()));
    assert_eq!(verify(&keys, "k1", &b64, body), Ok(()));
    assert_eq!(
        verify(&keys, "k2", &hex_sig, body),
        Err(SignatureError::UnknownKey)
    );
    assert_eq!(
        verify(&keys, "k1", &hex_sig, b"{}"),
        Err(SignatureError::Mismatch)
    );
    assert_eq!(
        verify(&keys, "k1", "not a sig!", body),
        Err(SignatureError::Malformed)
    );
}

#[test]
fn envelope_fields_are_checked_and_named() {
    let env = |id: Value, payload: Value| {
        json!({"metadata": {"event_type": COMPLETED, "event_id": id}, "payload": payload})
            .to_string()
    };
    let field = |body: String| {
        parse_envelope(body.as_bytes())
            .map(|_| ())
            .map_err(|e| e.field())
    };
    assert!(field(env(json!("ev-1"), json!({}))).is_ok());
    assert!(field(env(json!("ev-1"), Value::Null)).is_ok());
    assert!(field(json!({"metadata": {"event_type": "t", "event_id": "e"}}).to_string()).is_ok());
    for (id, payload, want) in [
        (json!(""), json!({}), "metadata.event_id"),
        (json!("  "), json!({}), "metadata.event_id"),
        (json!("x".repeat(100_000)), json!({}), "metadata.event_id"),
        (json!("ev\u{1b}[2J"), json!({}), "metadata.event_id"),
        (json!("ev-1"), json!("x"), "payload"),
        (json!("ev-1"), json!([1]), "payload"),
        (json!("ev-1"), json!(3), "payload"),
    ] {
        assert_eq!(field(env(id.clone(), payload)), Err(want), "{id}");
    }
    let long_type = json!({"metadata": {"event_type": "t".repeat(256), "event_id": "e"}});
    assert_eq!(field(long_type.to_string()), Err("metadata.event_type"));
    assert_eq!(field("[]".into()), Err("$"));
}

#[test]
fn token_found_at_every_documented_place() {
    for p in [
        json!({"klarna_network_session_token": "t"}),
        json!({"state_context": {"interoperability_token": "t"}}),
        json!({"payment_token": "t"}),
    ] {
        assert_eq!(payload_token(&p), Some("t"));
    }
    assert_eq!(payload_token(&json!({})), None);
}
