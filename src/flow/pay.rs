//! Paying: Klarna's `initiate` (our authorize call), Klarna's fast-track, and
//! the SDK's `complete` / `abort` / `error`. Each is an event of the page's
//! payment attempt (`checkout_core::attempt`); this module only performs
//! what the attempt's rules say (`perform`) through [`super::outcome`].

use super::outcome::{self, Ending};
use super::state::CheckoutState;
use super::Rt;
use crate::bindings::button::{InitiateAnswer, InitiateFn, InitiateParams};
use crate::bindings::console::log;
use crate::bindings::events::KlarnaEvent;
use crate::client::outbox;
use checkout_core::api::{
    Authorization, AuthorizeOutcome, AuthorizeRequest, ResultOutcome, ResultRequest,
};
use checkout_core::attempt::{Answer, Effect, Event, Stage};
use checkout_core::presentation::fast_track as is_fast_track;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::rc::Rc;

/// Authorize attempts on transient failures (same idempotency key).
const AUTHORIZE_ATTEMPTS: u32 = 3;

/// What an effect needs to be performed: the payment's ids and codes.
#[derive(Debug, Clone, Default)]
struct Ctx {
    /// Approved transaction to record.
    transaction: Option<String>,
    /// Completed payment request's token, to record with it.
    token: Option<String>,
    /// The end's details (the payment request, the codes).
    ending: Ending,
    /// The authorization a check or a record found.
    authorization: Option<Authorization>,
}

/// Applies `event` to the page's attempt.
fn apply(rt: Rt, event: Event) -> Effect {
    rt.try_update_value(|r| r.attempt.apply(event))
        .unwrap_or(Effect::Nothing)
}

/// Performs `effect`; a check or a record feeds its answer back as the next
/// event, until the attempt rests.
fn perform(st: CheckoutState, rt: Rt, effect: Effect, mut ctx: Ctx) {
    match effect {
        Effect::Check => spawn_local(async move {
            let (event, a) = outcome::check(st, rt).await;
            ctx.authorization = a;
            perform(st, rt, apply(rt, event), ctx);
        }),
        Effect::Record => spawn_local(async move {
            let body = ResultRequest {
                outcome: ResultOutcome::Authorized,
                payment_request_id: ctx.ending.payment_request_id.clone(),
                payment_transaction_id: ctx.transaction.take(),
                klarna_network_session_token: ctx.token.take(),
                error_code: None,
            };
            let (recorded, a) = outcome::record(rt, body).await;
            ctx.authorization = a;
            perform(st, rt, apply(rt, Event::Recorded(recorded)), ctx);
        }),
        Effect::Confirm => {
            if let Some(a) = ctx.authorization {
                outcome::confirmed(st, rt, a);
            }
        }
        Effect::End(notice) => outcome::end(st, rt, notice, ctx.ending),
        Effect::Close => outcome::closed(st, rt),
        Effect::Nothing | Effect::Authorize | Effect::Refuse | Effect::Resolve => {}
    }
}

/// Builds the `initiate` implementation for Klarna's button.
pub fn initiate_fn(st: CheckoutState, rt: Rt) -> Rc<InitiateFn> {
    Rc::new(move |params: InitiateParams| Box::pin(attempt(st, rt, params, None)))
}

