//! Paying: the `initiate` callback (our authorize call), and the SDK's
//! `complete` / `abort` / `error` events reported through the outbox.

use super::events::emit;
use super::runtime::Pending;
use super::start::{confirmed, fail_event, log};
use super::state::{CheckoutState, Phase};
use super::Rt;
use crate::bindings::button::{InitiateAnswer, InitiateFn, InitiateParams};
use crate::bindings::js;
use crate::client::outbox::{self, Entry};
use checkout_core::api::{AuthorizeOutcome, AuthorizeRequest, ResultOutcome, ResultRequest};
use checkout_core::protocol::CheckoutEvent;
use checkout_core::state::SessionState;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::rc::Rc;
use wasm_bindgen::JsValue;

/// Authorize attempts on transient failures (same idempotency key).
const AUTHORIZE_ATTEMPTS: u32 = 3;

/// Builds the `initiate` implementation for Klarna's button.
pub fn initiate_fn(st: CheckoutState, rt: Rt) -> Rc<InitiateFn> {
    Rc::new(move |params: InitiateParams| Box::pin(initiate(st, rt, params)))
}

async fn initiate(
    st: CheckoutState,
    rt: Rt,
    params: InitiateParams,
) -> Result<InitiateAnswer, String> {
    // One authorization at a time: a second click while one runs (or after
    // the payment went through) is refused.
    let done = matches!(st.phase.get_untracked(), Phase::Confirmed(_));
    let busy = done || rt.with_value(|r| r.pending != Pending::None);
    if busy {
        rt.update_value(|r| r.refused_initiate = true);
        return Err("an authorization is already in progress".into());
    }
    rt.update_value(|r| {
        r.pending = Pending::Authorizing;
        r.refused_initiate = false;
    });
    st.notice.set(None);
    st.announce("authorizing");
    let token = params
        .network_session_token
        .filter(|t| !t.is_empty())
        .or_else(|| rt.with_value(|r| r.network_token.clone()));
    let body = AuthorizeRequest {
        klarna_network_session_token: token,
        payment_option_id: params.payment_option_id,
    };
    let api = rt.with_value(|r| r.api.clone());
    let key = outbox::new_key();
    let mut attempt = 0;
    let outcome = loop {
        attempt += 1;
        match api.authorize(&body, &key).await {
            Err(e) if e.is_transient() && attempt < AUTHORIZE_ATTEMPTS => {
                gloo_timers::future::TimeoutFuture::new(300 * attempt).await;
            }
            other => break other,
        }
    };
    match outcome {
        Ok(AuthorizeOutcome::Approved {
            payment_transaction_id,
            return_url,
        }) => {
            rt.update_value(|r| r.pending = Pending::Approved(payment_transaction_id));
            Ok(InitiateAnswer::Approved { return_url })
        }
        Ok(AuthorizeOutcome::StepUpRequired {
            payment_request_id,
            payment_request_url,
        }) => {
            rt.update_value(|r| r.pending = Pending::StepUp(payment_request_id.clone()));
            Ok(InitiateAnswer::StepUp {
                payment_request_id,
                payment_request_url,
            })
        }
        Ok(AuthorizeOutcome::Declined { .. }) => {
            rt.update_value(|r| r.pending = Pending::None);
            declined(st, rt);
            report(rt, ResultOutcome::Declined, None, None);
            Err("DECLINED".into())
        }
        Err(e) => {
            log(&format!("authorize: {} {}", e.code, e.message));
            rt.update_value(|r| r.pending = Pending::None);
            // A conflict (or a lost answer) may mean an earlier attempt, in
            // this tab or another, already paid: ask the server before
            // offering a retry, so the shopper never pays twice.
            if already_paid(st, rt).await {
                rt.update_value(|r| r.refused_initiate = true);
                return Err("already paid".into());
            }
            back_to_list(st, rt, "pay_error");
            // The SDK reports our rejection of initiate as its own `error`;
            // this failure is already shown and reported once.
            rt.update_value(|r| r.refused_initiate = true);
            Err(e.code)
        }
    }
}

/// Re-reads the session; when it is authorized, shows the confirmation.
async fn already_paid(st: CheckoutState, rt: Rt) -> bool {
    let api = rt.with_value(|r| r.api.clone());
    match api.config().await {
        Ok(cfg) => match cfg.authorization.clone() {
            Some(a) if cfg.state == SessionState::Authorized => {
                st.config.set(Some(cfg));
                rt.update_value(|r| r.button = None);
                confirmed(st, rt, a);
                true
            }
            _ => false,
        },
        Err(_) => false,
    }
}

fn declined(st: CheckoutState, rt: Rt) {
    st.declined.set(true);
    rt.update_value(|r| r.button = None);
    if st.selected.get_untracked().as_deref() == Some(super::state::KLARNA) {
        st.select(None);
    }
    st.show_notice("declined_title");
    st.set_phase(Phase::Ready);
    st.announce("declined_title");
    emit(rt, CheckoutEvent::Declined);
}

fn back_to_list(st: CheckoutState, rt: Rt, notice: &'static str) {
    rt.update_value(|r| {
        if let Some(b) = &r.button {
            b.toggle_state("loading", false);
        }
    });
    st.show_notice(notice);
    st.set_phase(Phase::Ready);
    st.announce(notice);
    match notice {
        "aborted" => emit(rt, CheckoutEvent::Aborted),
        _ => fail_event(rt, "payment_failed", "the payment could not be completed"),
    }
}

