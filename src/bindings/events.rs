//! Klarna's payment events as typed values: `complete`, `abort` and `error`
//! payloads are read here (every revision's field names), so no `JsValue`
//! reaches the checkout's flow.
//!
//! Errors are Klarna's `PaymentError {errorCode, errorId, errorMessage,
//! errorType, validationErrors?}` (`WSDK/v2/interfaces/payment.PaymentError.html`);
//! `code` / `message` are read only as a fallback, for old builds and for
//! plain `Error`s.

use super::js;
use super::sdk::{subscribe, Klarna, Subscription};
use std::rc::Rc;
use wasm_bindgen::JsValue;

/// A payment request as Klarna's events hand it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PaymentRequestInfo {
    /// `paymentRequestId`.
    pub payment_request_id: Option<String>,
    /// The token of a completed request (`stateContext.klarnaNetworkSessionToken`,
    /// or its older names `paymentToken`, `interoperabilityToken`).
    pub token: Option<String>,
}

/// Klarna's error, read from a `PaymentError` (or an old build's `{code, message}`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KlarnaError {
    /// `errorCode` (else `code`), when Klarna gave one.
    pub code: Option<String>,
    /// `errorMessage` (else `message`).
    pub message: String,
}

/// One of Klarna's payment events.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KlarnaEvent {
    /// `complete`: the payment request completed.
    Complete(PaymentRequestInfo),
    /// `abort`: the shopper closed Klarna.
    Abort(PaymentRequestInfo),
    /// `error`, with the payment request when Klarna passes one.
    Error(KlarnaError, PaymentRequestInfo),
    /// `presentationupdate`: Klarna's presentation changed.
    PresentationUpdate,
}

/// Reads a payment request payload.
pub fn payment_request(pr: &JsValue) -> PaymentRequestInfo {
    PaymentRequestInfo {
        payment_request_id: js::get_str(pr, "paymentRequestId"),
        token: [
            "klarnaNetworkSessionToken",
            "paymentToken",
            "interoperabilityToken",
        ]
        .iter()
        .find_map(|k| js::get_str(pr, &format!("stateContext.{k}")))
        .filter(|t| !t.is_empty()),
    }
}

/// Reads an error payload: `PaymentError` first, `code` as a fallback.
pub fn klarna_error(err: &JsValue) -> KlarnaError {
    let first = |keys: [&str; 2]| keys.iter().find_map(|k| js::get_str(err, k));
    KlarnaError {
        code: first(["errorCode", "code"]),
        message: first(["errorMessage", "message"])
            .unwrap_or_else(|| super::error::js_message(err)),
    }
}

/// Reads one event's two arguments.
type Reader = fn(&JsValue, &JsValue) -> KlarnaEvent;

/// Registers `handler` for `complete`, `abort`, `error` and
/// `presentationupdate` on `Payment`. `complete` answers `false`, so the SDK
/// never navigates the page (the page records the payment itself).
pub fn on_payment_events(klarna: &Klarna, handler: Rc<dyn Fn(KlarnaEvent)>) -> Vec<Subscription> {
    let Some(payment) = klarna.payment() else {
        return Vec::new();
    };
    let events: [(&'static str, Reader); 4] = [
        ("complete", |pr, _| {
            KlarnaEvent::Complete(payment_request(pr))
        }),
        ("abort", |pr, _| KlarnaEvent::Abort(payment_request(pr))),
        ("error", |err, pr| {
            KlarnaEvent::Error(klarna_error(err), payment_request(pr))
        }),
        ("presentationupdate", |_, _| KlarnaEvent::PresentationUpdate),
    ];
    let mut subs = Vec::new();
    // The boot script listened before it mounted Klarna's button; what came
    // before now is handled first (handoff.rs).
    let queued = super::handoff::queued_events();
    for (event, read) in events {
        let handler = handler.clone();
        let sub = subscribe(payment.clone(), event, move |a, b| {
            handler(read(&a, &b));
            if event == "complete" {
                JsValue::FALSE
            } else {
                JsValue::UNDEFINED
            }
        });
        match sub {
            Ok(s) => subs.push(s),
            Err(e) => super::console::log(&e.to_string()),
        }
    }
    for q in queued.iter() {
        let q = js_sys::Array::from(&q);
        let name = q.get(0).as_string().unwrap_or_default();
        if let Some((_, read)) = events.iter().find(|(e, _)| *e == name) {
            handler(read(&q.get(1), &q.get(2)));
        }
    }
    subs
}
