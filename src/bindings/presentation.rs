//! Reads `Payment.presentation()` answers of every published shape into the
//! choices of the one Klarna entry, keeping each choice's SDK object for
//! mounting Klarna's components and its payment button.
//!
//! Shapes (`www/sandbox/klarna-websdk.d.ts` names each page): r6, the parts at
//! the top level (one choice, no option id); r8, `paymentOption` and
//! `savedPaymentOption` (two choices, the saved one first); v2, the list
//! `paymentOptions[]` whose `content` holds plain strings (the only shape
//! whose text the page draws). `paymentStatus` is read wherever it is.
//! Missing or extra fields never fail the read.

use super::error::{SdkError, SdkErrorCode};
use super::js;
use checkout_core::presentation::{Instruction, OptionDescriptor, PaymentStatus};
use wasm_bindgen::JsValue;

/// One choice inside the Klarna entry.
#[derive(Debug, Clone)]
pub struct Choice {
    /// What the page knows of it.
    pub descriptor: OptionDescriptor,
    /// The SDK's object: its parts' `component()`s, `paymentButton`, `select()`.
    pub raw: JsValue,
}

/// A presentation answer.
#[derive(Debug, Clone)]
pub struct Presentation {
    /// Klarna's instruction; `None` when absent or of an unknown value.
    pub instruction: Option<Instruction>,
    /// `paymentStatus`, when the answer carries a known one.
    pub payment_status: Option<PaymentStatus>,
    /// The choices, in the order the entry shows them (saved first).
    pub choices: Vec<Choice>,
}

impl Presentation {
    /// Reads a raw answer.
    pub fn read(raw: JsValue) -> Presentation {
        let instruction = js::get_str(&raw, "instruction")
            .as_deref()
            .and_then(Instruction::parse);
        let payment_status = js::get_str(&raw, "paymentStatus")
            .as_deref()
            .map(PaymentStatus::parse);
        let mut choices = Vec::new();
        if let Some(list) = js::get(&raw, "paymentOptions").filter(js_sys::Array::is_array) {
            for item in js_sys::Array::from(&list).iter() {
                choices.push(listed(item));
            }
        }
        for (key, saved) in [("savedPaymentOption", true), ("paymentOption", false)] {
            if let Some(o) = js::get(&raw, key) {
                choices.push(component_option(o, saved));
            }
        }
        if choices.is_empty() && js::get(&raw, "header").is_some() {
            // r6: the parts sit on the answer itself.
            choices.push(component_option(raw.clone(), false));
        }
        // Saved first (`savedPaymentOption` is read before `paymentOption`);
        // the list keeps Klarna's own order.
        Presentation {
            instruction,
            payment_status,
            choices,
        }
    }
}

/// An option whose parts are components (r6, r8): nothing to draw as text.
fn component_option(raw: JsValue, saved: bool) -> Choice {
    let descriptor = OptionDescriptor {
        payment_option_id: js::get_str(&raw, "paymentOptionId").unwrap_or_default(),
        saved,
        ..Default::default()
    };
    Choice { descriptor, raw }
}

/// A v2 list option: Klarna hands plain strings in `content`.
fn listed(raw: JsValue) -> Choice {
    let text = |path: &str| js::get_str(&raw, path);
    let descriptor = OptionDescriptor {
        payment_option_id: js::get_str(&raw, "paymentOptionId").unwrap_or_default(),
        header: text("content.header"),
        subheader: text("content.subheader"),
        icon_url: text("content.logo.url"),
        icon_alt: text("content.logo.alt"),
        saved: false,
        selected: js::get_bool(&raw, "selected").unwrap_or(false),
    };
    Choice { descriptor, raw }
}

/// The option's `select()` (v2), called: its promise as a future; `None`
/// for options without one (nothing to wait for).
pub fn select(raw: &JsValue) -> Option<impl std::future::Future<Output = Result<(), SdkError>>> {
    js::get_fn(raw, "select")?;
    let fail = |e: JsValue| SdkError::from_js(SdkErrorCode::MountFailed, &e);
    let promise = js::call(raw, "select", &[]);
    Some(async move {
        let p = promise.map_err(fail)?;
        js::settle(p).await.map(|_| ()).map_err(fail)
    })
}