/// One authorization: after a click (`initiate`), or without one (the
/// fast-track; `confirm` = the legacy confirmation token). Its answer goes
/// back to Klarna's `initiate`; `Err` rejects it.
async fn attempt(
    st: CheckoutState,
    rt: Rt,
    params: InitiateParams,
    fast: Option<Option<String>>,
) -> Result<InitiateAnswer, String> {
    // One authorization at a time; nothing after the payment went through.
    let event = if fast.is_some() {
        Event::FastTrack
    } else {
        Event::Initiate
    };
    if apply(rt, event) != Effect::Authorize {
        return Err("an authorization is already in progress".into());
    }
    outcome::authorizing(st, rt, fast.is_some());
    let api = rt.with_value(|r| r.api.clone());
    let key = outbox::new_key();
    let body = AuthorizeRequest {
        klarna_network_session_token: params
            .network_session_token
            .filter(|t| !t.is_empty())
            .or_else(|| rt.with_value(|r| r.network_token.clone())),
        payment_option_id: params.payment_option_id.or_else(|| st.chosen_option_id()),
    };
    let mut tries = 0;
    let result = loop {
        tries += 1;
        let confirmation = fast.as_ref().and_then(|t| t.as_deref());
        let result = api.authorize(&body, confirmation, &key).await;
        match result {
            Err(e) if e.is_transient() && tries < AUTHORIZE_ATTEMPTS => {
                gloo_timers::future::TimeoutFuture::new(300 * tries).await;
            }
            other => break other,
        }
    };
    let mut ctx = Ctx::default();
    let (event, answer) = match result {
        Ok(AuthorizeOutcome::Approved {
            payment_transaction_id,
            return_url,
        }) => {
            ctx.transaction = Some(payment_transaction_id.clone());
            let answer = InitiateAnswer::Approved { return_url };
            (
                Event::Answered(Answer::Approved(payment_transaction_id)),
                Ok(answer),
            )
        }
        Ok(AuthorizeOutcome::StepUpRequired {
            payment_request_id,
            payment_request_url,
        }) => {
            let answer = InitiateAnswer::StepUp {
                payment_request_id: payment_request_id.clone(),
                payment_request_url,
            };
            (
                Event::Answered(Answer::StepUp(payment_request_id)),
                Ok(answer),
            )
        }
        Ok(AuthorizeOutcome::Declined { .. }) => {
            (Event::Answered(Answer::Declined), Err("DECLINED".into()))
        }
        Err(e) => {
            log(&format!("authorize: {} {}", e.code, e.message));
            ctx.ending.error_code = Some(e.code.clone());
            (Event::Failed, Err(e.code))
        }
    };
    if fast.is_some() && matches!(event, Event::Answered(Answer::StepUp(_))) {
        outcome::progress_done(st, rt);
    }
    perform(st, rt, apply(rt, event), ctx);
    answer
}

/// Klarna's fast-track: when the presentation reported
/// `PENDING_PARTNER_AUTHORIZATION` and Klarna is shown selected (checked on
/// every presentation and every choice), the page authorizes without a
/// second click, once, with visible progress; with `confirm_token` (the
/// legacy `resolve()`'s `PAYMENT_PENDING_CONFIRMATION`) it confirms with
/// Klarna instead. A step-up leaves the shopper to pay with the button.
pub fn fast_track(st: CheckoutState, rt: Rt, confirm_token: Option<String>) {
    let klarna_selected = st.selected.get_untracked().as_deref() == Some(super::state::KLARNA);
    let now = confirm_token.is_some()
        || is_fast_track(rt.with_value(|r| r.payment_status), klarna_selected);
    if !now {
        return;
    }
    let first = rt
        .try_update_value(|r| !std::mem::replace(&mut r.fast_tracked, true))
        .unwrap_or(false);
    if first {
        spawn_local(async move {
            let _ = attempt(st, rt, InitiateParams::default(), Some(confirm_token)).await;
        });
    }
}

/// Klarna's `complete`, `abort` and `error`, as events of the attempt.
pub fn on_event(st: CheckoutState, rt: Rt, event: KlarnaEvent) {
    let mut ctx = Ctx::default();
    let event = match event {
        KlarnaEvent::Complete(pr) => {
            let stage = rt.with_value(|r| r.attempt.stage.clone());
            match stage {
                Stage::Approved(tx) => ctx.transaction = Some(tx),
                Stage::StepUp(id) => {
                    ctx.ending.payment_request_id = pr.payment_request_id.or(Some(id));
                    ctx.token = pr.token;
                }
                _ => {}
            }
            Event::Complete
        }
        KlarnaEvent::Abort(pr) => {
            ctx.ending.payment_request_id = pr.payment_request_id;
            Event::Abort
        }
        KlarnaEvent::Error(err, pr) => {
            log(&err.message);
            ctx.ending.payment_request_id = pr.payment_request_id;
            ctx.ending.error_code = Some("sdk_error".into());
            ctx.ending.klarna_code = err.code;
            Event::SdkError
        }
        KlarnaEvent::PresentationUpdate => return,
    };
    perform(st, rt, apply(rt, event), ctx);
}
