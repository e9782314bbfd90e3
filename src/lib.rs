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
//!
//! Size: every byte of the module is downloaded before a shopper can pay, so
//! the components pass the state as props, switch views on a `Phase` and keep
//! fixed view shapes instead of using contexts, resources with `<Suspense>`
//! and erased views. `src/README.md` gives what each of those idioms costs.

pub mod bindings;
pub mod bridge;
pub mod client;
pub mod components;
pub mod entry;
pub mod flow;
pub mod i18n;
