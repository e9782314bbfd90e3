//! The acquirer backend as the hosted page sees it: one function per
//! endpoint, a time limit on every call, retries that reuse one
//! `Idempotency-Key`, and a durable outbox for authorization results.

pub mod api;
pub mod http;
pub mod outbox;
pub mod retry;
