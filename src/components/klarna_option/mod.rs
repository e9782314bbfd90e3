//! Klarna's one entry in the method list. It holds Klarna's choices (the
//! standard option and, for a shopper Klarna knows, the saved one, first):
//! each is a radio of the method group, so choosing either chooses Klarna.
//! Each choice shows Klarna's own components (header, subheader, icon, badge,
//! message), mounted into its empty slots; only where Klarna hands plain
//! strings (the v2 list's `content`) does the page draw the text and the
//! logo itself. Nothing of Klarna's is hard-coded. The chosen choice holds
//! Klarna's message and payment button.

use crate::bindings::parts::MountedParts;
use crate::components::pay_button::PayButton;
use crate::flow::pay::maybe_fast_track;
use crate::flow::runtime::emit;
use crate::flow::state::{CheckoutState, KLARNA};
use crate::flow::Rt;
use checkout_core::presentation::OptionDescriptor;
use checkout_core::protocol::CheckoutEvent;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Mounts Klarna's parts of every choice into its slots, again for every new
/// presentation; the last presentation's parts are unmounted first.
fn mount_parts(st: CheckoutState, rt: Rt) {
    Effect::new(move |_| {
        st.presented.track();
        st.choices.track();
        let rows = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector_all(".khc-choice").ok());
        rt.update_value(|r| {
            r.parts.clear();
            let Some(rows) = rows else { return };
            for (i, raw) in r.choices_raw.iter().enumerate() {
                let row = rows
                    .get(i as u32)
                    .and_then(|n| n.dyn_into::<web_sys::Element>().ok());
                if let Some(row) = row {
                    r.parts.push(MountedParts::mount(raw, &row));
                }
            }
        });
    });
    on_cleanup(move || {
        let _ = rt.try_update_value(|r| r.parts.clear());
    });
}

/// Chooses Klarna's choice `i` (the shopper picked its radio).
fn choose(st: CheckoutState, rt: Rt, i: usize) {
    st.select(Some(KLARNA.to_string()));
    st.choose(Some(i));
    emit(
        rt,
        CheckoutEvent::PaymentMethodSelected {
            method: KLARNA.to_string(),
            payment_option_id: st.chosen_option_id(),
        },
    );
    maybe_fast_track(st, rt);
}

/// One choice: its radio, its slots, and (chosen) its message and button.
fn choice(st: CheckoutState, rt: Rt, i: usize, d: OptionDescriptor) -> impl IntoView {
    let chosen =
        move || st.selected.with(|s| s.as_deref() == Some(KLARNA)) && st.chosen.get() == Some(i);
    let (header, subheader) = (d.header.clone(), d.subheader.clone());
    view! {
        <div class="khc-choice" data-testid="klarna-choice" data-option-id=d.payment_option_id.clone()
            data-saved=d.saved.then_some("")>
            <label class="khc-method__label">
                <input type="radio" name="khc-method" class="khc-method__radio" value="klarna"
                    data-testid="klarna-radio" prop:checked=chosen on:change=move |_| choose(st, rt, i)/>
                <span class="khc-part khc-part--icon">
                    {d.icon_url.clone().map(|src| view! {
                        <img class="khc-method__icon" src=src alt=d.icon_alt.clone().unwrap_or_default()
                            width="48" height="32"/>
                    })}
                </span>
                <span class="khc-method__text">
                    <span class="khc-method__name khc-part khc-part--header" data-testid="klarna-header">{header}</span>
                    <span class="khc-method__badge khc-part khc-part--badge"></span>
                    <span class="khc-method__sub khc-part khc-part--subheader" data-testid="klarna-subheader">{subheader}</span>
                </span>
            </label>
            <div class="khc-method__message khc-part khc-part--message" data-testid="klarna-message"
                hidden=move || !chosen()></div>
            {move || chosen().then(|| view! { <PayButton st=st rt=rt/> })}
        </div>
    }
}

/// The Klarna entry of the method list.
#[component]
pub fn KlarnaOption(
    /// Checkout state.
    st: CheckoutState,
    /// Runtime (for the parts and the button).
    rt: Rt,
) -> impl IntoView {
    mount_parts(st, rt);
    let rows = move || {
        st.choices
            .get()
            .into_iter()
            .enumerate()
            .map(|(i, d)| choice(st, rt, i, d))
            .collect_view()
    };
    view! {
        <li class="khc-method khc-method--klarna" data-method="klarna" data-testid="klarna-option"
            data-option-id=move || {
                let i = st.chosen.get().unwrap_or(0);
                st.choices.with(|c| c.get(i).map(|d| d.payment_option_id.clone()))
            }>
            {rows}
        </li>
    }
}
