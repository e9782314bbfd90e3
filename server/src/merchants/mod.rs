//! Merchants as data: the operator API's keys and authentication
//! ([`admin_auth`], [`keys`]), what a merchant's checkout uses
//! ([`account`]: its Klarna account ([`klarna_account`]), stores and labels), onboarding it to
//! Klarna in the job runner ([`onboarding`]), and how the operator API shows
//! one ([`view`]).
//!
//! Merchants of `CHECKOUT_MERCHANT_KEYS` (and the sandbox's demo merchant)
//! are bootstrap merchants: always active, with the global Klarna settings.

pub mod account;
pub mod admin_auth;
pub mod call_account;
pub mod keys;
pub mod klarna_account;
pub mod onboarding;
pub mod view;

pub use account::{checkout_account, payable_account, CheckoutAccount};
