//! `checkout-core`: the domain rules of the Klarna hosted checkout.
//!
//! Pure Rust with no browser or server dependencies, so the same rules run in
//! the hosted page (WebAssembly) and in the server, and are tested natively.

pub mod api;
pub mod appearance;
pub mod attempt;
pub mod countries;
pub mod errors;
pub mod events;
pub mod express;
pub mod fields;
pub mod labels;
pub mod locale_chain;
pub mod market_rules;
pub mod markets;
pub mod merchant;
pub mod money;
pub mod network;
pub mod notification;
pub mod operations;
pub mod order;
pub mod origin;
pub mod payment;
pub mod presentation;
pub mod privacy;
pub mod protocol;
pub mod requests;
pub mod returns;
pub mod sandbox;
pub mod session;
pub mod state;
pub mod text;
pub mod webhook;
mod wire_map;
