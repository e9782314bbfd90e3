//! A page opened (or reloaded) while the session's authorization is running
//! at Klarna (`authorization_pending` in the config): the shopper's first
//! click is still being paid. The page offers
//! no button then (the boot script mounts none either, `www/early.src.js`):
//! it says it is waiting for Klarna and reads the config again until the
//! answer is recorded, then goes on with that config: the confirmation, the
//! decline, or the methods when Klarna refused the call (nothing charged).

use super::embedding::reveal;
use super::state::CheckoutState;
use super::Rt;
use crate::client::api::ApiContext;
use checkout_core::api::HostedConfigView;
use checkout_core::attempt::Notice;
use checkout_core::state::SessionState;
use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use std::sync::Arc;

/// How long the page waits between two reads of the config.
pub const POLL_MS: u32 = 1_500;

/// How many reads before the page stops waiting and shows the methods (the
/// server still refuses a second payment of a paid session): about 90 s,
/// past the 60 s after which the server's check asks Klarna again for a call
/// whose instance stopped (`server/src/payments/asked.rs`, `DELAY_MS`).
pub const POLLS: u32 = 60;

/// Whether `cfg` says a payment is on its way: open, and running at Klarna.
pub fn waiting(cfg: &HostedConfigView) -> bool {
    cfg.state == SessionState::Open && cfg.authorization_pending
}

/// Waits while the config says an authorization is pending (at most
/// [`POLLS`] reads, [`POLL_MS`] apart; a read that fails counts and is
/// tried again), saying "Waiting for Klarna…" through the live region,
/// shown above the skeleton. Returns the config to go on with, also set in
/// `st`.
pub async fn settle(
    st: CheckoutState,
    rt: Rt,
    api: &ApiContext,
    mut cfg: Arc<HostedConfigView>,
) -> Arc<HostedConfigView> {
    if !waiting(&cfg) {
        return cfg;
    }
    super::view::show(st, rt);
    show_waiting(true);
    st.announce(Notice::Authorizing.key());
    // The frame grows by the message's line: its height is reported from now.
    reveal(rt);
    for _ in 0..POLLS {
        TimeoutFuture::new(POLL_MS).await;
        if let Ok(next) = api.config().await {
            cfg = Arc::new(next);
            st.config.set(Some(cfg.clone()));
        }
        if !waiting(&cfg) {
            break;
        }
    }
    show_waiting(false);
    cfg
}

/// Shows or hides what the live region says ("Waiting for Klarna…", above
/// the skeleton) through the checkout's `data-wait` (`styles/base.css`).
/// Set on the element here rather than bound in a view: the views are built
/// once per phase, and a reactive binding (a class, or a line made on
/// demand) cost the module 0.6 to 0.8 kB brotli before Klarna's button, for
/// a page few shoppers see.
fn show_waiting(on: bool) {
    if let Some(el) = crate::bindings::js::html_element(".khc") {
        let _ = el.set_attribute("data-wait", if on { "1" } else { "0" });
    }
}
