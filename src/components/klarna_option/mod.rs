//! Klarna in the list, described only by what Klarna's SDK returned
//! (header, subheader, message, icon, badge); nothing of Klarna's is
//! hard-coded. When selected it holds Klarna's payment button.

use crate::components::pay_button::PayButton;
use crate::flow::state::{CheckoutState, KLARNA};
use crate::flow::Rt;
use leptos::prelude::*;

/// The Klarna entry of the method list.
#[component]
pub fn KlarnaOption(
    /// Checkout state.
    st: CheckoutState,
    /// Runtime (for the button).
    rt: Rt,
) -> impl IntoView {
    let d = move || st.klarna.get().unwrap_or_default();
    // A memo: Klarna's button is mounted when Klarna becomes selected, not
    // again each time the selection is set to Klarna once more.
    let selected = Memo::new(move |_| st.selected.with(|s| s.as_deref() == Some(KLARNA)));
    view! {
        <li class="khc-method khc-method--klarna" data-method="klarna" data-testid="klarna-option"
            data-option-id=move || d().payment_option_id>
            <label class="khc-method__label">
                <input type="radio" name="khc-method" class="khc-method__radio" value="klarna"
                    data-testid="klarna-radio"
                    prop:checked=selected
                    on:change=move |_| st.selected.set(Some(KLARNA.to_string()))/>
                {move || d().icon_url.map(|src| view! {
                    <img class="khc-method__icon" src=src alt=d().icon_alt.unwrap_or_default()
                        width="48" height="32"/>
                })}
                <span class="khc-method__text">
                    <span class="khc-method__name" data-testid="klarna-header">{move || d().header}</span>
                    {move || d().badge.map(|b| view! { <span class="khc-method__badge">{b}</span> })}
                    <span class="khc-method__sub" data-testid="klarna-subheader">{move || d().subheader}</span>
                </span>
            </label>
            {move || selected.get().then(|| view! {
                {move || d().message.map(|m| view! {
                    <p class="khc-method__message" data-testid="klarna-message">{m}</p>
                })}
                <PayButton st=st rt=rt/>
            })}
        </li>
    }
}
