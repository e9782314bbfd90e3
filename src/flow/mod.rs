//! The checkout's behaviour, separate from its looks: state, the JS runtime,
//! start-up, presentation refresh and the payment (initiate → result).

pub mod appearance;
pub mod commands;
pub mod events;
pub mod pay;
pub mod runtime;
pub mod start;
pub mod state;

use leptos::prelude::*;
use runtime::Runtime;

/// Handle to the runtime, copyable into reactive closures.
pub type Rt = StoredValue<Runtime, LocalStorage>;
