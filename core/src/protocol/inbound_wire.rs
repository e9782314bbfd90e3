//! How [`InboundEnvelope`] is read: as one flat object, every message's
//! fields at once, with `type` naming the message; then each message is
//! checked for its own fields, and so is the command inside it.
//!
//! The envelope is a flattened, internally tagged enum on the wire. serde
//! reads that shape by buffering the whole object into its private `Content`
//! tree and reading the message from the copy; in the hosted page's
//! WebAssembly that machinery was 8.2 kB of brotli. The flat form accepts and
//! refuses the same messages as [`super::decode`] (the tests in
//! `inbound.rs` hold both to it), with serde's own wording for a missing or
//! unknown field. A field of another message is unknown
//! (``unknown field `id`, expected `version` ``); a key no message has is
//! named with every field of the envelope.

use super::inbound::{Inbound, InboundEnvelope};
use super::Command;
use crate::wire_map::{absent, needed, ViaMap};
use serde::de::value::Error;
use serde::Deserialize;

/// Every field of the two messages the hosted page takes.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Fields {
    khc: u32,
    channel: String,
    #[serde(rename = "type")]
    kind: Kind,
    version: Option<u32>,
    id: Option<u32>,
    command: Option<ViaMap<CommandFields>>,
}

/// The envelope as read from the wire, before its message is checked.
pub(super) type Flat = ViaMap<Fields>;

/// The message's `type`.
#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum Kind {
    HelloAck,
    Command,
}

/// Every field of the commands.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CommandFields {
    #[serde(rename = "type")]
    kind: CommandKind,
    amount: Option<i64>,
    currency: Option<String>,
    locale: Option<String>,
    token: Option<String>,
}

/// The command's `type`.
#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum CommandKind {
    Update,
    SetNetworkSessionToken,
}

impl TryFrom<ViaMap<Fields>> for InboundEnvelope {
    type Error = Error;

    fn try_from(ViaMap(f): ViaMap<Fields>) -> Result<Self, Error> {
        let message = match f.kind {
            Kind::HelloAck => {
                const HELLO_ACK: &[&str] = &["version"];
                absent(&f.id, "id", HELLO_ACK)?;
                absent(&f.command, "command", HELLO_ACK)?;
                Inbound::HelloAck {
                    version: needed(f.version, "version")?,
                }
            }
            Kind::Command => {
                absent(&f.version, "version", &["id", "command"])?;
                Inbound::Command {
                    id: needed(f.id, "id")?,
                    command: needed(f.command, "command")?.try_into()?,
                }
            }
        };
        Ok(InboundEnvelope {
            khc: f.khc,
            channel: f.channel,
            message,
        })
    }
}

impl TryFrom<ViaMap<CommandFields>> for Command {
    type Error = Error;

    fn try_from(ViaMap(c): ViaMap<CommandFields>) -> Result<Self, Error> {
        Ok(match c.kind {
            CommandKind::Update => {
                absent(&c.token, "token", &["amount", "currency", "locale"])?;
                Command::Update {
                    amount: c.amount,
                    currency: c.currency,
                    locale: c.locale,
                }
            }
            CommandKind::SetNetworkSessionToken => {
                const TOKEN: &[&str] = &["token"];
                absent(&c.amount, "amount", TOKEN)?;
                absent(&c.currency, "currency", TOKEN)?;
                absent(&c.locale, "locale", TOKEN)?;
                Command::SetNetworkSessionToken {
                    token: needed(c.token, "token")?,
                }
            }
        })
    }
}
