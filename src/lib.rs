//! `klarna-hosted-checkout`: the hosted payment page that offers Klarna on
//! Klarna's Hosted integration path, as a Leptos (client-side rendered)
//! WebAssembly component.
//!
//! Layout: [`bindings`] is the only place that talks to JavaScript;
//! [`client`] talks to the acquirer backend; [`flow`] is the checkout's
//! behaviour; [`components`] render it; [`i18n`] holds the page's own
//! strings; [`entry`] is what JavaScript calls.
//!
//! Stack: Leptos, wasm-bindgen, web-sys, js-sys; HTTP through gloo-net
//! ([`client::http`]); typed values across the JavaScript boundary with
//! serde-wasm-bindgen and serde derives ([`bindings::codec`]).

pub mod bindings;
pub mod bridge;
pub mod client;
pub mod components;
pub mod entry;
pub mod flow;
pub mod i18n;
