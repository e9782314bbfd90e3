//! The merchant's `appearance` on the hosted page: read once at mount from
//! the URL fragment and checked by `checkout_core::appearance`; every
//! problem is a console warning at once and, when the merchant page opened a
//! channel, one `error` event with code `invalid_appearance` naming each bad
//! path. Only the bad parts are ignored.

use super::events::emit;
use super::start::log;
use super::Rt;
use checkout_core::appearance::{parse_with, Appearance};
use checkout_core::errors::FieldError;
use checkout_core::protocol::CheckoutEvent;
use leptos::prelude::*;

/// The stable code of the event.
pub const CODE: &str = "invalid_appearance";

/// Reads the raw `appearance` JSON (absent: the defaults); warns on the
/// console and returns what to apply and what to report.
pub fn load(raw: Option<&str>) -> (Appearance, Vec<FieldError>) {
    let Some(raw) = raw.filter(|r| !r.trim().is_empty()) else {
        return (Appearance::default(), Vec::new());
    };
    // The browser's JSON.parse (module size), then core's checks.
    let checked = parse_with(raw, crate::bindings::codec::appearance_raw);
    for p in &checked.problems {
        log(&format!("{p} (ignored)"));
    }
    for warning in checked.appearance.contrast_warnings() {
        log(&warning);
    }
    (checked.appearance, checked.problems)
}

/// The event's message: every problem, `path: reason`, separated by `; `.
pub fn message(problems: &[FieldError]) -> String {
    let list: Vec<String> = problems.iter().map(ToString::to_string).collect();
    format!("appearance: ignored {}", list.join("; "))
}

/// Sends the pending problems (once) to the merchant page. Called after the
/// channel opened, so the event is queued for the handshake, not lost.
pub fn report(rt: Rt) {
    let problems = rt.with_value(|r| r.appearance_problems.clone());
    if problems.is_empty() || rt.with_value(|r| r.bridge.is_none()) {
        return;
    }
    rt.update_value(|r| r.appearance_problems.clear());
    emit(
        rt,
        CheckoutEvent::Error {
            code: CODE.to_string(),
            message: message(&problems),
        },
    );
}
