//! The payment after authorization: a ledger of amounts and one pure
//! transition function, [`apply`], beside the session's in `state.rs`.
//!
//! Captures, refunds and voids are first *reserved* (counted as pending, so
//! nothing can pass what is left while Klarna is being asked), then *settled*
//! (succeeded or failed). The store writes the ledger that `apply` returns
//! with a compare-and-set on the payment's version, so the check holds across
//! every server instance on one database. The public state is derived from
//! the settled amounts by [`state`].

use serde::{Deserialize, Serialize};

mod ledger;
mod names;

pub use ledger::{CaptureBalance, Ledger};
pub use names::{CaptureMethod, PaymentState};

/// Klarna's limit of captures per transaction.
pub const MAX_CAPTURES: u32 = 200;
/// Klarna's limit of refunds per transaction.
pub const MAX_REFUNDS: u32 = 200;
/// Klarna's limit of actions (captures, refunds, voids) per transaction.
pub const MAX_ACTIONS: u32 = 500;

/// What is asked of a payment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    /// Capture `amount`.
    Capture(i64),
    /// Refund `amount`, of one capture when named.
    Refund(i64, Option<CaptureBalance>),
    /// Release everything uncaptured (refused while a capture is pending).
    Void,
}

/// The kind of an operation, once reserved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OperationKind {
    /// A capture.
    Capture,
    /// A refund.
    Refund,
    /// A void (release).
    Void,
}

impl OperationKind {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            OperationKind::Capture => "capture",
            OperationKind::Refund => "refund",
            OperationKind::Void => "void",
        }
    }

    /// Parses the wire name.
    pub fn parse(s: &str) -> Option<OperationKind> {
        [
            OperationKind::Capture,
            OperationKind::Refund,
            OperationKind::Void,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }
}

/// Something that happens to a payment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaymentEvent {
    /// The merchant asks for an operation: count it as pending.
    Reserve(Operation),
    /// Klarna answered a reserved operation of `kind` and `amount`.
    Settle {
        /// The operation's kind.
        kind: OperationKind,
        /// The amount that was reserved.
        amount: i64,
        /// Whether Klarna did it.
        succeeded: bool,
    },
    /// Klarna let the uncaptured part lapse.
    Expire,
}

/// Why an event can't apply: the request field at fault and the reason
/// (answered as `409 conflict` naming the field).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// The request field, e.g. `amount` or `capture_id`.
    pub field: &'static str,
    /// What is wrong, with the figures.
    pub reason: String,
}

fn refuse(field: &'static str, reason: impl Into<String>) -> Refusal {
    Refusal {
        field,
        reason: reason.into(),
    }
}

/// The public state of a ledger (settled amounts only). `open` is what is
/// neither captured nor released (authorized − captured − released: still
/// capturable, or held by a pending capture or void):
///
/// - no refund yet: nothing captured → `authorized` (or `voided` / `expired`
///   once released); captured and `open` = 0 → `captured`; else
///   `partially_captured`;
/// - refunds: `refunded` only when everything captured went back and `open`
///   = 0 (nothing left to capture); else `partially_refunded`, even when the
///   refunds equal the captures but part of the authorization may still be
///   captured.
pub fn state(l: &Ledger) -> PaymentState {
    let open = l.authorized - l.captured - l.released;
    if l.refunded > 0 {
        return if l.refunded >= l.captured && open <= 0 {
            PaymentState::Refunded
        } else {
            PaymentState::PartiallyRefunded
        };
    }
    if l.captured == 0 {
        return if l.released == 0 {
            PaymentState::Authorized
        } else if l.expired {
            PaymentState::Expired
        } else {
            PaymentState::Voided
        };
    }
    if open <= 0 {
        PaymentState::Captured
    } else {
        PaymentState::PartiallyCaptured
    }
}

