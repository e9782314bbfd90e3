//! Status views: loading skeleton, failure with retry, confirmation, closed.

use crate::flow::state::CheckoutState;
use checkout_core::api::Authorization;
use leptos::prelude::*;

/// Placeholder with the final layout's size while Klarna loads.
#[component]
pub fn Skeleton(
    /// Checkout state.
    st: CheckoutState,
) -> impl IntoView {
    view! {
        <div class="khc-skeleton" aria-busy="true" data-testid="loading">
            <span class="khc-visually-hidden">{st.text("loading")}</span>
            <div class="khc-skeleton__legend"></div>
            <div class="khc-skeleton__row khc-skeleton__row--tall"></div>
            <div class="khc-skeleton__row"></div>
        </div>
    }
}

/// Klarna could not be loaded: what happened and a retry.
#[component]
pub fn Failure(
    /// Checkout state.
    st: CheckoutState,
    /// Stable error code.
    code: String,
    /// Called by the retry button.
    on_retry: impl FnMut(leptos::ev::MouseEvent) + 'static,
) -> impl IntoView {
    // A blocked SDK needs the shopper's help (an extension, a filter), not a better connection.
    let body = if code == "sdk_blocked" {
        "error_blocked"
    } else {
        "error_body"
    };
    view! {
        <div class="khc-status khc-status--error" role="alert" data-testid="error" data-code=code>
            <h2 class="khc-status__title">{st.text("error_title")}</h2>
            <p data-testid="error-body">{st.text(body)}</p>
            <button type="button" class="khc-button" on:click=on_retry>
                {st.text("retry")}
            </button>
        </div>
    }
}

/// The session can't be paid (expired, canceled, bad link).
#[component]
pub fn Closed(
    /// Checkout state.
    st: CheckoutState,
    /// i18n key of the reason.
    key: &'static str,
) -> impl IntoView {
    view! {
        <div class="khc-status" role="alert" data-testid="closed">
            <p>{st.text(key)}</p>
        </div>
    }
}

/// Paid: names Klarna and says what happens next. Takes focus when shown.
#[component]
pub fn Confirmation(
    /// Checkout state.
    st: CheckoutState,
    /// The authorization.
    authorization: Authorization,
    /// Where "Back to the shop" goes (pages not embedded through `checkout.js`).
    back: Option<String>,
) -> impl IntoView {
    crate::bindings::focus::focus_soon(".khc-status--success .khc-status__title");
    // Read once: a paid session's config no longer changes.
    let reference = st
        .config
        .with_untracked(|c| c.as_ref().map(|c| c.merchant_reference.clone()))
        .unwrap_or_default();
    view! {
        <div class="khc-status khc-status--success" data-testid="confirmation"
            data-transaction=authorization.payment_transaction_id.clone()>
            <h2 class="khc-status__title" tabindex="-1">
                {st.text("confirmed_title")}
            </h2>
            <p class="khc-status__method">{st.text("confirmed_method")}</p>
            <p>{st.text("next_steps")}</p>
            <p class="khc-status__reference">
                {st.text("order_reference")} ": " <span>{reference}</span>
            </p>
            {back.map(|href| view! {
                <a class="khc-button khc-return" href=href target="_top" data-testid="return-link">
                    {st.text("return_to_shop")}
                </a>
            })}
        </div>
    }
}
