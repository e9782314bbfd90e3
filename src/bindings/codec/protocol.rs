//! The postMessage protocol (`checkout_core::protocol`) on the hosted page:
//! it writes `hello`, `event` and `reply`, and reads `hello_ack` and
//! `command` (`checkout_core::protocol::inbound`), with `checkout_core`'s own
//! serde derives (unknown fields and types are refused, as
//! `checkout_core::protocol::decode` refuses them).

use super::{from_json, to_json};
use checkout_core::protocol::inbound::InboundEnvelope;
use checkout_core::protocol::{check, Envelope, ProtocolError, MAX_MESSAGE_BYTES};

/// Encodes an envelope as JSON text.
pub fn encode(env: &Envelope) -> String {
    to_json(env)
}

/// Decodes a message sent to the hosted page; only `hello_ack` and `command`
/// are messages it takes. Never panics, whatever the input.
pub fn decode(text: &str) -> Result<Envelope, ProtocolError> {
    if text.len() > MAX_MESSAGE_BYTES {
        return Err(ProtocolError::TooLarge);
    }
    // `ProtocolError::Malformed` prints as `message: …`: the path follows.
    // Read as the two messages the page takes (`checkout_core`'s own type of
    // them): any other `type` is refused by name, and the module carries no
    // decoder of the messages it only sends.
    let env: Envelope = from_json::<InboundEnvelope>(text, "")
        .map_err(|e| ProtocolError::Malformed(e.strip_prefix(": ").unwrap_or(&e).to_string()))?
        .into();
    check(&env)?;
    Ok(env)
}
