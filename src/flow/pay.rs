//! Paying: Klarna's `initiate` (our authorize call), Klarna's fast-track, and
//! the SDK's `complete` / `abort` / `error`. Each is an event of the page's
//! payment attempt (`checkout_core::attempt`); this module only performs
//! what the attempt's rules say ([`settle`]) through [`super::outcome`].

use super::outcome::{self, Ending};
use super::state::{CheckoutState, KLARNA};
use super::Rt;
use crate::bindings::button::{InitiateAnswer, InitiateFn, InitiateParams};
use crate::bindings::console::log;
use crate::bindings::events::KlarnaEvent;
use crate::client::api::ApiFailure;
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
    /// Completed payment request to record, with its token.
    token: Option<String>,
    /// The end's details.
    ending: Ending,
    /// The authorization a check or a record found.
    authorization: Option<Authorization>,
}

/// Applies `event` to the page's attempt.
fn apply(rt: Rt, event: Event) -> Effect {
    rt.try_update_value(|r| r.attempt.apply(event))
        .unwrap_or(Effect::Nothing)
}

/// Performs `effect` and the events it leads to (a check, a record) until
/// the attempt rests.
async fn settle(st: CheckoutState, rt: Rt, mut effect: Effect, mut ctx: Ctx) {
    loop {
        let event = match effect {
            Effect::Check => {
                ctx.authorization = outcome::check_paid(st, rt).await;
                Event::Checked {
                    paid: ctx.authorization.is_some(),
                }
            }
            Effect::Record => {
                let body = ResultRequest {
                    outcome: ResultOutcome::Authorized,
                    payment_request_id: ctx.ending.payment_request_id.clone(),
                    payment_transaction_id: ctx.transaction.clone(),
                    klarna_network_session_token: ctx.token.clone(),
                    error_code: None,
                };
                let (recorded, a) = outcome::record(rt, body).await;
                ctx.authorization = a;
                Event::Recorded(recorded)
            }
            Effect::Confirm => {
                if let Some(a) = ctx.authorization.take() {
                    outcome::confirmed(st, rt, a);
                }
                return;
            }
            Effect::End(notice) => return outcome::end(st, rt, notice, ctx.ending),
            Effect::Nothing | Effect::Authorize | Effect::Refuse | Effect::Resolve => return,
        };
        effect = apply(rt, event);
    }
}

/// Builds the `initiate` implementation for Klarna's button.
pub fn initiate_fn(st: CheckoutState, rt: Rt) -> Rc<InitiateFn> {
    Rc::new(move |params: InitiateParams| Box::pin(initiate(st, rt, params)))
}

/// Our authorize call, retried on transient failures with one key.
async fn authorize(rt: Rt, body: AuthorizeRequest) -> Result<AuthorizeOutcome, ApiFailure> {
    let api = rt.with_value(|r| r.api.clone());
    let key = outbox::new_key();
    let mut attempt = 0;
    loop {
        attempt += 1;
        match api.authorize(&body, &key).await {
            Err(e) if e.is_transient() && attempt < AUTHORIZE_ATTEMPTS => {
                gloo_timers::future::TimeoutFuture::new(300 * attempt).await;
            }
            other => return other,
        }
    }
}

/// The token for an authorization: what Klarna passed (newer SDKs), else
/// the one on file, else the SDK's own.
fn token_for(rt: Rt, passed: Option<String>) -> Option<String> {
    passed.filter(|t| !t.is_empty()).or_else(|| {
        rt.with_value(|r| {
            r.network_token
                .clone()
                .or_else(|| r.klarna.as_ref().and_then(|k| k.network_token()))
        })
    })
}

/// The attempt's event for our call's answer, with what its effect needs.
fn answered(result: Result<AuthorizeOutcome, ApiFailure>) -> (Event, Ctx) {
    let mut ctx = Ctx::default();
    let event = match result {
        Ok(AuthorizeOutcome::Approved {
            payment_transaction_id,
            ..
        }) => {
            ctx.transaction = Some(payment_transaction_id.clone());
            Event::Answered(Answer::Approved(payment_transaction_id))
        }
        Ok(AuthorizeOutcome::StepUpRequired {
            payment_request_id, ..
        }) => Event::Answered(Answer::StepUp(payment_request_id)),
        Ok(AuthorizeOutcome::Declined { .. }) => Event::Answered(Answer::Declined),
        Err(e) => {
            log(&format!("authorize: {} {}", e.code, e.message));
            ctx.ending.error_code = Some(e.code);
            Event::Failed
        }
    };
    (event, ctx)
}

