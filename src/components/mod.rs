//! Leptos components of the hosted page, one folder each. Components read
//! [`crate::flow::state::CheckoutState`] and render it; rules live in `core`
//! and behaviour in [`crate::flow`].

pub mod checkout;
pub mod klarna_option;
pub mod method_list;
pub mod status;
