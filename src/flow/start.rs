//! Start-up: session config → outbox flush → SDK load and init → events →
//! presentation. Also the presentation refresh used on every change.

use super::events::{connect, emit, reveal};
use super::pay;
use super::state::{CheckoutState, Phase, KLARNA};
use super::Rt;
use crate::bindings::loader::{load_sdk, LoadPolicy};
use crate::bindings::sdk::{
    on_payment_event, on_token_update, Klarna, PresentationRequest, SdkInit,
};
use crate::client::outbox;
use checkout_core::presentation::{merge, plan, preferred_option};
use checkout_core::protocol::CheckoutEvent;
use checkout_core::state::SessionState;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsValue;

/// Runs the whole start-up; every failure ends in a clear phase. Afterwards
/// the page's height is reported to the merchant page.
pub async fn start(st: CheckoutState, rt: Rt, policy: LoadPolicy) {
    boot(st, rt, policy).await;
    reveal(rt);
}

async fn boot(st: CheckoutState, rt: Rt, policy: LoadPolicy) {
    st.set_phase(Phase::Loading);
    let api = rt.with_value(|r| r.api.clone());
    let cfg = match api.config().await {
        Ok(c) => c,
        Err(e) if matches!(e.status, Some(401) | Some(404)) => {
            st.set_phase(Phase::Closed("session_invalid"));
            return;
        }
        Err(e) => {
            log(&format!("config: {} {}", e.code, e.message));
            st.set_phase(Phase::Failed(e.code));
            return;
        }
    };
    if let Some(ms) = cfg.client_timeout_ms {
        crate::client::api::set_call_timeout(ms);
    }
    let requested = st.locale.get_untracked();
    let allowed_locale = checkout_core::markets::market(&cfg.country)
        .is_some_and(|m| m.locales.contains(&requested.as_str()));
    let locale = if allowed_locale {
        requested
    } else {
        cfg.locale.clone()
    };
    // For an open session Klarna's SDK loads and initializes while the
    // language table loads: neither needs the other. Texts switch only once
    // the table is there (no flash of English).
    let early_sdk = async {
        if cfg.state == SessionState::Open {
            Some(init_sdk(&cfg, policy).await)
        } else {
            None
        }
    };
    let (_, early_sdk) = futures::future::join(crate::i18n::ensure(&locale), early_sdk).await;
    st.locale.set(locale);
    super::appearance::take(rt, &cfg.appearance);
    connect(st, rt, &cfg.allowed_origins);
    super::appearance::report(rt);
    st.config.set(Some(cfg.clone()));
    rt.update_value(|r| r.network_token = cfg.klarna_network_session_token.clone());
    for entry in outbox::pending(&api.session_id) {
        if let Ok(resp) = outbox::deliver(&api, entry).await {
            if let Some(a) = resp.authorization {
                confirmed(st, rt, a);
                return;
            }
        }
    }
    match cfg.state {
        SessionState::Authorized => {
            if let Some(a) = cfg.authorization.clone() {
                confirmed(st, rt, a);
                return;
            }
        }
        SessionState::Declined => st.declined.set(true),
        SessionState::Open => {}
        SessionState::Canceled | SessionState::Expired => {
            st.set_phase(Phase::Closed("session_closed"));
            fail_event(rt, "session_closed", "the session is no longer open");
            return;
        }
    }
    if st.declined.get_untracked() {
        st.show_notice("declined_title");
        st.loaded();
        emit(rt, CheckoutEvent::Declined);
        return;
    }
    let sdk = match early_sdk {
        Some(result) => result,
        None => init_sdk(&cfg, policy).await,
    };
    let klarna = match sdk {
        Ok(k) => k,
        Err((code, message)) => {
            fail_event(rt, &code, &message);
            st.set_phase(Phase::Failed(code));
            st.announce("error_title");
            return;
        }
    };
    register_events(st, rt, &klarna);
    rt.update_value(|r| r.klarna = Some(klarna));
    match refresh_presentation(st, rt).await {
        Ok(()) if st.phase.get_untracked() == Phase::Loading => {
            st.loaded();
            emit(rt, CheckoutEvent::Ready);
        }
        Ok(()) => emit(rt, CheckoutEvent::Ready),
        Err(code) => {
            fail_event(rt, &code, "Klarna's presentation failed");
            st.set_phase(Phase::Failed(code));
            st.announce("error_title");
        }
    }
}

