//! The sandbox, in one home: everything the server does in place of Klarna
//! when `KLARNA_MODE=sandbox` (`docs/sandbox.md`), offline and shared by
//! every instance through the store. The Web SDK's emulator that the browser
//! loads is its counterpart in `www/sandbox/sdk/`; the HTTP surface is
//! `crate::routes::sandbox`, and the store's sandbox-only tables are behind
//! `crate::store::SandboxStore`, apart from the production `Store`.
//!
//! - [`klarna`]: Klarna's payment API emulated ([`SandboxKlarna`]): personas
//!   decide the outcome, payment requests, step-up journeys, the transaction
//!   ledger (capture, refund, void, expiry) and its test-only faults;
//! - [`express`]: the payment requests the emulated SDK creates for express
//!   checkout, and [`journey`]: completing or canceling one, with the signed
//!   `completed` webhook delivered to our own endpoint;
//! - [`management`]: Klarna's onboarding ([`SandboxManagement`]);
//! - [`notifications`]: Klarna's Notifications API ([`SandboxNotifications`]);
//! - [`identity`]: Sign in with Klarna's issuer ([`SandboxIssuer`]);
//! - [`recorded`], [`recorded_notifications`] and [`shapes`]: the sandbox's
//!   calls written as recordings in Klarna's JSON, the format of the real
//!   client's, for the conformance kit and the contract tests.
//!
//! Production code reaches it only where the mode is chosen (`crate::state`)
//! and through the sandbox's own routes.

pub mod express;
pub mod identity;
pub mod journey;
pub mod klarna;
pub mod management;
pub mod notifications;
pub mod recorded;
pub mod recorded_notifications;
pub mod shapes;

use crate::store::{SandboxCall, SandboxStore};

/// Keeps one call of the emulated Klarna in the store's record of calls (what
/// tests and the sandbox's routes read as "what reached Klarna"). A failure to
/// keep it is logged, never the call's own failure.
pub(crate) async fn record_call(store: &dyn SandboxStore, call: SandboxCall) {
    if let Err(e) = store.record_sandbox_call(&call).await {
        tracing::warn!(error = %e, "sandbox: could not record a Klarna call");
    }
}

pub use identity::SandboxIssuer;
/// The sandbox's authorization expiry (its rules, for tests and the sandbox's routes).
pub use klarna::expiry as klarna_expiry;
pub use klarna::{persona, Persona, SandboxFaults, SandboxKlarna, SANDBOX_CONFIRMATION_PREFIX};
pub use management::SandboxManagement;
pub use notifications::{simulated_envelope, SandboxNotifications};
