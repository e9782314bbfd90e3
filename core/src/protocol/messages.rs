//! The protocol's wire types: the [`Envelope`], the [`Message`]s between
//! the two windows, and the public browser API's events and commands.

use serde::{Deserialize, Serialize};

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
