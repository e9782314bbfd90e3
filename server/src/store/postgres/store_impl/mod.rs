//! The store traits of [`PgStore`](super::PgStore), one file per concept
//! ([`SessionStore`](crate::store::SessionStore) and the others;
//! [`Store`](crate::store::Store) follows from them): each method hands its
//! work to the module of its concept (sessions, requests, keys, documents,
//! payments, privacy, jobs, notifications).

mod health;
mod idempotency;
mod jobs;
mod notifications;
mod payments;
mod personal_data;
mod sessions;
mod shared;
mod webhook_events;
