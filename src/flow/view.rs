//! The hosted page's view, mounted after the start-up and after a paint.
//!
//! "Klarna first": the boot script's button is on the page before the module
//! runs. The module's start-up then serves that button's clicks
//! (`super::mounting`), on microtasks, in the same task: about 20 ms on the
//! bench's machine. The page's first render took as long again; run first,
//! as a component that starts its own start-up does, it delayed the served
//! clicks, and run right after them it delayed the button's first paint. So
//! the entry (`crate::entry::hosted`) leaves the mount in
//! [`super::runtime::Runtime::view`] and [`show_after_paint`] runs it once the browser
//! painted: the HTML's static shell (the same size as the skeleton) and the
//! early button show until then. Klarna's elements, mounted into the view's
//! rows, wait for it ([`when_shown`]).

use super::state::CheckoutState;
use super::Rt;
use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Mounts the view left in the runtime, when one is left (else nothing: it
/// is mounted, or the page's component mounted itself). What the start-up
/// did so far is on the page at once; the merchant's `appearance` is painted
/// on its root, what the live region had to say is said again once the
/// region is on the page (a live region's first content is not announced),
/// and what waited for the view runs.
pub fn show(st: CheckoutState, rt: Rt) {
    let Some(mount) = rt.try_update_value(|r| r.view.take()).flatten() else {
        return;
    };
    let said = st.announcement.get_untracked();
    if !said.is_empty() {
        st.announcement.set(String::new());
    }
    mount();
    crate::bindings::console::mark("view");
    if let Some(cfg) = st.config.get_untracked() {
        super::appearance::paint(&cfg.appearance);
    }
    if let Some(waiting) = rt.try_update_value(|r| r.after_view.take()).flatten() {
        waiting();
    }
    if !said.is_empty() {
        // After the frame that lays the region out, unless something newer
        // was said meanwhile.
        after_paint(Box::new(move || {
            if st.announcement.with_untracked(String::is_empty) {
                st.announcement.set(said);
            }
        }));
    }
}

/// Mounts the view (see [`show`]) once the browser has painted what the
/// current task put on the page.
pub fn show_after_paint(st: CheckoutState, rt: Rt) {
    after_paint(Box::new(move || show(st, rt)));
}

/// Runs `then` now when the view is mounted, else when it is (only the
/// latest `then`: a newer presentation replaces an older one's elements).
pub fn when_shown(rt: Rt, then: impl FnOnce() + 'static) {
    let pending = rt.try_with_value(|r| r.view.is_some()).unwrap_or(false);
    if pending {
        rt.update_value(|r| r.after_view = Some(Box::new(then)));
    } else {
        then();
    }
}

/// Runs `f` in the task after the next animation frame's paint (boxed: one
/// copy of this code in the module for both uses).
fn after_paint(f: Box<dyn FnOnce()>) {
    request_animation_frame(move || {
        spawn_local(async move {
            TimeoutFuture::new(0).await;
            f();
        })
    });
}
