//! The messages the hosted page takes (`hello_ack` and `command`) as a type
//! of their own: the wire shape of [`super::Envelope`] with only those two
//! [`super::Message`]s. A reader of just these (the hosted page's
//! WebAssembly) then carries no decoder of the messages it only sends
//! (`hello`, `event`, `reply`); any other `type` is refused by name.

use super::{Command, Envelope, Message};
use serde::Deserialize;

/// A message for the hosted page, with its routing fields. Read through a
/// flat form of its own (`inbound_wire`), not serde's tagged buffering.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(try_from = "super::inbound_wire::Flat")]
pub struct InboundEnvelope {
    /// Protocol marker and the sender's version.
    pub khc: u32,
    /// Per-mount channel id.
    pub channel: String,
    /// The message.
    pub message: Inbound,
}

/// What the merchant page sends the hosted page (on the wire, `type` names
/// it: `hello_ack` or `command`, with the variant's fields beside it).
#[derive(Debug, Clone, PartialEq)]
pub enum Inbound {
    /// See [`Message::HelloAck`].
    HelloAck {
        /// Chosen version.
        version: u32,
    },
    /// See [`Message::Command`].
    Command {
        /// Request id, echoed in the reply.
        id: u32,
        /// What to do.
        command: Command,
    },
}

impl From<InboundEnvelope> for Envelope {
    fn from(e: InboundEnvelope) -> Envelope {
        Envelope {
            khc: e.khc,
            channel: e.channel,
            message: match e.message {
                Inbound::HelloAck { version } => Message::HelloAck { version },
                Inbound::Command { id, command } => Message::Command { id, command },
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::{decode, encode, CheckoutEvent};

    fn inbound(text: &str) -> Option<Envelope> {
        serde_json::from_str::<InboundEnvelope>(text)
            .ok()
            .map(Envelope::from)
    }

    #[test]
    fn reads_what_decode_reads_of_the_hosted_pages_messages() {
        let taken = [
            Message::HelloAck { version: 1 },
            Message::Command {
                id: 7,
                command: Command::Update {
                    amount: Some(5900),
                    currency: Some("EUR".into()),
                    locale: None,
                },
            },
            Message::Command {
                id: 8,
                command: Command::SetNetworkSessionToken {
                    token: "krn:x".into(),
                },
            },
        ];
        for m in taken {
            let text = encode("khc_a", &m);
            assert_eq!(inbound(&text), Some(decode(&text).unwrap()), "{text}");
        }
        let refused_by_both = [
            r#"{"khc":1,"channel":"a","type":"hello_ack","version":1,"extra":1}"#,
            r#"{"khc":1,"channel":"a","type":"hello_ack"}"#,
            r#"{"khc":1,"channel":"a","type":"command","id":1,"command":{"type":"update","amount":"5"}}"#,
            r#"{"khc":1,"channel":"a","type":"command","id":1,"command":{"type":"pay"}}"#,
            r#"{"khc":1,"channel":"a","type":"command","id":-1,"command":{"type":"update"}}"#,
            r#"{"channel":"a","type":"hello_ack","version":1}"#,
            r#"{"khc":1,"channel":"a","type":"nope"}"#,
            // A field of the other message, or of the other command.
            r#"{"khc":1,"channel":"a","type":"hello_ack","version":1,"id":1}"#,
            r#"{"khc":1,"channel":"a","type":"hello_ack","version":1,"command":{"type":"update"}}"#,
            r#"{"khc":1,"channel":"a","type":"command","version":1,"id":1,"command":{"type":"update"}}"#,
            r#"{"khc":1,"channel":"a","type":"command","id":1,"command":{"type":"update","token":"t"}}"#,
            r#"{"khc":1,"channel":"a","type":"command","id":1,"command":{"type":"set_network_session_token","token":"t","amount":5}}"#,
            r#"{"khc":1,"channel":"a","type":"command","id":1,"command":{"type":"set_network_session_token","token":"t","locale":"de-DE"}}"#,
            r#"{"khc":1,"channel":"a","type":"command","id":1,"command":{"type":"set_network_session_token"}}"#,
            r#"{"khc":1,"channel":"a","type":"command","id":1,"command":{"type":"update","extra":1}}"#,
            r#"{"khc":1,"channel":"a","type":"command","id":1}"#,
            r#"{"khc":1,"channel":"a","type":"command","command":{"type":"update"}}"#,
            r#"{"khc":1,"channel":"a","version":1}"#,
            // Not an object: not read as the fields in order either.
            r#"[1,"a","hello_ack",1]"#,
        ];
        for text in refused_by_both {
            assert!(decode(text).is_err(), "{text}");
            assert_eq!(inbound(text), None, "{text}");
        }
        // serde reads a tagged enum from an array too, its first item the
        // tag; the protocol's command is an object, and this reader takes
        // only that.
        let array = r#"{"khc":1,"channel":"a","type":"command","id":1,"command":["update"]}"#;
        assert!(decode(array).is_ok());
        assert_eq!(inbound(array), None);
    }

    #[test]
    fn names_a_field_of_another_message_as_serde_would() {
        let err = |text: &str| {
            serde_json::from_str::<InboundEnvelope>(text)
                .unwrap_err()
                .to_string()
        };
        for (text, want) in [
            (
                r#"{"khc":1,"channel":"a","type":"hello_ack","version":1,"id":1}"#,
                "unknown field `id`, expected `version`",
            ),
            (
                r#"{"khc":1,"channel":"a","type":"command","version":1,"id":1,"command":{"type":"update"}}"#,
                "unknown field `version`, expected `id` or `command`",
            ),
            (
                r#"{"khc":1,"channel":"a","type":"command","id":1,"command":{"type":"update","token":"t"}}"#,
                "unknown field `token`, expected one of `amount`, `currency`, `locale`",
            ),
            (
                r#"{"khc":1,"channel":"a","type":"command","id":1,"command":{"type":"set_network_session_token"}}"#,
                "missing field `token`",
            ),
            (
                r#"{"khc":1,"channel":"a","type":"hello_ack"}"#,
                "missing field `version`",
            ),
        ] {
            assert!(err(text).starts_with(want), "{text}: {}", err(text));
        }
    }

    #[test]
    fn refuses_the_messages_the_hosted_page_sends() {
        for m in [
            Message::Hello { versions: vec![1] },
            Message::Event {
                event: CheckoutEvent::Ready,
            },
            Message::Reply {
                id: 1,
                ok: true,
                error: None,
            },
        ] {
            let text = encode("khc_a", &m);
            let err = serde_json::from_str::<InboundEnvelope>(&text).unwrap_err();
            assert!(err.to_string().contains("unknown variant"), "{text}: {err}");
        }
    }
}
