//! The payment after authorization: captures, refunds, voids and the
//! merchant's cancel, the payment a session shows, and the notifications
//! each change writes.
//!
//! Every change is computed by `checkout_core::payment::apply` from the
//! payment as read, then written with a compare-and-set on its version
//! (`Store::write_payment`) together with its notifications and jobs, so
//! amounts are checked where the data lives and nothing is announced that
//! was not stored. A Klarna call that fails or times out leaves its
//! operation `pending` (its amount still counted as gone); the job runner
//! asks Klarna again with the same `Klarna-Idempotency-Key` until it answers.

pub mod cancel;
pub mod events;
pub mod expiry;
pub mod operate;
pub mod settle;
pub mod transitions;
pub mod view;
