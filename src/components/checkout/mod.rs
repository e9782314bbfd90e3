//! `<Checkout/>`: the whole hosted page for one session.

use crate::bindings::intl::format_amount;
use crate::bindings::loader::LoadPolicy;
use crate::client::api::ApiContext;
use crate::components::method_list::MethodList;
use crate::components::status::{Closed, Confirmation, Failure, Skeleton};
use crate::flow::runtime::{Embed, Runtime};
use crate::flow::start::start;
use crate::flow::state::{CheckoutState, Phase};
use crate::i18n::t;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The hosted checkout for the session in `api`.
#[component]
pub fn Checkout(
    /// Server access for this session.
    api: ApiContext,
    /// SDK loading policy (time limit, retries).
    #[prop(optional)]
    policy: Option<LoadPolicy>,
    /// Locale to render in (the session's own when absent or not valid for its market).
    #[prop(optional, into)]
    locale: Option<String>,
    /// How the page is embedded, when a merchant page opened a channel.
    #[prop(default = None)]
    embed: Option<Embed>,
) -> impl IntoView {
    let st = CheckoutState::new(locale.as_deref().unwrap_or("en"));
    let mut runtime = Runtime::new(api);
    runtime.embed = embed;
    let rt = StoredValue::new_local(runtime);
    let policy = policy.unwrap_or_default();
    spawn_local(start(st, rt, policy));
    let retry = move |_| spawn_local(start(st, rt, policy));
    let loc = move || st.locale.get();
    let total = move || {
        st.config
            .get()
            .map(|c| format_amount(c.amount, &c.currency, &c.locale))
    };
    let body = move || match st.phase.get() {
        Phase::Loading => view! { <Skeleton st=st/> }.into_any(),
        Phase::Ready | Phase::Authorizing => view! { <MethodList st=st rt=rt/> }.into_any(),
        Phase::Confirmed(a) => view! { <Confirmation st=st authorization=a/> }.into_any(),
        Phase::Failed(code) => view! { <Failure st=st code=code on_retry=retry/> }.into_any(),
        Phase::Closed(key) => view! { <Closed st=st key=key/> }.into_any(),
    };
    view! {
        <section class="khc" lang=loc aria-labelledby="khc-title">
            <header class="khc__header">
                <h1 id="khc-title" class="khc__title">{move || t(&loc(), "page_title")}</h1>
                <p class="khc__total">
                    <span class="khc__total-label">{move || t(&loc(), "total")}</span>
                    " "
                    <strong class="khc__total-amount" data-testid="total">{total}</strong>
                </p>
            </header>
            <div class="khc__live" role="status" aria-live="polite" data-testid="live">
                {move || st.announcement.get()}
            </div>
            {body}
        </section>
    }
}
