//! The merchant's `appearance` on the hosted page. The page sends the JSON
//! from its URL fragment with the config request and the server checks it
//! (`checkout_core::appearance`): the config answers the theme, the
//! `--khc-*` custom properties to set, and what was wrong. Every problem is a
//! console warning and, when the merchant page opened a channel, one `error`
//! event with code `invalid_appearance` naming each bad path. Only the bad
//! parts are ignored.

use super::runtime::emit;
use super::Rt;
use crate::bindings::console::log;
use checkout_core::appearance::Applied;
use checkout_core::errors::FieldError;
use checkout_core::protocol::CheckoutEvent;
use leptos::prelude::*;

/// The stable code of the event.
pub const CODE: &str = "invalid_appearance";

/// Takes the server's check: sets the `--khc-*` custom properties on the
/// component's root (`section.khc`, the page's one checkout; only names in
/// that namespace, through the CSSOM, which the page's CSP allows), and,
/// once per page (a retry's config says the same), warns on the console and
/// queues the problems for [`report`]. The theme is read from the config by
/// the view (`crate::components::checkout::checkout_view`).
pub fn take(rt: Rt, applied: &Applied) {
    paint(applied);
    if rt.with_value(|r| r.appearance_taken) {
        return;
    }
    for p in &applied.problems {
        log(&format!("{p} (ignored)"));
    }
    for warning in &applied.warnings {
        log(warning);
    }
    rt.update_value(|r| {
        r.appearance_taken = true;
        r.appearance_problems = applied.problems.clone();
    });
}

/// Sets the `--khc-*` custom properties of `applied` on the checkout's root,
/// when it is mounted (the view, mounted later, paints them then:
/// [`super::view::show`]).
pub fn paint(applied: &Applied) {
    if let Some(root) = crate::bindings::js::html_element("section.khc") {
        let style = root.style();
        for p in applied
            .properties
            .iter()
            .filter(|p| p.name.starts_with("--khc-"))
        {
            let _ = style.set_property(&p.name, &p.value);
        }
    }
}

/// The event's message: every problem, `path: reason`, separated by `; `.
pub fn message(problems: &[FieldError]) -> String {
    let mut out = String::from("appearance: ignored ");
    for (i, p) in problems.iter().enumerate() {
        if i > 0 {
            out.push_str("; ");
        }
        out.push_str(&p.to_string());
    }
    out
}

/// Sends the pending problems (once) to the merchant page. Called after the
/// channel opened, so the event is queued for the handshake, not lost.
pub fn report(rt: Rt) {
    if rt.with_value(|r| r.bridge.is_none()) {
        return;
    }
    let problems = rt
        .try_update_value(|r| std::mem::take(&mut r.appearance_problems))
        .unwrap_or_default();
    if problems.is_empty() {
        return;
    }
    emit(
        rt,
        CheckoutEvent::Error {
            code: CODE.to_string(),
            message: message(&problems),
            klarna_code: None,
        },
    );
}

#[cfg(test)]
mod tests {
    use super::message;
    use checkout_core::errors::FieldError;

    #[test]
    fn the_message_names_every_problem_in_order() {
        let p = |path: &str, reason: &str| FieldError::new(path, reason);
        assert_eq!(
            message(&[p("appearance.colors.accnt", "unknown field")]),
            "appearance: ignored appearance.colors.accnt: unknown field"
        );
        assert_eq!(
            message(&[
                p("appearance.radius", "too big"),
                p("appearance.font", "bad")
            ]),
            "appearance: ignored appearance.radius: too big; appearance.font: bad"
        );
    }
}
