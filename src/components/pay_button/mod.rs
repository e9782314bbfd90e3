//! The container of Klarna's payment button. The button is created and
//! mounted when this component appears (Klarna selected) with its event
//! handlers already registered, and unmounted when it goes away.

use crate::bindings::button::{ButtonOptions, PaymentButton};
use crate::flow::pay::initiate_fn;
use crate::flow::start::log;
use crate::flow::state::CheckoutState;
use crate::flow::Rt;
use leptos::prelude::*;

/// Klarna's own button theme for our page's theme: Klarna's default on a
/// light page, Klarna's `light` button on a dark one. The button keeps
/// Klarna's branding; only Klarna's documented theme option is chosen.
pub fn klarna_theme(theme: checkout_core::appearance::Theme) -> &'static str {
    match theme {
        checkout_core::appearance::Theme::Light => "default",
        checkout_core::appearance::Theme::Dark => "light",
    }
}

/// Mounts Klarna's button while shown.
#[component]
pub fn PayButton(
    /// Checkout state.
    st: CheckoutState,
    /// Runtime holding the SDK and the button.
    rt: Rt,
) -> impl IntoView {
    // Effects run once the view is in the page, so the container is found by
    // its class (the page's one Klarna entry holds it): a node reference
    // would add its own reactive code to the module.
    Effect::new(move |_| {
        st.klarna.track();
        let Some(el) = crate::bindings::js::html_element(".khc-pay") else {
            return;
        };
        let locale = st.locale.get_untracked();
        let intents = st
            .config
            .with_untracked(|c| c.as_ref().map(|c| c.intents.clone()))
            .unwrap_or_default();
        rt.update_value(|r| {
            r.button = None;
            let (Some(klarna), Some(option)) = (r.klarna.as_ref(), r.option_raw.as_ref()) else {
                log("no Klarna option to mount a button for");
                return;
            };
            let opts = ButtonOptions {
                locale,
                theme: klarna_theme(untrack(|| st.theme())).into(),
                shape: "default".into(),
                initiation_mode: "DEVICE_BEST".into(),
                intents,
            };
            match PaymentButton::create(klarna, option, &opts, initiate_fn(st, rt)) {
                Ok(b) => match b.mount(&el) {
                    Ok(()) => r.button = Some(b),
                    Err(e) => log(&e.to_string()),
                },
                Err(e) => log(&e.to_string()),
            }
        });
    });
    on_cleanup(move || {
        // The runtime may already be gone when the whole page unmounts.
        let _ = rt.try_update_value(|r| r.button = None);
    });
    view! { <div class="khc-pay" data-testid="klarna-button-container"></div> }
}