/// Applies `event` to `l` and returns the ledger to write.
pub fn apply(l: &Ledger, event: PaymentEvent) -> Result<Ledger, Refusal> {
    let mut n = *l;
    match event {
        PaymentEvent::Reserve(op) => {
            if n.actions >= MAX_ACTIONS {
                return Err(refuse(
                    "$",
                    format!("Klarna allows at most {MAX_ACTIONS} actions per payment"),
                ));
            }
            reserve(&mut n, op)?;
            n.actions += 1;
        }
        PaymentEvent::Settle {
            kind,
            amount,
            succeeded,
        } => settle(&mut n, kind, amount, succeeded),
        PaymentEvent::Expire => {
            let left = n.capturable();
            if left > 0 {
                n.released += left;
                n.expired = true;
            }
        }
    }
    Ok(n)
}

fn reserve(n: &mut Ledger, op: Operation) -> Result<(), Refusal> {
    match op {
        Operation::Capture(amount) | Operation::Refund(amount, _) if amount <= 0 => Err(refuse(
            "amount",
            "expected a positive amount in minor units",
        )),
        Operation::Capture(amount) => {
            let left = n.capturable();
            if n.released > 0 || n.pending_release > 0 {
                return Err(refuse(
                    "amount",
                    "the uncaptured rest of this payment was released (voided or expired)",
                ));
            }
            if amount > left {
                return Err(refuse(
                    "amount",
                    format!("{amount} is more than the {left} left to capture (authorized {}, captured {}, pending {})", n.authorized, n.captured, n.pending_capture),
                ));
            }
            if n.captures >= MAX_CAPTURES {
                return Err(refuse(
                    "amount",
                    format!("Klarna allows at most {MAX_CAPTURES} captures per payment"),
                ));
            }
            n.pending_capture += amount;
            n.captures += 1;
            Ok(())
        }
        Operation::Refund(amount, capture) => {
            if let Some(c) = capture {
                if !c.settled {
                    return Err(refuse(
                        "capture_id",
                        "that capture is not confirmed by Klarna (yet)",
                    ));
                }
                let left = c.amount - c.refunded;
                if amount > left {
                    return Err(refuse("amount", format!("{amount} is more than the {left} left to refund of that capture (captured {}, refunded {})", c.amount, c.refunded)));
                }
            }
            let left = n.refundable();
            if amount > left {
                return Err(refuse(
                    "amount",
                    format!("{amount} is more than the {left} left to refund (captured {}, refunded {}, pending {})", n.captured, n.refunded, n.pending_refund),
                ));
            }
            if n.refunds >= MAX_REFUNDS {
                return Err(refuse(
                    "amount",
                    format!("Klarna allows at most {MAX_REFUNDS} refunds per payment"),
                ));
            }
            n.pending_refund += amount;
            n.refunds += 1;
            Ok(())
        }
        Operation::Void => {
            // Klarna's release takes everything it has not captured: a
            // capture still in flight would go with it, and our books could
            // not tell which came first. So a void waits for the captures.
            if n.pending_capture > 0 {
                return Err(refuse(
                    "$",
                    format!("a capture of {} is pending at Klarna; void once Klarna has answered it (GET the session: its status leaves pending, usually within seconds)", n.pending_capture),
                ));
            }
            let left = n.capturable();
            if left <= 0 {
                return Err(refuse("$", "nothing uncaptured is left to release"));
            }
            n.pending_release += left;
            Ok(())
        }
    }
}

fn settle(n: &mut Ledger, kind: OperationKind, amount: i64, succeeded: bool) {
    let (pending, done) = match kind {
        OperationKind::Capture => (&mut n.pending_capture, &mut n.captured),
        OperationKind::Refund => (&mut n.pending_refund, &mut n.refunded),
        OperationKind::Void => (&mut n.pending_release, &mut n.released),
    };
    *pending -= amount;
    if succeeded {
        *done += amount;
    } else {
        match kind {
            OperationKind::Capture => {
                n.captures -= 1;
                // The rest lapsed while this capture was pending: Klarna
                // released its amount with the rest.
                if n.released > 0 {
                    n.released += amount;
                }
            }
            OperationKind::Refund => n.refunds -= 1,
            OperationKind::Void => {}
        }
    }
}

#[cfg(test)]
mod tests;