async fn initiate(
    st: CheckoutState,
    rt: Rt,
    params: InitiateParams,
) -> Result<InitiateAnswer, String> {
    // One authorization at a time; nothing after the payment went through.
    if apply(rt, Event::Initiate) != Effect::Authorize {
        return Err("an authorization is already in progress".into());
    }
    st.notice.set(None);
    st.announce("authorizing");
    let body = AuthorizeRequest {
        klarna_network_session_token: token_for(rt, params.network_session_token),
        payment_option_id: params.payment_option_id.or_else(|| st.chosen_option_id()),
    };
    let result = authorize(rt, body).await;
    let answer = match &result {
        Ok(AuthorizeOutcome::Approved { return_url, .. }) => Ok(InitiateAnswer::Approved {
            return_url: return_url.clone(),
        }),
        Ok(AuthorizeOutcome::StepUpRequired {
            payment_request_id,
            payment_request_url,
        }) => Ok(InitiateAnswer::StepUp {
            payment_request_id: payment_request_id.clone(),
            payment_request_url: payment_request_url.clone(),
        }),
        Ok(AuthorizeOutcome::Declined { .. }) => Err("DECLINED".to_string()),
        Err(e) => Err(e.code.clone()),
    };
    let (event, ctx) = answered(result);
    let effect = apply(rt, event);
    settle(st, rt, effect, ctx).await;
    answer
}

/// Klarna's fast-track: when the presentation reports
/// `PENDING_PARTNER_AUTHORIZATION` and Klarna is shown selected, authorize
/// without a second click (once per page), with visible progress. The legacy
/// `PAYMENT_PENDING_CONFIRMATION` of `resolve()` confirms with its token the
/// same way.
pub fn maybe_fast_track(st: CheckoutState, rt: Rt) {
    let klarna_selected = st.selected.get_untracked().as_deref() == Some(KLARNA);
    let go = rt
        .try_update_value(|r| {
            let go = !r.fast_tracked && is_fast_track(r.payment_status, klarna_selected);
            r.fast_tracked |= go;
            go
        })
        .unwrap_or(false);
    if go {
        spawn_local(fast_track(st, rt, None));
    }
}

/// Runs the fast-track (see [`maybe_fast_track`]); with `confirm_token`, the
/// legacy confirmation instead of an authorization.
pub async fn fast_track(st: CheckoutState, rt: Rt, confirm_token: Option<String>) {
    if apply(rt, Event::FastTrack) != Effect::Authorize {
        return;
    }
    outcome::progress(st, rt, true);
    let result = match confirm_token {
        Some(t) => {
            let api = rt.with_value(|r| r.api.clone());
            api.confirm(&t, &outbox::new_key()).await
        }
        None => {
            let body = AuthorizeRequest {
                klarna_network_session_token: token_for(rt, None),
                payment_option_id: st.chosen_option_id(),
            };
            authorize(rt, body).await
        }
    };
    let (event, ctx) = answered(result);
    let effect = apply(rt, event);
    settle(st, rt, effect, ctx).await;
    if !rt.with_value(|r| matches!(r.attempt.stage, Stage::Confirmed | Stage::Declined)) {
        outcome::progress(st, rt, false);
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
                _ => log("complete event without an authorization in flight: ignored"),
            }
            Event::Complete
        }
        KlarnaEvent::Abort(pr) => {
            ctx.ending.payment_request_id = pr.payment_request_id;
            Event::Abort
        }
        KlarnaEvent::Error(err, pr) => {
            log(&format!(
                "Klarna error: {} {} ({})",
                err.code.as_deref().unwrap_or("without a code"),
                err.id.as_deref().unwrap_or(""),
                err.message
            ));
            ctx.ending.payment_request_id = pr.payment_request_id;
            ctx.ending.error_code = Some("sdk_error".into());
            ctx.ending.klarna_error_code = err.code;
            Event::SdkError
        }
        KlarnaEvent::PresentationUpdate => return,
    };
    let effect = apply(rt, event);
    spawn_local(settle(st, rt, effect, ctx));
}
