//! Reads `Payment.presentation()` answers of every known revision into
//! [`OptionDescriptor`]s, keeping the raw objects for mounting Klarna's parts.
//!
//! Shapes handled: current guides (`paymentOption`, `savedPaymentOption`),
//! r6 (parts at the top level) and the list form (`paymentOptions[]` with
//! `content`). Missing or extra fields never fail the read.

use super::js;
use checkout_core::presentation::{Instruction, OptionDescriptor};
use wasm_bindgen::JsValue;

/// One option with its raw SDK object.
#[derive(Debug, Clone)]
pub struct PresentedOption {
    /// What the page renders.
    pub descriptor: OptionDescriptor,
    /// The SDK's object (holds `paymentButton.component()` where present).
    pub raw: JsValue,
}

/// A presentation answer.
#[derive(Debug, Clone)]
pub struct Presentation {
    /// Klarna's instruction; `None` when absent or of an unknown value.
    pub instruction: Option<Instruction>,
    /// The instruction exactly as sent, for logs and events.
    pub instruction_raw: Option<String>,
    /// Options, the saved one (if any) first.
    pub options: Vec<PresentedOption>,
}

impl Presentation {
    /// Reads a raw answer.
    pub fn read(raw: JsValue) -> Presentation {
        let instruction_raw = js::get_str(&raw, "instruction");
        let instruction = instruction_raw.as_deref().and_then(Instruction::parse);
        let mut options = Vec::new();
        if let Some(saved) = js::get(&raw, "savedPaymentOption") {
            options.push(read_option(saved, true));
        }
        if let Some(opt) = js::get(&raw, "paymentOption") {
            options.push(read_option(opt, false));
        }
        if let Some(list) = js::get(&raw, "paymentOptions").filter(js_sys::Array::is_array) {
            for item in js_sys::Array::from(&list).iter() {
                options.push(read_option(item, false));
            }
        }
        if options.is_empty() && js::get(&raw, "header").is_some() {
            // r6: the parts sit on the answer itself and there is no option id.
            options.push(read_option(raw.clone(), false));
        }
        Presentation {
            instruction,
            instruction_raw,
            options,
        }
    }
}

/// Text of a descriptor part: a plain string, `{text}`, or r6's `{short:{text}}`.
fn text(obj: &JsValue, key: &str) -> Option<String> {
    let part = js::get(obj, key)?;
    part.as_string()
        .or_else(|| js::get_str(&part, "text"))
        .or_else(|| js::get_str(&part, "short.text"))
        .or_else(|| js::get_str(&part, "enriched.text"))
        .filter(|s| !s.trim().is_empty())
}

fn read_option(raw: JsValue, saved: bool) -> PresentedOption {
    // The list form nests texts under `content` and calls the icon `logo`.
    let content = js::get(&raw, "content").unwrap_or_else(|| raw.clone());
    let icon = js::get(&content, "icon").or_else(|| js::get(&content, "logo"));
    let icon_url = icon.as_ref().and_then(|i| {
        i.as_string().or_else(|| {
            [
                "badgeImageUrl",
                "squareImageUrl",
                "rectangleImageUrl",
                "url",
                "src",
            ]
            .iter()
            .find_map(|k| js::get_str(i, k))
        })
    });
    let descriptor = OptionDescriptor {
        payment_option_id: js::get_str(&raw, "paymentOptionId").unwrap_or_default(),
        header: text(&content, "header"),
        subheader: text(&content, "subheader"),
        message: text(&content, "message"),
        badge: text(&content, "badge"),
        icon_url,
        icon_alt: icon.as_ref().and_then(|i| js::get_str(i, "alt")),
        saved: saved || js::get_bool(&raw, "saved").unwrap_or(false),
    };
    PresentedOption { descriptor, raw }
}
