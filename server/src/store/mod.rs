//! Storage behind one trait, [`Store`], with SQLite ([`SqliteStore`]) as the
//! embedded default and PostgreSQL ([`PgStore`]) for several instances on one
//! database; [`open`] picks one from `CHECKOUT_DATABASE_URL`.
//!
//! Everything a second server instance must see lives here: sessions and
//! their state (changed only by an atomic compare-and-set), authorizations,
//! payment requests, idempotency records and the payment lock, webhook event
//! ids, rate-limit counters and shared generated secrets. Handlers use only
//! these traits, never SQL. The emulated Klarna's own records sit behind a
//! second trait, [`SandboxStore`], that production code never calls.
//! `server/tests/store_contract.rs` holds every backend to the same contract.

use checkout_core::session::{NewSession, SessionPatch};

mod health;
mod idempotency;
mod jobs;
mod lifecycle;
pub mod merchants;
mod notifications;
mod open;
mod payments;
mod personal_data;
mod postgres;
mod records;
mod sandbox;
mod sessions;
mod shared;
mod sqlite;
mod webhook_events;

pub use health::StoreHealth;
pub use idempotency::IdempotencyStore;
pub use jobs::JobStore;
pub use lifecycle::{
    DeliveryAttempt, Effects, EndpointRecord, EventRecord, EventSummary, JobFinish, JobRecord,
    NewJob, NewSessionEvent, OperationRecord, PaymentRecord, PaymentWrite, SandboxCall,
};
pub use merchants::{KlarnaLink, MerchantKeyRecord, MerchantRecord, MerchantStore};
pub use notifications::NotificationStore;
pub use open::{open, open_blocking, open_failure, DatabaseUrl, PoolLimits};
pub use payments::PaymentStore;
pub use personal_data::PersonalDataStore;
pub use postgres::{newest_known_migration, PgStore, MIGRATIONS_FAILED};
pub use records::{
    IdempotencyBegin, JobBacklog, JobsRetrying, PaymentRequestRecord, PoolUse, SandboxRequest,
    SessionEventRecord, SessionRecord,
};
pub use sandbox::SandboxStore;
pub use sessions::SessionStore;
pub use shared::SharedStateStore;
pub use sqlite::SqliteStore;
pub use webhook_events::WebhookEventStore;

/// The store traits in one import, for calling store methods on a concrete
/// store ([`SqliteStore`], [`PgStore`]); `dyn Store` needs no import.
pub mod prelude {
    pub use super::{
        Backend, IdempotencyStore, JobStore, MerchantStore, NotificationStore, PaymentStore,
        PersonalDataStore, SandboxStore, SessionStore, SharedStateStore, Store, StoreHealth,
        WebhookEventStore,
    };
}

/// A whole backend: the production [`Store`] and the sandbox's [`SandboxStore`].
pub trait Backend: Store + SandboxStore {}
impl<T: Store + SandboxStore> Backend for T {}

/// A storage failure (I/O, corruption, a bug); never the caller's fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreError(pub String);

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "storage: {}", self.0)
    }
}

impl std::error::Error for StoreError {}

/// Result of store operations.
pub type StoreResult<T> = Result<T, StoreError>;

/// Persistent state of the checkout: every concept's store trait, one
/// supertrait each, and blanket-implemented for any type that has them all.
/// Methods are callable on `dyn Store` / `dyn Backend` without importing the
/// supertraits; on a concrete store import them (or [`prelude`]).
pub trait Store:
    merchants::MerchantStore
    + SessionStore
    + PaymentStore
    + IdempotencyStore
    + WebhookEventStore
    + JobStore
    + NotificationStore
    + SharedStateStore
    + PersonalDataStore
    + StoreHealth
    + Send
    + Sync
    + 'static
{
}

impl<T> Store for T where
    T: merchants::MerchantStore
        + SessionStore
        + PaymentStore
        + IdempotencyStore
        + WebhookEventStore
        + JobStore
        + NotificationStore
        + SharedStateStore
        + PersonalDataStore
        + StoreHealth
        + Send
        + Sync
        + 'static
{
}

/// Applies a validated patch to session data (pure; stores call it inside
/// their transaction).
pub fn apply_patch(data: &mut NewSession, patch: &SessionPatch) {
    if let Some(a) = patch.amount {
        data.amount = a;
    }
    if let Some(c) = &patch.currency {
        data.currency = c.clone();
    }
    if let Some(l) = &patch.locale {
        data.locale = l.clone();
    }
    if let Some(lines) = &patch.order_lines {
        data.order_lines = lines.clone();
    }
    if let Some(p) = &patch.customer_profile {
        data.customer_profile = Some(p.clone());
    }
    if let Some(s) = &patch.shipping {
        data.shipping = Some(s.clone());
    }
    if let Some(d) = &patch.klarna_network_data {
        data.klarna_network_data = Some(d.clone());
    }
    // Personal data arriving after an erasure is kept (and retained) anew.
    if patch.customer_profile.is_some()
        || patch.shipping.is_some()
        || patch.klarna_network_data.is_some()
    {
        data.personal_data_erased_at = None;
    }
}
