//! The typed, versioned `postMessage` protocol between the merchant page
//! (`checkout.js`, the npm package) and the hosted page in the iframe.
//!
//! Every message is a JSON string of an [`Envelope`]: the marker `khc` (the
//! protocol version the sender speaks), the per-mount `channel` id, and one
//! [`Message`]. Receivers check the sender's origin and window before they
//! decode; [`decode`] then checks the shape and names what is wrong.
//! The full description is in `docs/protocol.md`.

pub mod inbound;
mod inbound_wire;
mod messages;
mod names;

pub use messages::{CheckoutEvent, Command, Envelope, EventError, Message};

/// Protocol versions this build speaks, newest last.
pub const SUPPORTED_VERSIONS: &[u32] = &[1];

/// Longest message accepted, in bytes (anything larger is not ours).
pub const MAX_MESSAGE_BYTES: usize = 16 * 1024;

/// Longest channel id accepted.
pub const MAX_CHANNEL_LEN: usize = 64;

/// Why a message was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProtocolError {
    /// Larger than [`MAX_MESSAGE_BYTES`].
    TooLarge,
    /// Not JSON, or not an envelope; the text names the field.
    Malformed(String),
    /// Not a version this build speaks.
    UnsupportedVersion(u32),
    /// Channel id empty, too long, or of other characters than `[A-Za-z0-9_-]`.
    BadChannel,
}

impl std::fmt::Display for ProtocolError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ProtocolError::TooLarge => write!(f, "message: larger than {MAX_MESSAGE_BYTES} bytes"),
            ProtocolError::Malformed(m) => write!(f, "message: {m}"),
            ProtocolError::UnsupportedVersion(v) => {
                write!(
                    f,
                    "khc: version {v} is not supported (expected one of {SUPPORTED_VERSIONS:?})"
                )
            }
            ProtocolError::BadChannel => {
                write!(
                    f,
                    "channel: expected 1 to {MAX_CHANNEL_LEN} characters of A-Z a-z 0-9 _ -"
                )
            }
        }
    }
}

/// Whether `c` is a well-formed channel id.
pub fn is_channel(c: &str) -> bool {
    !c.is_empty()
        && c.len() <= MAX_CHANNEL_LEN
        && c.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// Decodes and checks one message. Never panics, whatever the input.
pub fn decode(text: &str) -> Result<Envelope, ProtocolError> {
    if text.len() > MAX_MESSAGE_BYTES {
        return Err(ProtocolError::TooLarge);
    }
    let env: Envelope =
        serde_json::from_str(text).map_err(|e| ProtocolError::Malformed(e.to_string()))?;
    check(&env)?;
    Ok(env)
}

/// The checks of [`decode`] after the shape: version and channel. (The
/// hosted page parses with the browser's `JSON.parse` to stay small, then
/// calls this.)
pub fn check(env: &Envelope) -> Result<(), ProtocolError> {
    if !SUPPORTED_VERSIONS.contains(&env.khc) {
        return Err(ProtocolError::UnsupportedVersion(env.khc));
    }
    if !is_channel(&env.channel) {
        return Err(ProtocolError::BadChannel);
    }
    Ok(())
}

/// The envelope of a message for `channel` in the newest version.
pub fn envelope(channel: &str, message: &Message) -> Envelope {
    Envelope {
        khc: SUPPORTED_VERSIONS[SUPPORTED_VERSIONS.len() - 1],
        channel: channel.to_string(),
        message: message.clone(),
    }
}

/// Encodes a message for `channel` in the newest version.
pub fn encode(channel: &str, message: &Message) -> String {
    // Serializing these types can't fail: no maps with non-string keys, no
    // floats that could be NaN.
    serde_json::to_string(&envelope(channel, message)).unwrap_or_default()
}

/// The version both sides speak: the newest of `offered` that we support.
pub fn negotiate(offered: &[u32]) -> Option<u32> {
    SUPPORTED_VERSIONS
        .iter()
        .rev()
        .find(|v| offered.contains(v))
        .copied()
}

#[cfg(test)]
mod tests;
