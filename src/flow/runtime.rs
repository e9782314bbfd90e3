//! Non-`Send` parts of a running checkout: the SDK instance, the presented
//! Klarna option, the mounted button and the event subscriptions. Kept in a
//! local `StoredValue` so reactive closures can reach them.

use crate::bindings::button::PaymentButton;
use crate::bindings::sdk::{Klarna, Subscription};
use crate::bridge::Bridge;
use crate::client::api::ApiContext;
use wasm_bindgen::JsValue;

/// What the last authorize call answered, to report the SDK's `complete`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pending {
    /// Nothing in flight.
    None,
    /// Our authorize call is running.
    Authorizing,
    /// Approved with this transaction; waiting for the SDK's `complete`.
    Approved(String),
    /// Klarna's journey is open for this payment request.
    StepUp(String),
}

/// The running checkout's JavaScript-side state.
pub struct Runtime {
    /// Server access.
    pub api: ApiContext,
    /// The SDK instance, once initialized.
    pub klarna: Option<Klarna>,
    /// The raw presented option (holds `paymentButton.component()`).
    pub option_raw: Option<JsValue>,
    /// The mounted payment button.
    pub button: Option<PaymentButton>,
    /// SDK event subscriptions (unregistered on drop).
    pub subscriptions: Vec<Subscription>,
    /// The authorization in flight.
    pub pending: Pending,
    /// The token currently known for this session.
    pub network_token: Option<String>,
    /// How the page is embedded (from the URL fragment), when it is.
    pub embed: Option<Embed>,
    /// The channel to the merchant page, once open.
    pub bridge: Option<Bridge>,
    /// We refused an `initiate` (one already ran): the SDK's `error` about
    /// that refusal is not a payment failure.
    pub refused_initiate: bool,
    /// Problems of the merchant's `appearance`, still to be reported to the
    /// merchant page (see [`super::appearance::report`]).
    pub appearance_problems: Vec<checkout_core::errors::FieldError>,
    /// The server's check of the `appearance` was taken (logged and queued)
    /// once; a retry's config doesn't report it again.
    pub appearance_taken: bool,
    /// Where the confirmation sends the shopper back to, when the page is not
    /// embedded through `checkout.js` (set by [`super::start::confirmed`]).
    pub back: Option<String>,
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
            option_raw: None,
            button: None,
            subscriptions: Vec::new(),
            pending: Pending::None,
            network_token: None,
            embed: None,
            bridge: None,
            refused_initiate: false,
            appearance_problems: Vec::new(),
            appearance_taken: false,
            back: None,
        }
    }
}
