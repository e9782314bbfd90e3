//! Table tests of [`super::Attempt::apply`]: every rule of a payment attempt
//! as a row (stage before, event → stage after, effect).

use super::*;
use Effect as F;
use Event as E;
use Stage as S;

fn at(stage: Stage) -> Attempt {
    Attempt {
        stage,
        handled_errors: 0,
    }
}

fn tx() -> String {
    "krn:payment:eu1:transaction:1".into()
}

fn pr() -> String {
    "krn:payment:eu1:payment-request:1".into()
}

const CLICKED: Stage = Stage::Authorizing { fast_track: false };
const FAST: Stage = Stage::Authorizing { fast_track: true };

#[test]
fn transition_table() {
    let cases: Vec<(Stage, Event, Stage, Effect)> = vec![
        // A click starts an authorization; a second one while it runs is refused.
        (S::Idle, E::Initiate, CLICKED, F::Authorize),
        (CLICKED, E::Initiate, CLICKED, F::Refuse),
        (S::StepUp(pr()), E::Initiate, S::StepUp(pr()), F::Refuse),
        (S::Recording, E::Initiate, S::Recording, F::Refuse),
        (S::Checking, E::Initiate, S::Checking, F::Refuse),
        // Nothing after the payment went through, nothing after a decline.
        (S::Confirmed, E::Initiate, S::Confirmed, F::Refuse),
        (S::Declined, E::Initiate, S::Declined, F::Refuse),
        (S::Confirmed, E::Abort, S::Confirmed, F::Nothing),
        (S::Confirmed, E::SdkError, S::Confirmed, F::Nothing),
        (S::Declined, E::SdkError, S::Declined, F::Nothing),
        (S::Confirmed, E::FastTrack, S::Confirmed, F::Nothing),
        // Klarna's answers.
        (
            CLICKED,
            E::Answered(Answer::Approved(tx())),
            S::Approved(tx()),
            F::Resolve,
        ),
        (
            CLICKED,
            E::Answered(Answer::StepUp(pr())),
            S::StepUp(pr()),
            F::Resolve,
        ),
        (
            CLICKED,
            E::Answered(Answer::Declined),
            S::Declined,
            F::End(Notice::Declined),
        ),
        // A failed or lost answer: ask the server before offering a retry.
        (CLICKED, E::Failed, S::Checking, F::Check),
        (
            S::Checking,
            E::Checked { paid: true },
            S::Confirmed,
            F::Confirm,
        ),
        (
            S::Checking,
            E::Checked { paid: false },
            S::Idle,
            F::End(Notice::PayError),
        ),
        // The check finds the session ended (another tab was declined, the
        // merchant canceled): its end, never "try again".
        (
            S::Checking,
            E::Over(Over::Declined),
            S::Declined,
            F::End(Notice::Declined),
        ),
        (S::Checking, E::Over(Over::Closed), S::Closed, F::Close),
        (S::Closed, E::Initiate, S::Closed, F::Refuse),
        (S::Closed, E::SdkError, S::Closed, F::Nothing),
        (S::Closed, E::FastTrack, S::Closed, F::Nothing),
        (S::Idle, E::Over(Over::Closed), S::Idle, F::Nothing),
        // The SDK completes: record, then confirm (or decline, or ask again).
        (S::Approved(tx()), E::Complete, S::Recording, F::Record),
        (S::StepUp(pr()), E::Complete, S::Recording, F::Record),
        (
            S::Recording,
            E::Recorded(Recorded::Authorized),
            S::Confirmed,
            F::Confirm,
        ),
        (
            S::Recording,
            E::Recorded(Recorded::Declined),
            S::Declined,
            F::End(Notice::Declined),
        ),
        (
            S::Recording,
            E::Recorded(Recorded::Unsettled),
            S::Checking,
            F::Check,
        ),
        // A `complete` with nothing in flight is ignored.
        (S::Idle, E::Complete, S::Idle, F::Nothing),
        (CLICKED, E::Complete, CLICKED, F::Nothing),
        // The shopper closes Klarna's journey; the journey fails.
        (S::StepUp(pr()), E::Abort, S::Idle, F::End(Notice::Aborted)),
        (
            S::StepUp(pr()),
            E::SdkError,
            S::Idle,
            F::End(Notice::PayError),
        ),
        (S::Idle, E::SdkError, S::Idle, F::End(Notice::PayError)),
        // Klarna approved on the server: an abort or error afterwards is checked.
        (S::Approved(tx()), E::Abort, S::Checking, F::Check),
        (S::Approved(tx()), E::SdkError, S::Checking, F::Check),
        // While our own call decides, the SDK's events don't.
        (CLICKED, E::SdkError, CLICKED, F::Nothing),
        (CLICKED, E::Abort, CLICKED, F::Nothing),
        (S::Recording, E::SdkError, S::Recording, F::Nothing),
        // Fast-track: authorizes without a click, once.
        (S::Idle, E::FastTrack, FAST, F::Authorize),
        (FAST, E::FastTrack, FAST, F::Nothing),
        (CLICKED, E::FastTrack, CLICKED, F::Nothing),
        (FAST, E::Initiate, FAST, F::Refuse),
        (
            FAST,
            E::Answered(Answer::Approved(tx())),
            S::Recording,
            F::Record,
        ),
        (FAST, E::Answered(Answer::StepUp(pr())), S::Idle, F::Nothing),
        (
            FAST,
            E::Answered(Answer::Declined),
            S::Declined,
            F::End(Notice::Declined),
        ),
        (FAST, E::Failed, S::Checking, F::Check),
    ];
    for (from, event, to, effect) in cases {
        let mut a = at(from.clone());
        let got = a.apply(event.clone());
        assert_eq!((&a.stage, &got), (&to, &effect), "{from:?} + {event:?}");
    }
}

