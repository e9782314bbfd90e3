//! Klarna webhook signatures and envelopes, without I/O (the server's
//! intake and the fuzz target share them).
//!
//! `Klarna-Signature` is the HMAC-SHA256 of the raw body with the key named by
//! `Klarna-Signing-Key-Id`; hex and base64 encodings are accepted and checked
//! in constant time (`hmac`'s `verify_slice`).

use base64::Engine;
use hmac::{Hmac, Mac};
use serde::Deserialize;
use serde_json::Value;
use sha2::Sha256;

use crate::text::check_text;

/// Header naming the signing key.
pub const KEY_ID_HEADER: &str = "Klarna-Signing-Key-Id";
/// Header carrying the signature.
pub const SIGNATURE_HEADER: &str = "Klarna-Signature";
/// Event type of a completed payment request.
pub const COMPLETED: &str = "payment.request.state-change.completed";
/// Longest `metadata.event_id` and `metadata.event_type` taken (characters).
pub const MAX_EVENT_TEXT: usize = 255;

/// Why a webhook's signature was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignatureError {
    /// No key with that id is configured.
    UnknownKey,
    /// The signature is neither hex nor base64.
    Malformed,
    /// The signature does not match the body.
    Mismatch,
}

impl std::fmt::Display for SignatureError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            SignatureError::UnknownKey => "unknown Klarna-Signing-Key-Id",
            SignatureError::Malformed => "Klarna-Signature is neither hex nor base64",
            SignatureError::Mismatch => "Klarna-Signature does not match the body",
        })
    }
}

fn mac(secret: &str) -> Hmac<Sha256> {
    // HMAC accepts keys of any length, so this never fails.
    Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key length")
}

/// Signs `body` with `secret`: hex HMAC-SHA256.
pub fn sign(secret: &str, body: &[u8]) -> String {
    let mut m = mac(secret);
    m.update(body);
    hex::encode(m.finalize().into_bytes())
}

fn decode_signature(sig: &str) -> Option<Vec<u8>> {
    let sig = sig.trim();
    let sig = sig.strip_prefix("sha256=").unwrap_or(sig);
    if sig.len() == 64 {
        if let Ok(b) = hex::decode(sig) {
            return Some(b);
        }
    }
    let engines = [
        &base64::engine::general_purpose::STANDARD,
        &base64::engine::general_purpose::STANDARD_NO_PAD,
        &base64::engine::general_purpose::URL_SAFE,
        &base64::engine::general_purpose::URL_SAFE_NO_PAD,
    ];
    engines
        .iter()
        .find_map(|e| e.decode(sig).ok())
        .filter(|b| b.len() == 32)
}

/// A signing key: its id and secret.
#[derive(Clone, Copy)]
pub struct Key<'a> {
    /// `Klarna-Signing-Key-Id`.
    pub key_id: &'a str,
    /// The shared secret.
    pub secret: &'a str,
}

/// Verifies a webhook signature against the configured keys.
pub fn verify(
    keys: &[Key<'_>],
    key_id: &str,
    signature: &str,
    body: &[u8],
) -> Result<(), SignatureError> {
    let key = keys
        .iter()
        .find(|k| k.key_id == key_id)
        .ok_or(SignatureError::UnknownKey)?;
    let sig = decode_signature(signature).ok_or(SignatureError::Malformed)?;
    let mut m = mac(key.secret);
    m.update(body);
    m.verify_slice(&sig).map_err(|_| SignatureError::Mismatch)
}

/// Why a webhook request was refused before it was handled (all `400`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WebhookRejection {
    /// A required header is missing or empty (names it).
    MissingHeader(&'static str),
    /// The signature does not verify.
    Signature(SignatureError),
    /// The verified body is not an envelope `{metadata: {event_type, event_id}, payload?}`.
    Body(String),
    /// The envelope parsed but a field of it is malformed (names it:
    /// `metadata.event_id`, `metadata.event_type`, `payload`).
    Field(&'static str, String),
}

impl WebhookRejection {
    /// The request field the rejection is about (a header name or `$`).
    pub fn field(&self) -> &'static str {
        match self {
            WebhookRejection::MissingHeader(h) => h,
            WebhookRejection::Signature(SignatureError::UnknownKey) => KEY_ID_HEADER,
            WebhookRejection::Signature(_) => SIGNATURE_HEADER,
            WebhookRejection::Body(_) => "$",
            WebhookRejection::Field(field, _) => field,
        }
    }
}

impl std::fmt::Display for WebhookRejection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WebhookRejection::MissingHeader(_) => f.write_str("header is required"),
            WebhookRejection::Signature(e) => e.fmt(f),
            WebhookRejection::Body(m) | WebhookRejection::Field(_, m) => f.write_str(m),
        }
    }
}