/// Posts a result through the outbox (fire and forget; the outbox retries).
fn report(rt: Rt, outcome: ResultOutcome, pr: Option<String>, code: Option<String>) {
    let api = rt.with_value(|r| r.api.clone());
    let body = ResultRequest {
        outcome,
        payment_request_id: pr,
        payment_transaction_id: None,
        klarna_network_session_token: None,
        error_code: code,
    };
    spawn_local(async move {
        let _ = outbox::deliver(
            &api,
            Entry {
                key: outbox::new_key(),
                body,
            },
        )
        .await;
    });
}

/// The token Klarna put in a completed payment request (any of its names).
fn completed_token(pr: &JsValue) -> Option<String> {
    [
        "klarnaNetworkSessionToken",
        "paymentToken",
        "interoperabilityToken",
    ]
    .iter()
    .find_map(|k| js::get_str(pr, &format!("stateContext.{k}")))
}

/// SDK `complete`: report the authorization and show the confirmation.
/// Returns `false` so the SDK does not navigate the iframe to `returnUrl`.
pub fn on_complete(st: CheckoutState, rt: Rt, pr: JsValue, _: JsValue) -> JsValue {
    let pending = rt.with_value(|r| r.pending.clone());
    let mut body = ResultRequest {
        outcome: ResultOutcome::Authorized,
        payment_request_id: None,
        payment_transaction_id: None,
        klarna_network_session_token: None,
        error_code: None,
    };
    match pending {
        Pending::Approved(tx) => body.payment_transaction_id = Some(tx),
        Pending::StepUp(id) => {
            body.payment_request_id = js::get_str(&pr, "paymentRequestId").or(Some(id));
            body.klarna_network_session_token = completed_token(&pr);
        }
        Pending::None | Pending::Authorizing => {
            log("complete event without an authorization in flight: ignored");
            return JsValue::FALSE;
        }
    }
    let api = rt.with_value(|r| r.api.clone());
    spawn_local(async move {
        let entry = Entry {
            key: outbox::new_key(),
            body,
        };
        let res = outbox::deliver(&api, entry).await;
        rt.update_value(|r| r.pending = Pending::None);
        match res {
            Ok(resp) if resp.state == SessionState::Authorized => {
                rt.update_value(|r| r.button = None);
                if let Some(a) = resp.authorization {
                    confirmed(st, rt, a);
                }
            }
            Ok(resp) if resp.state == SessionState::Declined => declined(st, rt),
            Ok(_) => {
                if !already_paid(st, rt).await {
                    back_to_list(st, rt, "pay_error");
                }
            }
            Err(e) => {
                // The result stays in the outbox for the next load; the
                // payment itself may already be on record.
                log(&format!("result: {} {}", e.code, e.message));
                if !already_paid(st, rt).await {
                    back_to_list(st, rt, "pay_error");
                }
            }
        }
    });
    JsValue::FALSE
}

/// SDK `abort`: the shopper closed Klarna; back to the selection, nothing paid.
pub fn on_abort(st: CheckoutState, rt: Rt, pr: JsValue, _: JsValue) -> JsValue {
    if matches!(st.phase.get_untracked(), Phase::Confirmed(_)) {
        return JsValue::UNDEFINED;
    }
    let id = js::get_str(&pr, "paymentRequestId");
    rt.update_value(|r| r.pending = Pending::None);
    report(rt, ResultOutcome::Aborted, id, None);
    back_to_list(st, rt, "aborted");
    JsValue::UNDEFINED
}

/// SDK `error`: unless Klarna declined (already shown), offer a retry.
pub fn on_error(st: CheckoutState, rt: Rt, err: JsValue, pr: JsValue) -> JsValue {
    if st.declined.get_untracked() || matches!(st.phase.get_untracked(), Phase::Confirmed(_)) {
        return JsValue::UNDEFINED;
    }
    let refused = rt.with_value(|r| r.refused_initiate);
    if refused {
        // The SDK reports our refusal of a second initiate: not a failure.
        rt.update_value(|r| r.refused_initiate = false);
        return JsValue::UNDEFINED;
    }
    let code = js::get_str(&err, "code").unwrap_or_else(|| "sdk_error".into());
    log(&format!("Klarna error: {code}"));
    let in_flight = rt.with_value(|r| r.pending.clone());
    if in_flight == Pending::Authorizing {
        // Our own initiate failed and already handled it.
        return JsValue::UNDEFINED;
    }
    rt.update_value(|r| r.pending = Pending::None);
    report(
        rt,
        ResultOutcome::Error,
        js::get_str(&pr, "paymentRequestId"),
        Some(code),
    );
    back_to_list(st, rt, "pay_error");
    JsValue::UNDEFINED
}

/// v1 `PAYMENT_PENDING_CONFIRMATION`: confirms with Klarna's
/// `paymentConfirmationToken` through the server. `true` when the payment
/// went through (the confirmation is shown); otherwise Klarna is preselected
/// and the shopper pays with the button as usual.
pub async fn confirm_pending(st: CheckoutState, rt: Rt, token: &str) -> bool {
    if rt.with_value(|r| r.pending != Pending::None) {
        return false;
    }
    rt.update_value(|r| r.pending = Pending::Authorizing);
    let api = rt.with_value(|r| r.api.clone());
    let outcome = api.confirm(token, &outbox::new_key()).await;
    rt.update_value(|r| r.pending = Pending::None);
    match outcome {
        // Approved: the server recorded the authorization; show it from the session.
        Ok(AuthorizeOutcome::Approved { .. }) => already_paid(st, rt).await,
        Ok(AuthorizeOutcome::Declined { .. }) => {
            declined(st, rt);
            true
        }
        Ok(AuthorizeOutcome::StepUpRequired { .. }) => false,
        Err(e) => {
            log(&format!("confirm: {} {}", e.code, e.message));
            false
        }
    }
}
