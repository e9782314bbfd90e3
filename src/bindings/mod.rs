//! The only place that talks to JavaScript through `#[wasm_bindgen]`:
//! Klarna's Web SDK (loader, instance, presentation, payment button) and the
//! browser APIs the page needs. Nothing here leaks `JsValue` errors upward:
//! failures become [`error::SdkError`].

pub mod button;
pub mod codec;
pub mod error;
pub mod intl;
pub mod js;
pub mod loader;
pub mod presentation;
pub mod sdk;
