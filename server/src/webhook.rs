//! Klarna webhooks on the server: the configured signing keys applied to the
//! pure intake in `checkout_core::webhook`, and the envelope the sandbox sends.

use crate::settings::SigningKey;
use crate::{clock, ids};
use serde_json::{json, Value};

pub use checkout_core::webhook::{
    event_kind, parse_envelope, payload_token, sign, Envelope, Metadata, SignatureError,
    WebhookRejection, COMPLETED, KEY_ID_HEADER, SIGNATURE_HEADER,
};

fn keys_of(keys: &[SigningKey]) -> Vec<checkout_core::webhook::Key<'_>> {
    keys.iter()
        .map(|k| checkout_core::webhook::Key {
            key_id: &k.key_id,
            secret: k.secret.expose(),
        })
        .collect()
}

/// Verifies a webhook signature against the configured keys.
pub fn verify(
    keys: &[SigningKey],
    key_id: &str,
    signature: &str,
    body: &[u8],
) -> Result<(), SignatureError> {
    checkout_core::webhook::verify(&keys_of(keys), key_id, signature, body)
}

/// The whole intake of a webhook request, without I/O (see
/// `checkout_core::webhook::parse_verified`).
pub fn parse_verified(
    keys: &[SigningKey],
    key_id: Option<&str>,
    signature: Option<&str>,
    body: &[u8],
) -> Result<Envelope, WebhookRejection> {
    checkout_core::webhook::parse_verified(&keys_of(keys), key_id, signature, body)
}

/// The envelope the sandbox sends when a payment request completes.
pub fn completed_envelope(payment_request_id: &str, reference: &str, token: &str) -> Value {
    json!({
        "metadata": {
            "event_type": COMPLETED,
            "event_id": format!("sandbox-event-{}", ids::random_hex(16)),
            "event_version": "v2",
            "occurred_at": clock::format(clock::now()),
            "subject_account_id": "sandbox",
            "recipient_account_id": "sandbox",
            "product_instance_id": "sandbox",
            "webhook_id": "sandbox",
            "live": false,
        },
        "payload": {
            "payment_request_id": payment_request_id,
            "payment_request_reference": reference,
            "state": "COMPLETED",
            "klarna_network_session_token": token,
            "state_context": {"klarna_network_session_token": token},
        },
    })
}