/// The whole intake of a webhook request, without I/O: both headers present,
/// the signature verified over the raw `body` with the named key, then the
/// envelope parsed. Never panics, whatever the input (fuzzed in `fuzz/`).
pub fn parse_verified(
    keys: &[Key<'_>],
    key_id: Option<&str>,
    signature: Option<&str>,
    body: &[u8],
) -> Result<Envelope, WebhookRejection> {
    let key_id = key_id
        .filter(|v| !v.is_empty())
        .ok_or(WebhookRejection::MissingHeader(KEY_ID_HEADER))?;
    let signature = signature
        .filter(|v| !v.is_empty())
        .ok_or(WebhookRejection::MissingHeader(SIGNATURE_HEADER))?;
    verify(keys, key_id, signature, body).map_err(WebhookRejection::Signature)?;
    parse_envelope(body)
}

/// Parses a (verified) body as an envelope and checks what the intake
/// keeps of it: `metadata.event_id` and `metadata.event_type` 1 to
/// [`MAX_EVENT_TEXT`] characters, not blank, no control or bidirectional
/// formatting characters (the id is the dedupe key and both are logged);
/// `payload` an object when present (`null` reads as absent).
pub fn parse_envelope(body: &[u8]) -> Result<Envelope, WebhookRejection> {
    let env: Envelope =
        serde_json::from_slice(body).map_err(|e| WebhookRejection::Body(e.to_string()))?;
    let m = &env.metadata;
    for (field, text) in [
        ("metadata.event_id", &m.event_id),
        ("metadata.event_type", &m.event_type),
    ] {
        check_text(text, 1, MAX_EVENT_TEXT).map_err(|r| WebhookRejection::Field(field, r))?;
    }
    if !(env.payload.is_object() || env.payload.is_null()) {
        return Err(WebhookRejection::Field(
            "payload",
            "expected an object".into(),
        ));
    }
    Ok(env)
}

/// The state-change kind of an event type: its last `.`-separated part
/// (`payment.request.state-change.completed` → `completed`).
pub fn event_kind(event_type: &str) -> &str {
    event_type.rsplit('.').next().unwrap_or("")
}

/// `metadata` of a webhook envelope (extra fields are ignored).
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
pub struct Metadata {
    /// e.g. `payment.request.state-change.completed`.
    pub event_type: String,
    /// Unique per event; deliveries of the same event repeat it.
    pub event_id: String,
    /// When the event happened at Klarna (RFC 3339), when given.
    #[serde(default)]
    pub occurred_at: Option<String>,
    /// `true` for live, `false` for test events (absent in older envelopes).
    #[serde(default)]
    pub live: Option<bool>,
}

/// A webhook envelope `{metadata, payload}`.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
pub struct Envelope {
    /// Event metadata.
    pub metadata: Metadata,
    /// Event payload.
    #[serde(default)]
    pub payload: Value,
}

/// The network session token of a completed payment request's payload,
/// wherever Klarna put it (current and legacy names).
pub fn payload_token(payload: &Value) -> Option<&str> {
    let paths = [
        "/klarna_network_session_token",
        "/state_context/klarna_network_session_token",
        "/interoperability_token",
        "/state_context/interoperability_token",
        "/payment_token",
        "/state_context/payment_token",
    ];
    paths
        .iter()
        .find_map(|p| payload.pointer(p).and_then(Value::as_str))
}

#[cfg(test)]
mod tests;
