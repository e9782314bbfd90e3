//! [`Ledger`]: the amounts of one payment (settled and pending) and Klarna's
//! action counters, with what may still be captured or refunded.

use serde::{Deserialize, Serialize};

/// Amounts of one payment, minor units, and Klarna's action counters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Ledger {
    /// Authorized by Klarna.
    pub authorized: i64,
    /// Captured (settled).
    pub captured: i64,
    /// Refunded (settled).
    pub refunded: i64,
    /// Released by a void or an expiry (settled).
    pub released: i64,
    /// Captures asked of Klarna, not yet answered.
    pub pending_capture: i64,
    /// Refunds asked of Klarna, not yet answered.
    pub pending_refund: i64,
    /// A void asked of Klarna, not yet answered.
    pub pending_release: i64,
    /// Captures counted against [`MAX_CAPTURES`](super::MAX_CAPTURES) (pending or succeeded).
    pub captures: u32,
    /// Refunds counted against [`MAX_REFUNDS`](super::MAX_REFUNDS) (pending or succeeded).
    pub refunds: u32,
    /// Actions counted against [`MAX_ACTIONS`](super::MAX_ACTIONS) (every one asked of Klarna).
    pub actions: u32,
    /// Whether Klarna let the uncaptured part lapse.
    pub expired: bool,
}

impl Ledger {
    /// A fresh authorization of `amount`.
    pub fn authorized(amount: i64) -> Ledger {
        Ledger {
            authorized: amount,
            ..Ledger::default()
        }
    }

    /// What may still be captured (pending captures and releases count as gone).
    pub fn capturable(&self) -> i64 {
        self.authorized
            - self.captured
            - self.released
            - self.pending_capture
            - self.pending_release
    }

    /// What may still be refunded (pending refunds count as gone).
    pub fn refundable(&self) -> i64 {
        self.captured - self.refunded - self.pending_refund
    }
}

/// One capture's balance, for a refund that names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaptureBalance {
    /// Whether Klarna confirmed the capture.
    pub settled: bool,
    /// Its amount.
    pub amount: i64,
    /// Refunded of it so far, pending refunds included.
    pub refunded: i64,
}
