//! Typed `postMessage` between the hosted page and the merchant page
//! (protocol: `docs/protocol.md`, types: `checkout_core::protocol`).
//!
//! Messages go only to the exact merchant origin, and a received message is
//! taken only when its origin is that origin, its source is `window.parent`,
//! it decodes, and its channel is this mount's. Events raised before the
//! merchant page acknowledged the handshake are queued and sent after it.

pub mod fragment;
mod resize;

use checkout_core::protocol::{self, CheckoutEvent, Command, EventError, Message};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// An open (or opening) channel to the merchant page.
pub struct Bridge {
    inner: Rc<Inner>,
    listener: Closure<dyn FnMut(web_sys::MessageEvent)>,
    resize: RefCell<Option<resize::HeightWatch>>,
}

struct Inner {
    parent: web_sys::Window,
    origin: String,
    channel: String,
    open: Cell<bool>,
    queue: RefCell<Vec<String>>,
    refused: Cell<u32>,
}

impl Inner {
    fn post(&self, message: &Message) {
        let env = protocol::envelope(&self.channel, message);
        let text = crate::bindings::codec::protocol::encode(&env);
        if self.open.get() || matches!(message, Message::Hello { .. }) {
            let _ = self
                .parent
                .post_message(&JsValue::from_str(&text), &self.origin);
        } else {
            self.queue.borrow_mut().push(text);
        }
    }

    fn open_now(&self) {
        self.open.set(true);
        for text in self.queue.borrow_mut().drain(..) {
            let _ = self
                .parent
                .post_message(&JsValue::from_str(&text), &self.origin);
        }
    }

    fn refuse(&self, why: &str) {
        let n = self.refused.get() + 1;
        self.refused.set(n);
        web_sys::console::debug_1(&JsValue::from_str(&format!(
            "[klarna-hosted-checkout] ignored message #{n}: {why}"
        )));
    }
}

impl Bridge {
    /// Opens a channel to `window.parent` at `origin`; `on_command` gets each
    /// accepted command with its id.
    pub fn connect(
        origin: &str,
        channel: &str,
        on_command: impl Fn(u32, Command) + 'static,
    ) -> Result<Bridge, String> {
        let window = web_sys::window().ok_or("no window")?;
        let parent = window.parent().ok().flatten().ok_or("no parent window")?;
        let inner = Rc::new(Inner {
            parent,
            origin: origin.to_string(),
            channel: channel.to_string(),
            open: Cell::new(false),
            queue: RefCell::new(Vec::new()),
            refused: Cell::new(0),
        });
        let rx = inner.clone();
        let listener =
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
                receive(&rx, &e, &on_command);
            });
        window
            .add_event_listener_with_callback("message", listener.as_ref().unchecked_ref())
            .map_err(|_| "could not listen for messages")?;
        inner.post(&Message::Hello {
            versions: protocol::SUPPORTED_VERSIONS.to_vec(),
        });
        Ok(Bridge {
            inner,
            listener,
            resize: RefCell::new(None),
        })
    }

    /// Starts reporting `el`'s height (`resize` events). Called once the page
    /// left its loading state: until then the merchant page keeps the height
    /// it reserved, so the skeleton never makes the page jump.
    pub fn watch_height(&self, el: web_sys::HtmlElement) {
        if self.resize.borrow().is_some() {
            return;
        }
        let tx = self.inner.clone();
        let watch = resize::HeightWatch::new(el, move |height| {
            tx.post(&Message::Event {
                event: CheckoutEvent::Resize { height },
            })
        });
        *self.resize.borrow_mut() = watch;
    }

    /// Sends an event (queued until the channel is open).
    pub fn emit(&self, event: CheckoutEvent) {
        self.inner.post(&Message::Event { event });
    }

    /// Posts one event to `window.parent` at `origin` without opening a
    /// channel, as the boot script's `boot` is posted: for a page that could
    /// not load its session, so can't check `origin` against the session's
    /// `allowed_origins`, and must still tell the merchant page (which only
    /// the browser's `frame-ancestors` check let frame it). Nothing is read
    /// back.
    pub fn tell(origin: &str, channel: &str, event: CheckoutEvent) {
        if let Some(parent) = web_sys::window().and_then(|w| w.parent().ok().flatten()) {
            let once = Inner {
                parent,
                origin: origin.to_string(),
                channel: channel.to_string(),
                open: Cell::new(true),
                queue: RefCell::new(Vec::new()),
                refused: Cell::new(0),
            };
            once.post(&Message::Event { event });
        }
    }

    /// Answers command `id`.
    pub fn reply(&self, id: u32, result: Result<(), EventError>) {
        let (ok, error) = match result {
            Ok(()) => (true, None),
            Err(e) => (false, Some(e)),
        };
        self.inner.post(&Message::Reply { id, ok, error });
    }
}

impl Drop for Bridge {
    fn drop(&mut self) {
        if let Some(w) = web_sys::window() {
            let _ = w.remove_event_listener_with_callback(
                "message",
                self.listener.as_ref().unchecked_ref(),
            );
        }
    }
}

fn receive(inner: &Inner, e: &web_sys::MessageEvent, on_command: &impl Fn(u32, Command)) {
    if e.origin() != inner.origin {
        return inner.refuse("origin");
    }
    // Compared by identity, not `instanceof`: the parent's window belongs to
    // another realm, so `instanceof Window` would be false for it.
    let parent: &JsValue = inner.parent.as_ref();
    let from_parent = e.source().is_some_and(|s| JsValue::from(s) == *parent);
    if !from_parent {
        return inner.refuse("source window");
    }
    let Some(text) = e.data().as_string() else {
        return inner.refuse("data is not a string");
    };
    let env = match crate::bindings::codec::protocol::decode(&text) {
        Ok(env) => env,
        Err(err) => {
            let err = err.to_string();
            // A command that doesn't read (a value the loader let through, a newer loader) is
            // still answered, naming the field, instead of leaving the merchant's promise to its time limit;
            // only one of this open channel (another mount's message is not ours to answer).
            if let Some(id) = command_id(&text, &inner.channel).filter(|_| inner.open.get()) {
                let error = EventError {
                    code: "invalid_command".into(),
                    message: err.clone(),
                };
                inner.post(&Message::Reply {
                    id,
                    ok: false,
                    error: Some(error),
                });
            }
            return inner.refuse(&err);
        }
    };
    if env.channel != inner.channel {
        return inner.refuse("channel");
    }
    match env.message {
        Message::HelloAck { version } if protocol::SUPPORTED_VERSIONS.contains(&version) => {
            inner.open_now()
        }
        Message::Command { id, command } if inner.open.get() => on_command(id, command),
        _ => inner.refuse("unexpected message type"),
    }
}

/// The `id` of a message of `channel` that says it is a command, whatever
/// else it holds.
fn command_id(text: &str, channel: &str) -> Option<u32> {
    use crate::bindings::js::get;
    let v = crate::bindings::codec::parse(text).ok()?;
    if get(&v, "channel")?.as_string()? != channel {
        return None;
    }
    let id = get(&v, "id")?.as_f64()?;
    let whole = id.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&id);
    (whole && get(&v, "type")?.as_string()? == "command").then_some(id as u32)
}
