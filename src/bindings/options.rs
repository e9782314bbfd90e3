//! The option objects the page hands Klarna's Web SDK, as serde types
//! written with `serde-wasm-bindgen` (`codec::to_js`): the SDK's camelCase
//! names, absent options left out.

use checkout_core::api::AcquiringConfig;
use serde::{Serialize, Serializer};
use wasm_bindgen::JsValue;

/// `acquiringConfig` as the SDK names it: `{paymentAccountId}`.
pub(crate) fn acquiring_js<S: Serializer>(
    c: &Option<AcquiringConfig>,
    s: S,
) -> Result<S::Ok, S::Error> {
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Sdk<'a> {
        payment_account_id: &'a str,
    }
    c.as_ref()
        .map(|c| Sdk {
            payment_account_id: &c.payment_account_id,
        })
        .serialize(s)
}

/// The data of `Payment.presentation(data)`: r6 and r8 take `intents`, the
/// newest `intent` and `acquiringConfig`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PresentationData<'a> {
    pub(crate) amount: i64,
    pub(crate) currency: &'a str,
    pub(crate) locale: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) intents: Option<&'a [String]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) intent: Option<&'a str>,
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "acquiring_js"
    )]
    pub(crate) acquiring_config: Option<AcquiringConfig>,
}

/// The context of the legacy `Interoperability.resolve(context, options)`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ResolveContext<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) interoperability_token: Option<&'a str>,
}

/// The options of the legacy `Interoperability.resolve(context, options)`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ResolveOptions<'a> {
    pub(crate) currency: &'a str,
    pub(crate) country: &'a str,
    pub(crate) payment_amount: i64,
}

/// Input of `Payment.presentation()`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PresentationRequest {
    /// Minor units.
    pub amount: i64,
    /// ISO 4217 code.
    pub currency: String,
    /// Klarna locale.
    pub locale: String,
    /// Klarna intents (v2 takes the first as `intent`).
    pub intents: Vec<String>,
    /// The payment account (v2 only).
    pub acquiring_config: Option<AcquiringConfig>,
}

/// The options of a payment button (`paymentButton.component(options)` or
/// `Payment.button(options)`), with the page's `initiate` callback.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ButtonConfig<'a> {
    /// The `initiate` function, handed over as it is.
    #[serde(with = "serde_wasm_bindgen::preserve")]
    pub(crate) initiate: JsValue,
    pub(crate) locale: &'a str,
    pub(crate) theme: &'a str,
    pub(crate) shape: &'a str,
    pub(crate) initiation_mode: &'a str,
}

/// The options of a presentation part's `component(options)` (the icon's
/// `{shape: "badge"}`).
#[derive(Serialize)]
pub(crate) struct ComponentOptions<'a> {
    pub(crate) shape: &'a str,
}
