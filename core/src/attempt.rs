//! The rules of the hosted page's payment attempt with Klarna.
//!
//! One [`Attempt`] lives per page. Everything that happens to the payment
//! (Klarna's button asks us to `initiate`, Klarna's fast-track, our authorize
//! call answering, the SDK's `complete` / `abort` / `error`, the result being
//! recorded) is an [`Event`]; [`Attempt::apply`] is the one pure transition
//! that moves the [`Stage`] and says what the page must do ([`Effect`]). The
//! page (`src/flow/pay.rs`) only performs effects, like the server's one
//! writer of the session state (`payments::settle`) does for `crate::state`.
//!
//! The guarantees, each a row of the table test below: one authorization at
//! a time (a second `initiate` is refused), nothing after the payment went
//! through, a decline ends Klarna for the session, a failed or lost answer is
//! checked against the server before the shopper may try again (so nobody
//! pays twice), and the SDK's own `error` about a failure we already handled
//! (our refusal or rejection of `initiate`) is not reported a second time.

/// Where the payment is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stage {
    /// Nothing in flight: the shopper may pay (again, after a failure).
    Idle,
    /// Our authorize call runs; `fast_track` when Klarna's presentation said
    /// the shopper already approved (`PENDING_PARTNER_AUTHORIZATION`) and no
    /// click started it.
    Authorizing {
        /// Started by the fast-track, not by Klarna's button.
        fast_track: bool,
    },
    /// Klarna approved this transaction; waiting for the SDK's `complete`.
    Approved(String),
    /// Klarna's purchase journey is open for this payment request.
    StepUp(String),
    /// Asking the server whether an earlier attempt already paid.
    Checking,
    /// The SDK completed; the result is being recorded.
    Recording,
    /// Paid (final).
    Confirmed,
    /// Klarna declined: not offered again in this session (final).
    Declined,
    /// The session was canceled or expired (final).
    Closed,
}

/// What our authorize call answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// `APPROVED` with this transaction id.
    Approved(String),
    /// `STEP_UP_REQUIRED` with this payment request id.
    StepUp(String),
    /// `DECLINED`.
    Declined,
}

/// What the server said to the recorded result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recorded {
    /// The session is authorized.
    Authorized,
    /// Klarna declined (the final authorization).
    Declined,
    /// Anything else, or the call failed.
    Unsettled,
}

/// How the server says a session ended without a payment (found by a check:
/// another tab was declined, the merchant canceled, the session expired).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Over {
    /// Klarna declined the session.
    Declined,
    /// The session is canceled or expired.
    Closed,
}

/// Something that happened to the payment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// Klarna's button called `initiate` (the shopper clicked).
    Initiate,
    /// Klarna's presentation reported `PENDING_PARTNER_AUTHORIZATION` while
    /// Klarna is shown selected.
    FastTrack,
    /// Our authorize call answered.
    Answered(Answer),
    /// Our authorize call failed (after its own retries) or its answer was lost.
    Failed,
    /// The server says the session is authorized / is not.
    Checked {
        /// Whether the session is authorized.
        paid: bool,
    },
    /// The check found the session ended without a payment.
    Over(Over),
    /// The SDK's `complete` event.
    Complete,
    /// The SDK's `abort` event (the shopper closed Klarna).
    Abort,
    /// The SDK's `error` event.
    SdkError,
    /// The server answered the recorded result.
    Recorded(Recorded),
}

/// The message the page shows above the methods after an attempt ended
/// without a payment; its i18n key is [`Notice::key`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice {
    /// Klarna declined (with a second line: choose another method).
    Declined,
    /// The shopper closed Klarna.
    Aborted,
    /// The payment failed; nothing was charged, try again.
    PayError,
    /// Klarna's fast-track authorizes without a click: the page's progress
    /// message (it ends no attempt; the page shows it while it runs).
    Authorizing,
}

impl Notice {
    /// The i18n key of the notice's title.
    pub fn key(self) -> &'static str {
        match self {
            Notice::Declined => "declined_title",
            Notice::Aborted => "aborted",
            Notice::PayError => "pay_error",
            Notice::Authorizing => "authorizing",
        }
    }

    /// The i18n key of its second line, when it has one.
    pub fn detail_key(self) -> Option<&'static str> {
        (self == Notice::Declined).then_some("declined_body")
    }

    /// The `data-kind` the notice carries in the page (`declined`,
    /// `aborted`, `pay_error`, `progress`).
    pub fn kind(self) -> &'static str {
        match self {
            Notice::Declined => "declined",
            Notice::Aborted => "aborted",
            Notice::PayError => "pay_error",
            Notice::Authorizing => "progress",
        }
    }
}

