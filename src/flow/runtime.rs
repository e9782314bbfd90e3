//! Non-`Send` parts of a running checkout: the SDK instance, the presented
//! Klarna choices, their mounted parts and button, the event subscriptions,
//! the payment attempt and the channel to the merchant page. Kept in a local
//! `StoredValue` so reactive closures can reach them. With [`super::state`]
//! the end of the flow's one-way chain.

use crate::bindings::button::PaymentButton;
use crate::bindings::parts::MountedParts;
use crate::bindings::sdk::{Klarna, Subscription};
use crate::bridge::Bridge;
use crate::client::api::ApiContext;
use checkout_core::attempt::Attempt;
use checkout_core::presentation::PaymentStatus;
use checkout_core::protocol::CheckoutEvent;
use leptos::prelude::*;
use wasm_bindgen::JsValue;

/// Handle to the runtime, copyable into reactive closures.
pub type Rt = StoredValue<Runtime, LocalStorage>;

/// The running checkout's JavaScript-side state.
pub struct Runtime {
    /// Server access.
    pub api: ApiContext,
    /// The SDK instance, once initialized.
    pub klarna: Option<Klarna>,
    /// The SDK objects of the Klarna choices (parallel to `CheckoutState::choices`).
    pub choices_raw: Vec<JsValue>,
    /// Klarna's parts mounted for the current presentation.
    pub parts: Vec<MountedParts>,
    /// The mounted payment button.
    pub button: Option<PaymentButton>,
    /// SDK event subscriptions (unregistered on drop).
    pub subscriptions: Vec<Subscription>,
    /// The payment attempt (`checkout_core::attempt`).
    pub attempt: Attempt,
    /// The last presentation's `paymentStatus`.
    pub payment_status: Option<PaymentStatus>,
    /// Klarna's fast-track ran once on this page (it never runs twice).
    pub fast_tracked: bool,
    /// The token currently known for this session.
    pub network_token: Option<String>,
    /// How the page is embedded (from the URL fragment), when it is.
    pub embed: Option<Embed>,
    /// The channel to the merchant page, once open.
    pub bridge: Option<Bridge>,
    /// Problems of the merchant's `appearance`, still to be reported to the
    /// merchant page (see [`super::appearance::report`]).
    pub appearance_problems: Vec<checkout_core::errors::FieldError>,
    /// The server's check of the `appearance` was taken (logged and queued)
    /// once; a retry's config doesn't report it again.
    pub appearance_taken: bool,
    /// Where the confirmation sends the shopper back to, when the page is not
    /// embedded through `checkout.js` (set by [`super::outcome::confirmed`]).
    pub back: Option<String>,
    /// The page's view, still to be mounted (see [`super::view::show`]).
    pub view: Option<Box<dyn FnOnce()>>,
    /// What waits for that view: Klarna's elements of the latest
    /// presentation (see [`super::view::when_shown`]).
    pub after_view: Option<Box<dyn FnOnce()>>,
}

/// What the embedding page asked for in the fragment.
#[derive(Debug, Clone)]
pub struct Embed {
    /// Per-mount channel id.
    pub channel: String,
    /// The merchant page's origin, still to be checked against `allowed_origins`.
    pub parent_origin: String,
    /// The element whose height is reported to the merchant page.
    pub root: Option<web_sys::HtmlElement>,
}

impl Runtime {
    /// A runtime for one session.
    pub fn new(api: ApiContext) -> Self {
        Runtime {
            api,
            klarna: None,
            choices_raw: Vec::new(),
            parts: Vec::new(),
            button: None,
            subscriptions: Vec::new(),
            attempt: Attempt::new(),
            payment_status: None,
            fast_tracked: false,
            network_token: None,
            embed: None,
            bridge: None,
            appearance_problems: Vec::new(),
            appearance_taken: false,
            back: None,
            view: None,
            after_view: None,
        }
    }

    /// Sets the button's `loading` state, where there is a button.
    pub fn button_loading(&self, on: bool) {
        if let Some(b) = &self.button {
            b.toggle_state("loading", on);
        }
    }
}

/// Sends `event` to the merchant page, when the page is embedded.
pub fn emit(rt: Rt, event: CheckoutEvent) {
    rt.with_value(|r| {
        if let Some(b) = &r.bridge {
            b.emit(event);
        }
    });
}

/// Sends an `error` event with a stable code (and Klarna's `errorCode`, when
/// Klarna reported the failure).
pub fn fail_event(rt: Rt, code: &str, message: &str, klarna_code: Option<String>) {
    emit(
        rt,
        CheckoutEvent::Error {
            code: code.to_string(),
            message: message.to_string(),
            klarna_code,
        },
    );
}
