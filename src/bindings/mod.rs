//! The only place that talks to JavaScript through `#[wasm_bindgen]`:
//! Klarna's Web SDK (loader, instance, presentation, components, payment
//! button, typed events) and the browser APIs the page needs (focus, console). Nothing here
//! leaks `JsValue` errors upward: failures become [`error::SdkError`], and
//! Klarna's event payloads [`events::KlarnaEvent`]s.

pub mod button;
pub mod codec;
pub mod console;
pub mod error;
pub mod events;
pub mod focus;
pub mod handoff;
pub mod intl;
pub mod js;
pub mod loader;
pub mod options;
pub mod parts;
pub mod presentation;
pub mod sdk;