/// What the page must do after a transition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Nothing (the event changes nothing, or was expected).
    Nothing,
    /// Call our authorize endpoint (with progress shown when fast-tracking).
    Authorize,
    /// Reject Klarna's `initiate`: an authorization runs or the payment is over.
    Refuse,
    /// Hand the answer back to Klarna's `initiate` (`{returnUrl}` or
    /// `{paymentRequestId}`); the SDK goes on.
    Resolve,
    /// Record the authorization through the outbox: by transaction id
    /// (approved) or by payment request (after the journey).
    Record,
    /// Ask the server whether the session is authorized.
    Check,
    /// Show the confirmation and send `authorized`.
    Confirm,
    /// Show that the session is closed and send `error` `session_closed`.
    Close,
    /// End the attempt without a payment: show the notice, send the
    /// matching event (`declined`, `aborted`, `error`) and report it.
    End(Notice),
}

/// The payment attempt of one page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempt {
    /// Where it is.
    pub stage: Stage,
    /// `error` events the SDK still owes us for failures we handled ourselves
    /// (a refused or rejected `initiate`); they are not reported again.
    handled_errors: u8,
}

impl Default for Attempt {
    fn default() -> Self {
        Attempt::new()
    }
}

impl Attempt {
    /// A fresh attempt: nothing in flight.
    pub const fn new() -> Self {
        Attempt {
            stage: Stage::Idle,
            handled_errors: 0,
        }
    }

    /// Whether the attempt is running (a click now would be refused).
    pub fn busy(&self) -> bool {
        !matches!(self.stage, Stage::Idle)
    }

    /// Whether the fast-track (not a click) started the running authorization.
    pub fn fast_tracking(&self) -> bool {
        self.stage == Stage::Authorizing { fast_track: true }
    }

    /// Applies `event`: moves the stage and says what to do.
    pub fn apply(&mut self, event: Event) -> Effect {
        use Effect as F;
        use Stage as S;
        let (next, effect) = match (&self.stage, event) {
            (S::Idle, Event::Initiate) => {
                self.handled_errors = 0;
                (S::Authorizing { fast_track: false }, F::Authorize)
            }
            (S::Idle, Event::FastTrack) => (S::Authorizing { fast_track: true }, F::Authorize),
            (_, Event::Initiate) => {
                self.expect_error();
                return F::Refuse;
            }
            (S::Authorizing { fast_track }, Event::Answered(answer)) => {
                let fast = *fast_track;
                match answer {
                    // Without a click no SDK `complete` follows: record at once.
                    Answer::Approved(_) if fast => (S::Recording, F::Record),
                    Answer::Approved(tx) => (S::Approved(tx), F::Resolve),
                    // A journey needs Klarna's button: the shopper pays as usual.
                    Answer::StepUp(_) if fast => (S::Idle, F::Nothing),
                    Answer::StepUp(pr) => (S::StepUp(pr), F::Resolve),
                    Answer::Declined => {
                        self.expect_error_unless(fast);
                        (S::Declined, F::End(Notice::Declined))
                    }
                }
            }
            (S::Authorizing { fast_track }, Event::Failed) => {
                self.expect_error_unless(*fast_track);
                (S::Checking, F::Check)
            }
            (S::Checking, Event::Checked { paid: true }) => (S::Confirmed, F::Confirm),
            (S::Checking, Event::Checked { paid: false }) => (S::Idle, F::End(Notice::PayError)),
            // Not "try again" for a session that can't be paid any more.
            (S::Checking, Event::Over(Over::Declined)) => (S::Declined, F::End(Notice::Declined)),
            (S::Checking, Event::Over(Over::Closed)) => (S::Closed, F::Close),
            (S::Approved(_) | S::StepUp(_), Event::Complete) => (S::Recording, F::Record),
            (S::Recording, Event::Recorded(Recorded::Authorized)) => (S::Confirmed, F::Confirm),
            (S::Recording, Event::Recorded(Recorded::Declined)) => {
                (S::Declined, F::End(Notice::Declined))
            }
            (S::Recording, Event::Recorded(Recorded::Unsettled)) => (S::Checking, F::Check),
            (S::Confirmed | S::Declined | S::Closed, _) => return F::Nothing,
            (_, Event::SdkError) if self.handled_errors > 0 => {
                self.handled_errors -= 1;
                return F::Nothing;
            }
            // Klarna approved on the server: whatever the SDK says next, ask.
            (S::Approved(_), Event::Abort | Event::SdkError) => (S::Checking, F::Check),
            (S::Idle | S::StepUp(_), Event::Abort) => (S::Idle, F::End(Notice::Aborted)),
            (S::Idle | S::StepUp(_), Event::SdkError) => (S::Idle, F::End(Notice::PayError)),
            // Everything else is out of turn (a `complete` without an
            // authorization, an SDK event while our own call decides): ignored.
            _ => return F::Nothing,
        };
        self.stage = next;
        effect
    }

    fn expect_error(&mut self) {
        self.handled_errors = self.handled_errors.saturating_add(1);
    }

    /// A rejected `initiate` makes the SDK send `error`; a fast-track had no
    /// `initiate`, so no `error` follows.
    fn expect_error_unless(&mut self, fast_track: bool) {
        if !fast_track {
            self.expect_error();
        }
    }
}

#[cfg(test)]
mod tests;
