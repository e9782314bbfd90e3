//! Klarna's own elements in the page: the parts of each choice (header,
//! subheader, icon, badge, message; `crate::bindings::parts`) mounted into
//! the Klarna entry's rows for every new presentation, and Klarna's payment
//! button in the chosen row, created from the choice's own
//! `paymentButton.component()` (r6, r8), else with `Payment.button()` after
//! the choice is `select()`ed (the v2 list has no button). The rows are
//! `<KlarnaOption/>`'s; their parts and button are mounted here, imperatively,
//! after the page rendered them (no effect of their own: each effect costs
//! its own reactive code in the module).

use super::pay::initiate_fn;
use super::state::{CheckoutState, KLARNA};
use super::Rt;
use crate::bindings::button::{ButtonOptions, PaymentButton};
use crate::bindings::console::log;
use crate::bindings::handoff::release_button;
use crate::bindings::js;
use crate::bindings::parts::MountedParts;
use crate::bindings::presentation::select;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsValue;

/// Klarna's own button theme for our page's theme: Klarna's default on a
/// light page, Klarna's `light` button on a dark one. The button keeps
/// Klarna's branding; only Klarna's documented theme option is chosen.
pub fn klarna_theme(theme: checkout_core::appearance::Theme) -> &'static str {
    match theme {
        checkout_core::appearance::Theme::Light => "default",
        checkout_core::appearance::Theme::Dark => "light",
    }
}

/// The entry's rows.
const ROWS: [&str; 2] = [".khc-choice:nth-child(1)", ".khc-choice:nth-child(2)"];

/// Once the page has rendered the new presentation, unmounts the last one's
/// parts, mounts the new ones into the rows, and the button into the chosen
/// row. Until then the boot script's button, when it is the one the page
/// would mount, hands its clicks to the page at once (`serve_clicks`).
pub fn mount_presentation(st: CheckoutState, rt: Rt) {
    serve_clicks(st, rt);
    super::view::when_shown(rt, move || mount_parts(st, rt));
}

/// Mounts the presentation's parts and button once the page rendered it.
fn mount_parts(st: CheckoutState, rt: Rt) {
    request_animation_frame(move || {
        let _ = rt.try_update_value(|r| {
            r.parts.clear();
            for (raw, row) in r.choices_raw.iter().zip(ROWS) {
                if let Some(row) = js::html_element(row) {
                    r.parts.push(MountedParts::mount(raw, &row));
                }
            }
        });
        mount_button(st, rt);
    });
}

/// "Klarna first": the page can pay once its presentation is applied, a frame
/// and the method list's first render before [`mount_button`] can adopt the
/// boot script's button into its row. When that button is the one it would
/// adopt, its clicks (a held one first) go to the page's `initiate` now.
fn serve_clicks(st: CheckoutState, rt: Rt) {
    let idle = rt
        .try_with_value(|r| !r.attempt.busy() && r.button.is_none())
        .unwrap_or(false);
    if !idle || st.selected.get_untracked().as_deref() != Some(KLARNA) {
        return;
    }
    let i = st.chosen_row();
    let Some(option) = rt.with_value(|r| r.choices_raw.get(i).cloned()) else {
        return;
    };
    PaymentButton::serve(&option, &button_options(st), initiate_fn(st, rt));
}

/// Replaces Klarna's button with one for the chosen choice, in its row, when
/// Klarna is selected (else none: Klarna's guide mounts it only then). While
/// a payment runs its button stays (nothing may take it from Klarna).
///
/// The button the boot script mounted before this module ran ("Klarna
/// first", `crate::bindings::handoff`) is adopted when it is this one, and
/// released otherwise; a payment that a click on it started before
/// (`serve_clicks`) keeps it, adopted, whatever the page would mount.
pub fn mount_button(st: CheckoutState, rt: Rt) {
    let busy = rt.try_with_value(|r| r.attempt.busy()).unwrap_or(true);
    if !busy {
        rt.update_value(|r| r.button = None);
    }
    let i = st.chosen_row();
    let target = js::html_element(ROWS[i])
        .filter(|_| st.selected.get_untracked().as_deref() == Some(KLARNA))
        .and_then(|row| row.query_selector(".khc-pay").ok().flatten());
    let Some(el) = target else {
        return release_button();
    };
    let option = rt.with_value(|r| r.choices_raw.get(i).cloned());
    let adopted = option
        .as_ref()
        .and_then(|o| PaymentButton::adopt(o, &button_options(st), initiate_fn(st, rt), &el));
    // While a payment runs, the boot script hands over only the button whose
    // click started it (`serve_clicks`); the page's own stays.
    if let Some(b) = adopted {
        rt.update_value(|r| r.button = Some(b));
        return;
    }
    if busy {
        // Nothing else is mounted while a payment runs.
        return;
    }
    // A v2 option is `select()`ed before `Payment.button()` pays for it.
    let selected = option.as_ref().and_then(select);
    spawn_local(async move {
        if let Some(selected) = selected {
            if let Err(e) = selected.await {
                log(&e.to_string());
            }
        }
        create_button(st, rt, option, el);
    });
}

/// The button's options: the page's locale, Klarna's theme for the page's.
/// The boot script's early button is made with the same (www/early.src.js).
fn button_options(st: CheckoutState) -> ButtonOptions {
    ButtonOptions {
        locale: st.locale.get_untracked(),
        theme: klarna_theme(untrack(|| st.theme())),
        shape: "default",
        initiation_mode: "DEVICE_BEST",
    }
}

/// Creates the button for `option` and mounts it into `el`.
fn create_button(st: CheckoutState, rt: Rt, option: Option<JsValue>, el: web_sys::Element) {
    let Some(klarna) = rt.try_with_value(|r| r.klarna.clone()).flatten() else {
        return;
    };
    let opts = button_options(st);
    let made = PaymentButton::create(&klarna, option.as_ref(), &opts, initiate_fn(st, rt))
        .and_then(|b| b.mount(&el).map(|()| b));
    match made {
        Ok(b) => {
            let _ = rt.try_update_value(|r| r.button = Some(b));
        }
        Err(e) => log(&e.to_string()),
    }
}
