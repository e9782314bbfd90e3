//! The container of Klarna's payment button, inside the chosen Klarna
//! choice. The button is created and mounted when this component appears
//! (Klarna and that choice chosen), again for every new presentation (the
//! button belongs to the presentation it came from), with Klarna's event
//! handlers already registered, and unmounted when it goes away. Where the
//! option has no button of its own (the v2 list), the option is `select()`ed
//! first and `Payment.button()` pays for it.

use crate::bindings::button::{ButtonOptions, PaymentButton};
use crate::bindings::console::log;
use crate::bindings::presentation::select;
use crate::flow::pay::initiate_fn;
use crate::flow::state::CheckoutState;
use crate::flow::Rt;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Klarna's own button theme for our page's theme: Klarna's default on a
/// light page, Klarna's `light` button on a dark one. The button keeps
/// Klarna's branding; only Klarna's documented theme option is chosen.
pub fn klarna_theme(theme: checkout_core::appearance::Theme) -> &'static str {
    match theme {
        checkout_core::appearance::Theme::Light => "default",
        checkout_core::appearance::Theme::Dark => "light",
    }
}

/// Creates and mounts the button for the chosen choice.
async fn mount(st: CheckoutState, rt: Rt) {
    let chosen = st.chosen.get_untracked().unwrap_or(0);
    let Some((klarna, option)) = rt.with_value(|r| {
        let option = r.choices_raw.get(chosen).cloned();
        r.klarna.clone().map(|k| (k, option))
    }) else {
        return log("no Klarna SDK to mount a button with");
    };
    if let Some(o) = &option {
        if let Err(e) = select(o).await {
            log(&e.to_string());
        }
    }
    let Some(el) = crate::bindings::js::html_element(".khc-pay") else {
        return;
    };
    let opts = ButtonOptions {
        locale: st.locale.get_untracked(),
        theme: klarna_theme(untrack(|| st.theme())).into(),
        shape: "default".into(),
        initiation_mode: "DEVICE_BEST".into(),
    };
    let made = PaymentButton::create(&klarna, option.as_ref(), &opts, initiate_fn(st, rt))
        .and_then(|b| b.mount(&el).map(|()| b));
    match made {
        Ok(b) => {
            let _ = rt.try_update_value(|r| r.button = Some(b));
        }
        Err(e) => log(&e.to_string()),
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
    // its class (the chosen choice holds the page's one): a node reference
    // would add its own reactive code to the module. While a payment runs,
    // its button stays (a new presentation must not take it from Klarna).
    Effect::new(move |_| {
        st.presented.track();
        if rt.with_value(|r| r.attempt.busy()) {
            return;
        }
        rt.update_value(|r| r.button = None);
        spawn_local(mount(st, rt));
    });
    on_cleanup(move || {
        // The runtime may already be gone when the whole page unmounts.
        let _ = rt.try_update_value(|r| r.button = None);
    });
    view! { <div class="khc-pay" data-testid="klarna-button-container"></div> }
}
