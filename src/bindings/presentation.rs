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
use checkout_core::presentation::{choice_order, Instruction, OptionDescriptor, PaymentStatus};
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
            .and_then(PaymentStatus::parse);
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
        let descriptors: Vec<OptionDescriptor> =
            choices.iter().map(|c| c.descriptor.clone()).collect();
        let mut ordered = Vec::with_capacity(choices.len());
        for i in choice_order(&descriptors) {
            ordered.push(choices[i].clone());
        }
        Presentation {
            instruction,
            payment_status,
            choices: ordered,
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
    let text =
        |k: &str| js::get_str(&raw, &format!("content.{k}")).filter(|s| !s.trim().is_empty());
    let descriptor = OptionDescriptor {
        payment_option_id: js::get_str(&raw, "paymentOptionId").unwrap_or_default(),
        header: text("header"),
        subheader: text("subheader"),
        icon_url: text("logo.url"),
        icon_alt: text("logo.alt"),
        saved: false,
        selected: js::get_bool(&raw, "selected").unwrap_or(false),
    };
    Choice { descriptor, raw }
}

/// Calls the option's `select()` (v2) and waits for it; options without one
/// need nothing.
pub async fn select(raw: &JsValue) -> Result<(), SdkError> {
    if js::get_fn(raw, "select").is_none() {
        return Ok(());
    }
    let fail = |e: JsValue| SdkError::from_js(SdkErrorCode::MountFailed, &e);
    let p = js::call(raw, "select", &[]).map_err(fail)?;
    js::settle(p).await.map(|_| ()).map_err(fail)
}
