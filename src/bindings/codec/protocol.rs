//! Codecs of the postMessage protocol (`checkout_core::protocol`): the hosted
//! page writes `hello`, `event` and `reply`, and reads `hello_ack` and
//! `command`, as strictly as `checkout_core::protocol::decode` (unknown
//! fields and types are refused).

use super::{parse, stringify, Obj};
use crate::bindings::js::{object, opt_str};
use checkout_core::protocol::{
    check, CheckoutEvent, Command, Envelope, Message, ProtocolError, MAX_MESSAGE_BYTES,
};
use wasm_bindgen::JsValue;

fn num(n: impl Into<f64>) -> JsValue {
    JsValue::from_f64(n.into())
}

fn event(e: &CheckoutEvent) -> JsValue {
    let s = JsValue::from_str;
    match e {
        CheckoutEvent::Ready => object(&[("type", s("ready"))]),
        CheckoutEvent::Availability { instruction } => {
            object(&[("type", s("availability")), ("instruction", s(instruction))])
        }
        CheckoutEvent::Resize { height } => {
            object(&[("type", s("resize")), ("height", num(*height))])
        }
        CheckoutEvent::PaymentMethodSelected {
            method,
            payment_option_id,
        } => object(&[
            ("type", s("payment_method_selected")),
            ("method", s(method)),
            ("payment_option_id", opt_str(payment_option_id.as_deref())),
        ]),
        CheckoutEvent::Authorized {
            payment_transaction_id,
        } => object(&[
            ("type", s("authorized")),
            ("payment_transaction_id", s(payment_transaction_id)),
        ]),
        CheckoutEvent::Declined => object(&[("type", s("declined"))]),
        CheckoutEvent::Aborted => object(&[("type", s("aborted"))]),
        CheckoutEvent::Error {
            code,
            message,
            klarna_code,
        } => object(&[
            ("type", s("error")),
            ("code", s(code)),
            ("message", s(message)),
            ("klarna_code", opt_str(klarna_code.as_deref())),
        ]),
    }
}

/// Encodes an envelope as JSON text (the same text serde would write).
pub fn encode(env: &Envelope) -> String {
    let s = JsValue::from_str;
    let mut pairs = vec![("khc", num(env.khc)), ("channel", s(&env.channel))];
    match &env.message {
        Message::Hello { versions } => {
            let list = js_sys::Array::new();
            for v in versions {
                list.push(&num(*v));
            }
            pairs.push(("type", s("hello")));
            pairs.push(("versions", list.into()));
        }
        Message::HelloAck { version } => {
            pairs.push(("type", s("hello_ack")));
            pairs.push(("version", num(*version)));
        }
        Message::Event { event: e } => {
            pairs.push(("type", s("event")));
            pairs.push(("event", event(e)));
        }
        Message::Command { .. } => {
            // The hosted page never sends commands.
        }
        Message::Reply { id, ok, error } => {
            pairs.push(("type", s("reply")));
            pairs.push(("id", num(*id)));
            pairs.push(("ok", JsValue::from_bool(*ok)));
            if let Some(e) = error {
                pairs.push((
                    "error",
                    object(&[("code", s(&e.code)), ("message", s(&e.message))]),
                ));
            }
        }
    }
    stringify(&object(&pairs))
}

fn u32_of(o: &Obj, key: &str) -> u32 {
    u32::try_from(o.int(key)).unwrap_or_else(|_| {
        o.fail(format!("{key}: out of range"));
        0
    })
}

fn command(o: Obj) -> Result<Command, String> {
    match o.str("type").as_str() {
        "update" => {
            o.only(&["type", "amount", "currency", "locale"]);
            Ok(Command::Update {
                amount: o.opt_int("amount"),
                currency: o.opt_str("currency"),
                locale: o.opt_str("locale"),
            })
        }
        "set_network_session_token" => {
            o.only(&["type", "token"]);
            Ok(Command::SetNetworkSessionToken {
                token: o.str("token"),
            })
        }
        other => {
            o.fail(format!("command.type: unknown variant {other}"));
            Err(String::new())
        }
    }
}

/// Decodes a message sent to the hosted page; only `hello_ack` and `command`
/// are messages it takes. Never panics, whatever the input.
pub fn decode(text: &str) -> Result<Envelope, ProtocolError> {
    if text.len() > MAX_MESSAGE_BYTES {
        return Err(ProtocolError::TooLarge);
    }
    let bad = ProtocolError::Malformed;
    let o = Obj::new(parse(text).map_err(bad)?, "message").map_err(bad)?;
    let khc = u32_of(&o, "khc");
    let channel = o.str("channel");
    let message = match o.str("type").as_str() {
        "hello_ack" => {
            o.only(&["khc", "channel", "type", "version"]);
            Some(Message::HelloAck {
                version: u32_of(&o, "version"),
            })
        }
        "command" => {
            o.only(&["khc", "channel", "type", "id", "command"]);
            let id = u32_of(&o, "id");
            command(o.obj("command"))
                .ok()
                .map(|command| Message::Command { id, command })
        }
        other => {
            o.fail(format!("type: not a message for the hosted page: {other}"));
            None
        }
    };
    let env = o.done(message).map_err(bad)?.map(|message| Envelope {
        khc,
        channel,
        message,
    });
    // `None` only with a failure kept, which `done` answered.
    let env = env.ok_or_else(|| bad("message: unreadable".into()))?;
    check(&env)?;
    Ok(env)
}
