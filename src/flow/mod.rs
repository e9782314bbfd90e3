//! The checkout's behaviour, separate from its looks. One-way: [`start`] →
//! [`pending`] → [`embedding`] → [`commands`] → [`presentation`] →
//! [`mounting`] → [`pay`] → [`outcome`] → [`view`] → [`state`] / [`runtime`];
//! a module imports only those after it (and [`appearance`], which needs only
//! the state and the runtime). The rules of a payment
//! attempt are `checkout_core::attempt`'s; Klarna's events arrive typed from
//! `crate::bindings::events`.

pub mod appearance;
pub mod commands;
pub mod embedding;
pub mod mounting;
pub mod outcome;
pub mod pay;
pub mod pending;
pub mod presentation;
pub mod runtime;
pub mod start;
pub mod state;
pub mod view;

pub use runtime::Rt;
