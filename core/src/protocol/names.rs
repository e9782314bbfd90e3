//! The one list of the browser API's names: the `type` of every
//! [`CheckoutEvent`] the hosted page sends and of every [`Command`] it takes.
//! The merchant-side files restate them (the embed script's event filter,
//! the Vue wrapper's emits, the TypeScript declarations, `docs/protocol.md`);
//! `core/tests/browser_names.rs` fails when one of them differs from these
//! lists. A new variant fails to compile in [`CheckoutEvent::type_name`] or
//! [`Command::type_name`] until it is named here.

use super::{CheckoutEvent, Command};

impl CheckoutEvent {
    /// Every event's `type`, in the order of `docs/protocol.md`.
    pub const TYPES: [&'static str; 8] = [
        "ready",
        "availability",
        "resize",
        "payment_method_selected",
        "authorized",
        "declined",
        "aborted",
        "error",
    ];

    /// This event's `type` on the wire.
    pub fn type_name(&self) -> &'static str {
        match self {
            Self::Ready => "ready",
            Self::Availability { .. } => "availability",
            Self::Resize { .. } => "resize",
            Self::PaymentMethodSelected { .. } => "payment_method_selected",
            Self::Authorized { .. } => "authorized",
            Self::Declined => "declined",
            Self::Aborted => "aborted",
            Self::Error { .. } => "error",
        }
    }
}

impl Command {
    /// Every command's `type`, in the order of `docs/protocol.md`.
    pub const TYPES: [&'static str; 2] = ["update", "set_network_session_token"];

    /// This command's `type` on the wire.
    pub fn type_name(&self) -> &'static str {
        match self {
            Self::Update { .. } => "update",
            Self::SetNetworkSessionToken { .. } => "set_network_session_token",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wire_type(v: &impl serde::Serialize) -> String {
        serde_json::to_value(v).unwrap()["type"]
            .as_str()
            .unwrap()
            .to_string()
    }

    /// One value of each variant: the lists, `type_name` and serde agree.
    #[test]
    fn the_lists_are_the_wire_names_of_every_variant() {
        let text = String::new;
        let events = [
            CheckoutEvent::Ready,
            CheckoutEvent::Availability {
                instruction: text(),
            },
            CheckoutEvent::Resize { height: 1 },
            CheckoutEvent::PaymentMethodSelected {
                method: text(),
                payment_option_id: None,
            },
            CheckoutEvent::Authorized {
                payment_transaction_id: text(),
            },
            CheckoutEvent::Declined,
            CheckoutEvent::Aborted,
            CheckoutEvent::Error {
                code: text(),
                message: text(),
                klarna_code: None,
            },
        ];
        let names: Vec<_> = events.iter().map(wire_type).collect();
        assert_eq!(names, CheckoutEvent::TYPES);
        for e in &events {
            assert_eq!(e.type_name(), wire_type(e));
        }
        let commands = [
            Command::Update {
                amount: None,
                currency: None,
                locale: None,
            },
            Command::SetNetworkSessionToken { token: text() },
        ];
        let names: Vec<_> = commands.iter().map(wire_type).collect();
        assert_eq!(names, Command::TYPES);
        for c in &commands {
            assert_eq!(c.type_name(), wire_type(c));
        }
    }
}