/// Shows the confirmation and tells the merchant page.
pub fn confirmed(st: CheckoutState, rt: Rt, a: checkout_core::api::Authorization) {
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

/// Sends an `error` event with a stable code.
pub fn fail_event(rt: Rt, code: &str, message: &str) {
    emit(
        rt,
        CheckoutEvent::Error {
            code: code.to_string(),
            message: message.to_string(),
        },
    );
}

async fn init_sdk(
    cfg: &checkout_core::api::HostedConfig,
    policy: LoadPolicy,
) -> Result<Klarna, (String, String)> {
    let policy = LoadPolicy {
        timeout_ms: cfg.klarna.load_timeout_ms.unwrap_or(policy.timeout_ms),
        ..policy
    };
    let module = load_sdk(&cfg.klarna.sdk_url, policy).await.map_err(|e| {
        log(&e.to_string());
        (e.code.as_str().to_string(), e.message.clone())
    })?;
    let init = SdkInit {
        client_id: cfg.klarna.client_id.clone(),
        partner_account_id: cfg.klarna.partner_account_id.clone(),
        sdk_token: cfg.klarna.sdk_token.clone(),
        network_session_token: cfg.klarna_network_session_token.clone(),
        locale: cfg.locale.clone(),
        products: cfg.klarna.products.clone(),
    };
    Klarna::init(&module, &init).await.map_err(|e| {
        log(&e.to_string());
        (e.code.as_str().to_string(), e.message.clone())
    })
}

/// A payment-event handler of [`super::pay`].
type EventHandler = fn(CheckoutState, Rt, JsValue, JsValue) -> JsValue;

fn register_events(st: CheckoutState, rt: Rt, klarna: &Klarna) {
    let mut subs = Vec::new();
    let handlers: [(&'static str, EventHandler); 3] = [
        ("complete", pay::on_complete),
        ("abort", pay::on_abort),
        ("error", pay::on_error),
    ];
    for (event, h) in handlers {
        match on_payment_event(klarna, event, move |a, b| h(st, rt, a, b)) {
            Ok(s) => subs.push(s),
            Err(e) => log(&e.to_string()),
        }
    }
    if let Ok(s) = on_payment_event(klarna, "presentationupdate", move |_, _| {
        spawn_local(async move {
            let _ = refresh_presentation(st, rt).await;
        });
        JsValue::UNDEFINED
    }) {
        subs.push(s);
    }
    if let Some(s) = on_token_update(klarna, move |token| {
        rt.update_value(|r| r.network_token = Some(token.clone()));
        let api = rt.with_value(|r| r.api.clone());
        spawn_local(async move {
            if let Err(e) = api.network_token(&token).await {
                log(&format!("tokenupdate: {}", e.message));
            }
        });
    }) {
        subs.push(s);
    }
    rt.update_value(|r| r.subscriptions = subs);
}

/// Asks Klarna (presentation and, where the SDK has it, v1 resolve) how to
/// present itself for the current amount, currency and locale, and applies it.
pub async fn refresh_presentation(st: CheckoutState, rt: Rt) -> Result<(), String> {
    let Some(cfg) = st.config.get_untracked() else {
        return Err("no_config".into());
    };
    let Some(klarna) = rt.with_value(|r| r.klarna.clone()) else {
        return Err("sdk_not_ready".into());
    };
    let token = rt.with_value(|r| r.network_token.clone());
    let locale = st.locale.get_untracked();
    let mut from_presentation = None;
    let mut option_raw = None;
    if klarna.has_presentation() {
        let req = PresentationRequest {
            amount: cfg.amount,
            currency: cfg.currency.clone(),
            locale: locale.clone(),
            intents: cfg.intents.clone(),
            network_session_token: token.clone(),
        };
        let p = klarna.presentation(&req).await.map_err(|e| {
            log(&e.to_string());
            e.code.as_str().to_string()
        })?;
        from_presentation = p.instruction;
        let descriptors: Vec<_> = p.options.iter().map(|o| o.descriptor.clone()).collect();
        if let Some(best) = preferred_option(&descriptors) {
            if best.is_fallback() {
                log("Klarna returned fallback descriptors (its own presentation call failed)");
            }
            option_raw = p
                .options
                .iter()
                .find(|o| o.descriptor == *best)
                .map(|o| o.raw.clone());
            st.klarna.set(Some(best.clone()));
        }
    }
    let mut from_resolve = None;
    if klarna.has_resolve() {
        match klarna
            .resolve(token.as_deref(), &cfg.currency, &cfg.country, cfg.amount)
            .await
        {
            Ok(d) => {
                from_resolve = Some(d.instruction);
                if let Some(pct) = d.confirm_with {
                    // Klarna says the shopper already confirmed: pay now.
                    if pay::confirm_pending(st, rt, &pct).await {
                        return Ok(());
                    }
                }
            }
            Err(e) if from_presentation.is_some() => log(&e.to_string()),
            Err(e) => return Err(e.code.as_str().to_string()),
        }
    }
    if !klarna.has_presentation() && !klarna.has_resolve() {
        return Err("sdk_unsupported".into());
    }
    let instruction = merge(from_presentation, from_resolve);
    rt.update_value(|r| r.option_raw = option_raw);
    st.instruction.set(Some(instruction));
    emit(
        rt,
        CheckoutEvent::Availability {
            instruction: instruction.as_str().to_string(),
        },
    );
    let others = !cfg.other_methods.is_empty();
    let p = plan(instruction, others, st.declined.get_untracked());
    let sel = st.selected.get_untracked();
    let still_valid = match sel.as_deref() {
        Some(KLARNA) => p.show_klarna,
        Some(_) => p.show_others,
        None => false,
    };
    if p.klarna_selected || !still_valid {
        st.select(p.klarna_selected.then(|| KLARNA.to_string()));
    }
    Ok(())
}

/// Writes a line to the browser console (never secrets or tokens).
pub fn log(msg: &str) {
    web_sys::console::warn_1(&JsValue::from_str(&format!(
        "[klarna-hosted-checkout] {msg}"
    )));
}
