//! How a payment attempt ends on the page: the confirmation, a decline, an
//! abort or a failure (each with its notice, its event for the merchant page
//! and its report to the server), the recording of an authorization through
//! the outbox, and the check whether the session is already paid (or ended
//! without a payment: declined elsewhere, canceled, expired). The
//! attempt's rules (`checkout_core::attempt`) say which; [`super::pay`] calls
//! these.

use super::runtime::{emit, fail_event};
use super::state::{CheckoutState, Phase, KLARNA};
use super::Rt;
use crate::bindings::console::log;
use crate::client::outbox::{self, Entry};
use checkout_core::api::{Authorization, ResultOutcome, ResultRequest};
use checkout_core::attempt::{Event, Notice, Over, Recorded, Stage};
use checkout_core::protocol::CheckoutEvent;
use checkout_core::state::SessionState;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// What the page knows of the attempt that ends: the payment request, the
/// codes of the failure.
#[derive(Debug, Clone, Default)]
pub struct Ending {
    /// Klarna's payment request, when one was open.
    pub payment_request_id: Option<String>,
    /// Our stable code of the failure (a server code, or Klarna's).
    pub error_code: Option<String>,
    /// Klarna's own `errorCode`, when Klarna reported the failure.
    pub klarna_code: Option<String>,
}

/// Shows the confirmation and tells the merchant page.
pub fn confirmed(st: CheckoutState, rt: Rt, a: Authorization) {
    rt.update_value(|r| {
        r.attempt.stage = Stage::Confirmed;
        r.button = None;
    });
    emit(
        rt,
        CheckoutEvent::Authorized {
            payment_transaction_id: a.payment_transaction_id.clone(),
        },
    );
    // Without checkout.js (a payment link, a plain iframe) nothing on the
    // merchant's side takes the shopper back: the confirmation links to the
    // server's redirect to the session's return_url (it fills Klarna's
    // placeholders). A page opened on its own follows the link shortly (the
    // boot script, www/hpp.src.js, does that: fewer bytes than here).
    let back = rt
        .with_value(|r| r.embed.is_none())
        .then(|| {
            st.config
                .with_untracked(|c| c.as_ref().map(|c| format!("/hpp/{}/return", c.session_id)))
        })
        .flatten();
    rt.update_value(|r| r.back = back);
    st.set_phase(Phase::Confirmed(a));
    st.announce("confirmed_title");
}

/// Klarna is no longer offered in this session (declined now, or earlier).
pub fn declined(st: CheckoutState, rt: Rt) {
    rt.update_value(|r| {
        r.attempt.stage = Stage::Declined;
        r.button = None;
    });
    st.declined.set(true);
    if st.selected.get_untracked().as_deref() == Some(KLARNA) {
        st.select(None);
    }
}

/// Ends the attempt without a payment: the notice, the event, the report.
pub fn end(st: CheckoutState, rt: Rt, notice: Notice, why: Ending) {
    let outcome = match notice {
        Notice::Declined => {
            declined(st, rt);
            emit(rt, CheckoutEvent::Declined);
            ResultOutcome::Declined
        }
        Notice::Aborted => {
            emit(rt, CheckoutEvent::Aborted);
            ResultOutcome::Aborted
        }
        // Not an end: the fast-track's progress (the attempt never ends so).
        Notice::Authorizing => return,
        Notice::PayError => {
            let message = "the payment could not be completed";
            fail_event(rt, "payment_failed", message, why.klarna_code.clone());
            ResultOutcome::Error
        }
    };
    rt.with_value(|r| r.button_loading(false));
    st.show_notice(notice);
    st.set_phase(Phase::Ready);
    st.announce(notice.key());
    let code = (outcome == ResultOutcome::Error)
        .then(|| why.klarna_code.or(why.error_code))
        .flatten();
    report(rt, outcome, why.payment_request_id, code);
}

/// Posts a result through the outbox (fire and forget; the outbox retries).
fn report(rt: Rt, outcome: ResultOutcome, pr: Option<String>, code: Option<String>) {
    let body = ResultRequest {
        outcome,
        payment_request_id: pr,
        payment_transaction_id: None,
        klarna_network_session_token: None,
        error_code: code,
    };
    let api = rt.with_value(|r| r.api.clone());
    spawn_local(async move {
        let entry = Entry {
            key: outbox::new_key(),
            body,
        };
        let _ = outbox::deliver(&api, entry).await;
    });
}

/// Records the authorization through the outbox and says what the server
/// made of it. A failed call stays in the outbox for the next load.
pub async fn record(rt: Rt, body: ResultRequest) -> (Recorded, Option<Authorization>) {
    let api = rt.with_value(|r| r.api.clone());
    let entry = Entry {
        key: outbox::new_key(),
        body,
    };
    match outbox::deliver(&api, entry).await {
        Ok(resp) if resp.state == SessionState::Authorized => {
            (Recorded::Authorized, resp.authorization)
        }
        Ok(resp) if resp.state == SessionState::Declined => (Recorded::Declined, None),
        Ok(_) => (Recorded::Unsettled, None),
        Err(e) => {
            log(&format!("result: {} {}", e.code, e.message));
            (Recorded::Unsettled, None)
        }
    }
}

/// Re-reads the session: its authorization when it is paid (a conflict or a
/// lost answer may mean an earlier attempt, in this tab or another, paid),
/// and whether it ended without a payment (declined in another tab,
/// canceled by the merchant, expired) — as the attempt's next event.
pub async fn check(st: CheckoutState, rt: Rt) -> (Event, Option<Authorization>) {
    let api = rt.with_value(|r| r.api.clone());
    let unpaid = (Event::Checked { paid: false }, None);
    let Ok(cfg) = api.config().await else {
        return unpaid;
    };
    match cfg.state {
        SessionState::Declined => (Event::Over(Over::Declined), None),
        SessionState::Canceled | SessionState::Expired => (Event::Over(Over::Closed), None),
        SessionState::Authorized if cfg.authorization.is_some() => {
            let a = cfg.authorization.clone();
            st.config.set(Some(std::sync::Arc::new(cfg)));
            (Event::Checked { paid: true }, a)
        }
        SessionState::Authorized | SessionState::Open => unpaid,
    }
}

/// The session is canceled or expired (when the page opens, or found while
/// it was open): the closed view and `error` `session_closed`.
pub fn closed(st: CheckoutState, rt: Rt) {
    rt.update_value(|r| r.button = None);
    st.set_phase(Phase::Closed("session_closed"));
    fail_event(rt, "session_closed", "the session is no longer open", None);
}

/// An authorization starts: the message above the methods goes and the
/// live region says so. Without a click (`fast`, Klarna's fast-track), the
/// progress shows too: Klarna's button busy, the progress message.
pub fn authorizing(st: CheckoutState, rt: Rt, fast: bool) {
    st.notice.set(fast.then_some(Notice::Authorizing));
    st.announce(Notice::Authorizing.key());
    if fast {
        rt.with_value(|r| r.button_loading(true));
    }
}

/// The fast-track's progress ends (the shopper pays with the button).
pub fn progress_done(st: CheckoutState, rt: Rt) {
    rt.with_value(|r| r.button_loading(false));
    if st.notice.get_untracked() == Some(Notice::Authorizing) {
        st.notice.set(None);
    }
}
