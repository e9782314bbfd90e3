//! Klarna's one entry in the method list. It holds Klarna's choices (the
//! standard option and, for a shopper Klarna knows, the saved one, first):
//! each is a radio of the method group, so choosing either chooses Klarna.
//! Each choice shows Klarna's own components (header, subheader, icon, badge,
//! message), mounted into its empty slots; only where Klarna hands plain
//! strings (the v2 list's `content`) does the page draw the text and the
//! logo itself. Nothing of Klarna's is hard-coded. The chosen choice holds
//! Klarna's message and payment button (`crate::flow::mounting` mounts
//! Klarna's elements into the rows).
//!
//! The entry has two fixed rows (Klarna presents its option and at most one
//! saved one), and every reactive read of a row goes through one closure
//! type (`part`, `flag`): one fixed view shape, and one copy of the reactive
//! code in the module. What shows is CSS's (`klarna_option.css`): a row
//! without a choice (no `data-option-id`), a logo without a URL, and the
//! message and button of a row whose radio is not checked are not displayed.

use crate::flow::mounting::mount_button;
use crate::flow::pay::fast_track;
use crate::flow::runtime::emit;
use crate::flow::state::{CheckoutState, KLARNA};
use crate::flow::Rt;
use checkout_core::presentation::OptionDescriptor;
use checkout_core::protocol::CheckoutEvent;
use leptos::prelude::*;

/// Chooses Klarna's choice in row `i` (the shopper picked its radio).
fn choose(st: CheckoutState, rt: Rt, i: usize) {
    let id = st.choices[i].with_untracked(|d| d.as_ref().map(|d| d.payment_option_id.clone()));
    st.select(Some(KLARNA.to_string()));
    st.choose(id);
    emit(
        rt,
        CheckoutEvent::PaymentMethodSelected {
            method: KLARNA.to_string(),
            payment_option_id: st.chosen_option_id(),
        },
    );
    mount_button(st, rt);
    fast_track(st, rt, None);
}

/// Reads one thing of a row's choice (`None` without a choice).
type Part = fn(&OptionDescriptor) -> Option<String>;

/// The test ids of the rows' radios (only on a row that holds a choice).
const RADIO_IDS: [Part; 2] = [
    |_| Some("klarna-radio".into()),
    |_| Some("klarna-radio-2".into()),
];

/// A yes-or-no of row `i`.
type Flag = fn(CheckoutState, usize) -> bool;

/// Whether row `i`'s choice is the chosen one, with Klarna selected.
fn chosen(st: CheckoutState, i: usize) -> bool {
    st.selected.with(|s| s.as_deref() == Some(KLARNA))
        && st.choices[i].with(|d| {
            st.chosen
                .with(|c| d.as_ref().map(|d| &d.payment_option_id) == c.as_ref())
        })
}

/// Row `i`: its radio, its slots, and (chosen) its message and button.
fn choice(st: CheckoutState, rt: Rt, i: usize) -> impl IntoView {
    let slot = st.choices[i];
    let part = move |f: Part| move || slot.with(|d| d.as_ref().and_then(f));
    let flag = move |f: Flag| move || f(st, i);
    view! {
        <div class="khc-choice" data-option-id=part(|d| Some(d.payment_option_id.clone()))>
            <label class="khc-method__label">
                <input type="radio" name="khc-method" class="khc-method__radio" value="klarna"
                    data-testid=part(RADIO_IDS[i])
                    prop:checked=flag(chosen) on:change=move |_| choose(st, rt, i)/>
                <span class="khc-part--icon">
                    <img class="khc-method__icon" src=part(|d| d.icon_url.clone())
                        alt=part(|d| d.icon_alt.clone()) width="48" height="32"/>
                </span>
                <span class="khc-method__text">
                    <span class="khc-method__name khc-part--header">{part(|d| d.header.clone())}</span>
                    <span class="khc-method__badge khc-part--badge"></span>
                    <span class="khc-method__sub khc-part--subheader">{part(|d| d.subheader.clone())}</span>
                </span>
            </label>
            <div class="khc-method__message khc-part--message"></div>
            <div class="khc-pay"></div>
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
    view! {
        <li class="khc-method khc-method--klarna" data-method="klarna" data-testid="klarna-option">
            {choice(st, rt, 0)}
            {choice(st, rt, 1)}
        </li>
    }
}
