//! `<Checkout/>`: the whole hosted page for one session.
//!
//! Its root (`section.khc`) is the theming scope: `data-theme` picks the
//! light or dark palette of `styles/base.css`, and the merchant's valid
//! `appearance` values (checked by the server, in the config) are set on it
//! as `--khc-*` custom properties (through the CSSOM, which the page's CSP
//! allows, never a `style` attribute).

use crate::bindings::intl::format_amount;
use crate::bindings::loader::LoadPolicy;
use crate::client::api::ApiContext;
use crate::components::method_list::MethodList;
use crate::components::status::{Closed, Confirmation, Failure, Skeleton};
use crate::flow::runtime::{Embed, Rt, Runtime};
use crate::flow::start::start;
use crate::flow::state::{CheckoutState, Phase};
use leptos::either::EitherOf5;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The hosted checkout for the session in `api`: its state, its start-up
/// (begun at once) and [`checkout_view`]. The hosted page's entry builds the
/// same parts itself, to mount the view after the start-up served Klarna's
/// button (`crate::flow::view`).
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
    checkout_view(st, rt, policy)
}

/// The page of a running checkout (`st`, `rt`): its header, live region and
/// the view of its phase. "Try again" runs the start-up again with `policy`.
/// A function, not a component: the hosted entry calls it directly, and a
/// component's props builder would add to the module for nothing.
pub fn checkout_view(st: CheckoutState, rt: Rt, policy: LoadPolicy) -> impl IntoView {
    // "Try again" goes with the failure view: focus moves to the page's
    // heading instead of falling to `<body>`.
    let retry = move |_| {
        crate::bindings::focus::focus_soon("#khc-title");
        spawn_local(start(st, rt, policy))
    };
    let loc = move || st.locale.get();
    // Money the way the page's current language writes it (a locale change
    // after mount re-formats it too).
    let total = move || {
        let loc = loc();
        st.config.with(|c| {
            c.as_ref()
                .map(|c| format_amount(c.amount, &c.currency, &loc))
        })
    };
    // The header waits for the session's language (final once the config is
    // in, its table loaded first), so a German shopper never sees "Payment"
    // before "Zahlung"; a no-break space keeps the static shell's line.
    let header = move |key: &'static str| {
        let text = st.text(key);
        move || {
            if st.config.with(Option::is_none) && st.phase.get() == Phase::Loading {
                "\u{a0}".to_string()
            } else {
                text()
            }
        }
    };
    // One enum of the five views rather than five `AnyView`s: type erasure
    // compiles a table of build, rebuild, mount and unmount functions for each
    // erased view, about 2 kB of the compressed module for these five.
    // The phase notifies only when it changes (`CheckoutState::set_phase`),
    // so the body is built again only for another view.
    let body = move || match st.phase.get() {
        Phase::Loading => EitherOf5::A(view! { <Skeleton st=st/> }),
        Phase::Ready => EitherOf5::B(view! { <MethodList st=st rt=rt/> }),
        Phase::Confirmed(a) => EitherOf5::C(view! {
            <Confirmation st=st authorization=a back=rt.with_value(|r| r.back.clone())/>
        }),
        Phase::Failed(code) => EitherOf5::D(view! { <Failure st=st code=code on_retry=retry/> }),
        Phase::Closed(key) => EitherOf5::E(view! { <Closed st=st key=key/> }),
    };
    view! {
        <section class="khc" lang=loc aria-labelledby="khc-title"
            data-theme=move || st.theme().as_str()>
            <header class="khc__header">
                <h1 id="khc-title" class="khc__title" tabindex="-1">{header("page_title")}</h1>
                <p class="khc__total">
                    <span class="khc__total-label">{header("total")}</span>
                    " "
                    <strong class="khc__total-amount" data-testid="total">{total}</strong>
                </p>
            </header>
            <div class="khc__live" role="status" aria-live="polite" aria-atomic="true" data-testid="live">
                {move || st.announcement.get()}
            </div>
            {body}
        </section>
    }
}
