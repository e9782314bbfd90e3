//! Property tests of the payment ledger: any sequence of reservations,
//! settlements and expiries keeps the amounts within the authorization, and
//! the public state tells the truth: `captured` and `refunded` only when
//! nothing is left to capture, `refunded` only when every captured minor unit
//! went back.

use checkout_core::payment::{
    apply, state, Ledger, Operation, OperationKind, PaymentEvent, PaymentState,
};
use proptest::prelude::*;

#[derive(Debug, Clone)]
enum Step {
    Capture(i64),
    Refund(i64),
    Void,
    /// Settles the oldest pending operation of that kind, succeeded or not.
    Settle(OperationKind, bool),
    Expire,
}

fn step() -> impl Strategy<Value = Step> {
    let kind = prop_oneof![
        Just(OperationKind::Capture),
        Just(OperationKind::Refund),
        Just(OperationKind::Void)
    ];
    prop_oneof![
        (1i64..=120).prop_map(Step::Capture),
        (1i64..=120).prop_map(Step::Refund),
        Just(Step::Void),
        (kind, any::<bool>()).prop_map(|(k, ok)| Step::Settle(k, ok)),
        Just(Step::Expire),
    ]
}

fn check(l: &Ledger) {
    let open = l.authorized - l.captured - l.released;
    assert!(l.capturable() >= 0 && l.refundable() >= 0, "{l:?}");
    assert!(open >= l.pending_capture + l.pending_release, "{l:?}");
    assert!(l.refunded + l.pending_refund <= l.captured, "{l:?}");
    let nothing_to_capture = open == 0;
    match state(l) {
        PaymentState::Refunded => {
            assert!(
                nothing_to_capture && l.refunded == l.captured && l.captured > 0,
                "{l:?}"
            )
        }
        PaymentState::Captured => {
            assert!(
                nothing_to_capture && l.captured > 0 && l.refunded == 0,
                "{l:?}"
            )
        }
        PaymentState::PartiallyRefunded => {
            assert!(
                l.refunded > 0 && (l.refunded < l.captured || open > 0),
                "{l:?}"
            )
        }
        PaymentState::PartiallyCaptured => {
            assert!(l.captured > 0 && l.refunded == 0 && open > 0, "{l:?}")
        }
        PaymentState::Authorized => assert!(l.captured == 0 && l.released == 0, "{l:?}"),
        PaymentState::Voided | PaymentState::Expired => {
            assert!(l.captured == 0 && l.released > 0, "{l:?}")
        }
    }
}

proptest! {
    #[test]
    fn the_state_follows_the_amounts(steps in proptest::collection::vec(step(), 0..40)) {
        let mut l = Ledger::authorized(100);
        // Pending amounts per kind, oldest first, as the server keeps them.
        let mut pending: Vec<(OperationKind, i64)> = Vec::new();
        for s in steps {
            let event = match s {
                Step::Capture(a) => PaymentEvent::Reserve(Operation::Capture(a)),
                Step::Refund(a) => PaymentEvent::Reserve(Operation::Refund(a, None)),
                Step::Void => PaymentEvent::Reserve(Operation::Void),
                Step::Settle(kind, succeeded) => {
                    let Some(i) = pending.iter().position(|(k, _)| *k == kind) else { continue };
                    let (_, amount) = pending.remove(i);
                    PaymentEvent::Settle { kind, amount, succeeded }
                }
                Step::Expire => PaymentEvent::Expire,
            };
            let Ok(n) = apply(&l, event) else { continue };
            if let PaymentEvent::Reserve(op) = event {
                pending.push(match op {
                    Operation::Capture(a) => (OperationKind::Capture, a),
                    Operation::Refund(a, _) => (OperationKind::Refund, a),
                    Operation::Void => (OperationKind::Void, l.capturable()),
                });
            }
            l = n;
            check(&l);
        }
    }
}