#[test]
fn the_sdks_error_about_a_handled_failure_is_not_reported_again() {
    // A rejected initiate (our call failed): the page ends the attempt
    // itself; the SDK's `error` that follows is expected and ignored.
    let mut a = Attempt::new();
    assert_eq!(a.apply(E::Initiate), F::Authorize);
    assert_eq!(a.apply(E::Failed), F::Check);
    assert_eq!(
        a.apply(E::Checked { paid: false }),
        F::End(Notice::PayError)
    );
    assert_eq!(a.apply(E::SdkError), F::Nothing);
    // The next genuine error of the same attempt is reported.
    assert_eq!(a.apply(E::SdkError), F::End(Notice::PayError));
}

#[test]
fn a_refused_second_click_is_not_a_failure() {
    let mut a = Attempt::new();
    a.apply(E::Initiate);
    assert_eq!(a.apply(E::Initiate), F::Refuse);
    assert_eq!(a.apply(E::Answered(Answer::StepUp(pr()))), F::Resolve);
    // The SDK reports our refusal while the journey is open: not an error.
    assert_eq!(a.apply(E::SdkError), F::Nothing);
    assert_eq!(a.stage, S::StepUp(pr()));
    assert_eq!(a.apply(E::Complete), F::Record);
}

#[test]
fn a_new_click_forgets_errors_still_expected() {
    // A retry starts clean: an error the SDK never sent for the last attempt
    // can't swallow a real failure of this one.
    let mut a = Attempt::new();
    a.apply(E::Initiate);
    a.apply(E::Failed);
    a.apply(E::Checked { paid: false });
    assert_eq!(a.apply(E::Initiate), F::Authorize);
    a.apply(E::Answered(Answer::StepUp(pr())));
    assert_eq!(a.apply(E::SdkError), F::End(Notice::PayError));
}

#[test]
fn a_fast_track_expects_no_sdk_error() {
    // No initiate was rejected, so the SDK owes no error: the next one counts.
    let mut a = Attempt::new();
    assert_eq!(a.apply(E::FastTrack), F::Authorize);
    assert!(a.busy() && a.fast_tracking());
    assert_eq!(a.apply(E::Failed), F::Check);
    assert_eq!(
        a.apply(E::Checked { paid: false }),
        F::End(Notice::PayError)
    );
    assert_eq!(a.apply(E::SdkError), F::End(Notice::PayError));
}

#[test]
fn a_retry_after_an_abort_or_error_pays() {
    let mut a = Attempt::new();
    a.apply(E::Initiate);
    a.apply(E::Answered(Answer::StepUp(pr())));
    assert_eq!(a.apply(E::Abort), F::End(Notice::Aborted));
    assert!(!a.busy());
    assert_eq!(a.apply(E::Initiate), F::Authorize);
    a.apply(E::Answered(Answer::Approved(tx())));
    assert_eq!(a.apply(E::Complete), F::Record);
    assert_eq!(a.apply(E::Recorded(Recorded::Authorized)), F::Confirm);
    assert_eq!(a.stage, S::Confirmed);
}

#[test]
fn notices_name_their_texts() {
    assert_eq!(Notice::Declined.key(), "declined_title");
    assert_eq!(Notice::Declined.detail_key(), Some("declined_body"));
    assert_eq!(Notice::Aborted.detail_key(), None);
    assert_eq!(Notice::PayError.kind(), "pay_error");
    assert_eq!(Notice::Authorizing.key(), "authorizing");
}
