//! Klarna in the list, described only by what Klarna's SDK returned
//! (header, subheader, message, icon, badge); nothing of Klarna's is
//! hard-coded. When selected it holds Klarna's payment button.

use crate::components::pay_button::PayButton;
use crate::flow::state::{CheckoutState, KLARNA};
use crate::flow::Rt;
use checkout_core::presentation::OptionDescriptor;
use leptos::prelude::*;

/// Reads one part of the option Klarna described.
type Part = fn(&OptionDescriptor) -> Option<String>;

/// The part `f` of Klarna's option, as it changes.
fn part(st: CheckoutState, f: Part) -> impl Fn() -> Option<String> + Copy + Send + Sync + 'static {
    move || st.klarna.with(|d| d.as_ref().and_then(f))
}

/// Whether Klarna's option lacks the part `f`, as it changes.
fn absent(st: CheckoutState, f: Part) -> impl Fn() -> bool + Copy + Send + Sync + 'static {
    move || st.klarna.with(|d| d.as_ref().and_then(f).is_none())
}

/// The Klarna entry of the method list.
#[component]
pub fn KlarnaOption(
    /// Checkout state.
    st: CheckoutState,
    /// Runtime (for the button).
    rt: Rt,
) -> impl IntoView {
    // Every part is read by one function and every element is always there
    // (hidden when Klarna gave no such part): one fixed view shape, and one
    // copy of the reading code in the module instead of one per part.
    let part = move |f: Part| part(st, f);
    let absent = move |f: Part| absent(st, f);
    // Klarna's button is mounted when Klarna becomes selected; the selection
    // only notifies on a change (`CheckoutState::select`), so not again each
    // time Klarna is selected once more.
    let selected = move || st.selected.with(|s| s.as_deref() == Some(KLARNA));
    view! {
        <li class="khc-method khc-method--klarna" data-method="klarna" data-testid="klarna-option"
            data-option-id=part(|d| Some(d.payment_option_id.clone()))>
            <label class="khc-method__label">
                <input type="radio" name="khc-method" class="khc-method__radio" value="klarna"
                    data-testid="klarna-radio"
                    prop:checked=selected
                    on:change=move |_| st.select(Some(KLARNA.to_string()))/>
                <img class="khc-method__icon" src=part(|d| d.icon_url.clone())
                    alt=part(|d| Some(d.icon_alt.clone().unwrap_or_default()))
                    hidden=absent(|d| d.icon_url.clone()) width="48" height="32"/>
                <span class="khc-method__text">
                    <span class="khc-method__name" data-testid="klarna-header">{part(|d| d.header.clone())}</span>
                    <span class="khc-method__badge" hidden=absent(|d| d.badge.clone())>{part(|d| d.badge.clone())}</span>
                    <span class="khc-method__sub" data-testid="klarna-subheader">{part(|d| d.subheader.clone())}</span>
                </span>
            </label>
            {move || selected().then(|| view! {
                <p class="khc-method__message" data-testid="klarna-message"
                    hidden=absent(|d| d.message.clone())>{part(|d| d.message.clone())}</p>
                <PayButton st=st rt=rt/>
            })}
        </li>
    }
}
