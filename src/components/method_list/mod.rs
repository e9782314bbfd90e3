//! The payment-method list, ordered and filtered by Klarna's instruction.

use crate::components::klarna_option::KlarnaOption;
use crate::flow::runtime::emit;
use crate::flow::state::CheckoutState;
use crate::flow::Rt;
use crate::i18n::{t, tf};
use checkout_core::presentation::{plan, Instruction};
use checkout_core::protocol::CheckoutEvent;
use leptos::prelude::*;

/// A radio group of Klarna and the acquirer's other methods.
#[component]
pub fn MethodList(
    /// Checkout state.
    st: CheckoutState,
    /// Runtime (for Klarna's button).
    rt: Rt,
) -> impl IntoView {
    let loc = move || st.locale.get();
    let list_plan = Memo::new(move |_| {
        let others = st
            .config
            .with(|c| c.as_ref().is_some_and(|c| !c.other_methods.is_empty()));
        let instruction = st.instruction.get().unwrap_or(Instruction::HideKlarna);
        plan(instruction, others, st.declined.get())
    });
    // A memo, so the items are rebuilt only when the methods themselves
    // change, not on every new config (an amount update): rebuilding the
    // whole list on each update cost wasm memory that was never given back
    // (measured with `bench/bench.mjs` over 400 updates).
    let others = Memo::new(move |_| {
        if !list_plan.get().show_others {
            return Vec::new();
        }
        st.config
            .with(|c| c.as_ref().map(|c| c.other_methods.clone()))
            .unwrap_or_default()
    });
    let other_items = move || {
        others
            .get()
            .into_iter()
            .map(|m| {
                let id = m.id.clone();
                let id2 = m.id.clone();
                view! {
                    <li class="khc-method" data-method=m.id.clone()>
                        <label class="khc-method__label">
                            <input type="radio" name="khc-method" class="khc-method__radio"
                                value=m.id.clone()
                                prop:checked=move || st.selected.get().as_deref() == Some(id.as_str())
                                on:change=move |_| {
                                    // Klarna's button is mounted only while Klarna is selected.
                                    rt.update_value(|r| r.button = None);
                                    st.select(Some(id2.clone()));
                                    emit(rt, CheckoutEvent::PaymentMethodSelected {
                                        method: id2.clone(),
                                        payment_option_id: None,
                                    });
                                }/>
                            <span class="khc-method__name">{m.label.clone()}</span>
                        </label>
                        // Shown while this method's radio is checked (method_list.css).
                        <p class="khc-method__hint">
                            {let label = m.label.clone(); move || tf(&loc(), "pay_with_other", &[("{method}", &label)])}
                        </p>
                    </li>
                }
            })
            .collect_view()
    };
    let klarna_item = move || {
        list_plan
            .get()
            .show_klarna
            .then(|| view! { <KlarnaOption st=st rt=rt/> })
    };
    let klarna_first = move || list_plan.get().klarna_first;
    let nothing = move || {
        let p = list_plan.get();
        !p.show_klarna && !p.show_others
    };
    view! {
        <Notice st=st/>
        <fieldset class="khc-methods" data-testid="methods"
            data-instruction=move || st.instruction.get().map(|i| i.as_str())>
            <legend class="khc-methods__legend">{st.text("methods_label")}</legend>
            <ul class="khc-methods__list" role="list">
                {move || klarna_first().then(klarna_item)}
                {other_items}
                {move || (!klarna_first()).then(klarna_item)}
            </ul>
            <p class="khc-methods__empty" data-testid="unavailable" hidden=move || !nothing()>
                {st.text("klarna_unavailable")}
            </p>
        </fieldset>
    }
}

/// The message above the list (decline, abort, payment error); the flow
/// moves focus to it when it appears (`CheckoutState::show_notice`), and the
/// live region announces it too, so it is no alert of its own.
#[component]
fn Notice(
    /// Checkout state.
    st: CheckoutState,
) -> impl IntoView {
    // The box and its two lines are always there (hidden without a message):
    // one fixed shape, and both lines come from one function, so the module
    // holds one copy of their code.
    let kind = move || st.notice.get().map(|n| n.kind());
    view! {
        <div class="khc-notice" tabindex="-1" role="group"
            aria-labelledby="khc-notice-title"
            data-testid="notice" data-kind=kind
            hidden=move || st.notice.with(Option::is_none)>
            <p class="khc-notice__title" id="khc-notice-title">{notice_text(st, false)}</p>
            <p class="khc-notice__detail">{notice_text(st, true)}</p>
        </div>
    }
}

/// The notice's title, or its detail line, in the page's language; empty
/// without a message (only a decline has a detail line).
fn notice_text(st: CheckoutState, detail: bool) -> impl Fn() -> String + Send + Sync + 'static {
    move || {
        let key = match st.notice.get() {
            None => return String::new(),
            Some(n) if detail => match n.detail_key() {
                Some(k) => k,
                None => return String::new(),
            },
            Some(n) => n.key(),
        };
        t(&st.locale.get(), key)
    }
}
