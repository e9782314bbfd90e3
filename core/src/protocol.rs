//! The typed, versioned `postMessage` protocol between the merchant page
//! (`checkout.js`, the npm package) and the hosted page in the iframe.
//!
//! Every message is a JSON string of an [`Envelope`]: the marker `khc` (the
//! protocol version the sender speaks), the per-mount `channel` id, and one
//! [`Message`]. Receivers check the sender's origin and window before they
//! decode; [`decode`] then checks the shape and names what is wrong.
//! The full description is in `docs/protocol.md`.

use serde::{Deserialize, Serialize};

pub mod inbound;

/// Protocol versions this build speaks, newest last.
pub const SUPPORTED_VERSIONS: &[u32] = &[1];

/// Longest message accepted, in bytes (anything larger is not ours).
pub const MAX_MESSAGE_BYTES: usize = 16 * 1024;

/// Longest channel id accepted.
pub const MAX_CHANNEL_LEN: usize = 64;

/// One protocol message with its routing fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Envelope {
    /// Protocol marker and the sender's version.
    pub khc: u32,
    /// Per-mount channel id chosen by the merchant page.
    pub channel: String,
    /// The message.
    #[serde(flatten)]
    pub message: Message,
}

/// What travels between the two windows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Message {
    /// Hosted page → merchant page: first message, with the versions it speaks.
    Hello {
        /// Supported protocol versions.
        versions: Vec<u32>,
    },
    /// Merchant page → hosted page: the chosen version; the channel is open.
    HelloAck {
        /// Chosen version.
        version: u32,
    },
    /// Hosted page → merchant page: something happened.
    Event {
        /// The event.
        event: CheckoutEvent,
    },
    /// Merchant page → hosted page: please do something.
    Command {
        /// Request id, echoed in the reply.
        id: u32,
        /// What to do.
        command: Command,
    },
    /// Hosted page → merchant page: the answer to a command.
    Reply {
        /// The command's id.
        id: u32,
        /// Whether it succeeded.
        ok: bool,
        /// Why not, when it failed.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        error: Option<EventError>,
    },
}

/// A stable error for the merchant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventError {
    /// Stable code, e.g. `sdk_load_failed`.
    pub code: String,
    /// Details for developers.
    pub message: String,
}

/// Events of the public browser API (`onEvent`, `CustomEvent`s on the target).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum CheckoutEvent {
    /// Klarna's state is known and the page is interactive.
    Ready,
    /// Klarna's presentation instruction (e.g. `HIDE_KLARNA`: Klarna is not offered).
    Availability {
        /// The instruction.
        instruction: String,
    },
    /// The hosted page's content height changed.
    Resize {
        /// Height in CSS pixels.
        height: u32,
    },
    /// The shopper chose a method: one of the acquirer's others, or Klarna
    /// (`method: "klarna"`) with the Klarna choice (standard or saved option).
    PaymentMethodSelected {
        /// The method id.
        method: String,
        /// Klarna's `paymentOptionId` of the chosen Klarna option, when
        /// Klarna was chosen and its SDK names one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        payment_option_id: Option<String>,
    },
    /// Klarna authorized the payment.
    Authorized {
        /// Klarna's transaction id.
        payment_transaction_id: String,
    },
    /// Klarna declined.
    Declined,
    /// The shopper closed Klarna before finishing.
    Aborted,
    /// Something failed.
    Error {
        /// Stable code.
        code: String,
        /// Details.
        message: String,
        /// Klarna's own `errorCode` (its SDK's `PaymentError`), when Klarna
        /// reported the failure.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        klarna_code: Option<String>,
    },
}

/// Commands of the public browser API.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Command {
    /// The order changed: re-read the session and ask Klarna again.
    Update {
        /// New amount (minor units), already set on the session by the merchant server.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        amount: Option<i64>,
        /// New currency.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        currency: Option<String>,
        /// New locale (rendering changes at once, without a remount).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        locale: Option<String>,
    },
    /// A network session token from the merchant's page.
    SetNetworkSessionToken {
        /// The token, verbatim.
        token: String,
    },
}

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
mod tests {
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
}
