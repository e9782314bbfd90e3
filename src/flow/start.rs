//! Start-up: session config → outbox flush → SDK load and init → Klarna's
//! events → presentation. The top of the flow's one-way chain.

use super::embedding::{connect, reveal, tell_unavailable};
use super::outcome::{closed, confirmed, declined};
use super::presentation::refresh;
use super::runtime::{emit, fail_event};
use super::state::{CheckoutState, Phase};
use super::{pay, Rt};
use crate::bindings::console::log;
use crate::bindings::events::{on_payment_events, KlarnaEvent};
use crate::bindings::loader::{load_sdk, LoadPolicy};
use crate::bindings::sdk::{on_token_update, Klarna, SdkInit};
use crate::client::outbox;
use checkout_core::attempt::Notice;
use checkout_core::protocol::CheckoutEvent;
use checkout_core::state::SessionState;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::rc::Rc;

/// Runs the whole start-up; every failure ends in a clear phase. Afterwards
/// the page's height is reported to the merchant page.
pub async fn start(st: CheckoutState, rt: Rt, policy: LoadPolicy) {
    boot(st, rt, policy).await;
    crate::bindings::console::mark("boot-end");
    if st.phase.get_untracked() != Phase::Ready {
        // No methods to show: no Klarna button either (the boot script's,
        // when it mounted one, is unmounted; `crate::bindings::handoff`).
        crate::bindings::handoff::release_button();
    }
    reveal(rt);
}

async fn boot(st: CheckoutState, rt: Rt, policy: LoadPolicy) {
    st.set_phase(Phase::Loading);
    let api = rt.with_value(|r| r.api.clone());
    let cfg = match api.config().await {
        Ok(c) => c,
        Err(e) => {
            tell_unavailable(rt, &e.code, &e.message);
            if matches!(e.status, Some(401) | Some(404)) {
                st.set_phase(Phase::Closed("session_invalid"));
            } else {
                log(&format!("config: {} {}", e.code, e.message));
                st.set_phase(Phase::Failed(e.code));
            }
            return;
        }
    };
    crate::bindings::console::mark("config");
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
    crate::bindings::console::mark("table-and-sdk");
    st.set_locale(locale);
    super::appearance::take(rt, &cfg.appearance);
    connect(st, rt, &cfg.allowed_origins);
    super::appearance::report(rt);
    let cfg = std::sync::Arc::new(cfg);
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
    // Reloaded while the first click is being paid: wait for its answer.
    let cfg = super::pending::settle(st, rt, &api, cfg).await;
    match cfg.state {
        SessionState::Authorized => {
            if let Some(a) = cfg.authorization.clone() {
                confirmed(st, rt, a);
                return;
            }
        }
        SessionState::Declined => declined(st, rt),
        SessionState::Open => {}
        SessionState::Canceled | SessionState::Expired => return closed(st, rt),
    }
    if st.declined.get_untracked() {
        st.show_notice(Notice::Declined);
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
            fail_event(rt, &code, &message, None);
            st.set_phase(Phase::Failed(code));
            st.announce("error_title");
            return;
        }
    };
    register_events(st, rt, &klarna);
    crate::bindings::console::mark("events");
    rt.update_value(|r| r.klarna = Some(klarna));
    match refresh(st, rt).await {
        Ok(()) if st.phase.get_untracked() == Phase::Loading => {
            st.loaded();
            emit(rt, CheckoutEvent::Ready);
        }
        Ok(()) => emit(rt, CheckoutEvent::Ready),
        Err(code) => {
            fail_event(rt, &code, "Klarna's presentation failed", None);
            st.set_phase(Phase::Failed(code));
            st.announce("error_title");
        }
    }
}

async fn init_sdk(
    cfg: &checkout_core::api::HostedConfigView,
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
        locale: cfg.locale.clone(),
        products: cfg.klarna.products.clone(),
        acquiring_config: cfg.klarna.acquiring_config.clone(),
    };
    Klarna::init(&module, &init).await.map_err(|e| {
        log(&e.to_string());
        (e.code.as_str().to_string(), e.message.clone())
    })
}

/// Registers Klarna's payment events (typed by the bindings) and its token
/// updates, before anything is mounted.
fn register_events(st: CheckoutState, rt: Rt, klarna: &Klarna) {
    let mut subs = on_payment_events(
        klarna,
        Rc::new(move |event| match event {
            KlarnaEvent::PresentationUpdate => spawn_local(async move {
                let _ = refresh(st, rt).await;
            }),
            event => pay::on_event(st, rt, event),
        }),
    );
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
