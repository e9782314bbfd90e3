//! [`SqliteStore`]: the embedded SQLite implementation of [`Store`](super::Store).
//!
//! One connection behind a mutex, used from `spawn_blocking`; WAL journal,
//! `synchronous=FULL`, a busy timeout so several processes can share the file.
//! Rate-limit counters use a second connection with `synchronous=NORMAL`.
//! Multi-statement changes run in `BEGIN IMMEDIATE` transactions.

mod columns;
mod connection;
mod documents;
mod holder;
mod jobs;
mod keys;
mod merchants;
mod notifications;
mod payments;
mod privacy;
mod requests;
mod sandbox;
mod schema;
mod schema_lifecycle;
mod sessions;
mod store_impl;

pub use connection::SqliteStore;
