//! The hosted page's reactive state: plain, `Send` values in signals that the
//! components read. JavaScript objects live in [`super::runtime`] instead.
//! The end of the flow's one-way chain: it imports no other flow module.

use checkout_core::api::{Authorization, HostedConfigView};
use checkout_core::appearance::Theme;
use checkout_core::attempt::Notice;
use checkout_core::presentation::{Instruction, OptionDescriptor};
use leptos::prelude::*;
use std::sync::Arc;

/// Where the checkout is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Phase {
    /// Fetching the session and loading Klarna.
    Loading,
    /// The payment methods are shown, also while Klarna authorizes (that is
    /// `Runtime::pending`: the view doesn't change, so Klarna's button and
    /// the keyboard focus on it stay).
    Ready,
    /// Paid: the confirmation.
    Confirmed(Authorization),
    /// Something failed before the methods could be shown; a stable code.
    Failed(String),
    /// The session is not payable (expired, canceled, invalid link); i18n key.
    Closed(&'static str),
}

/// The method id under which Klarna is listed.
pub const KLARNA: &str = "klarna";

/// All signals of one checkout (cheap to copy into closures).
#[derive(Clone, Copy)]
pub struct CheckoutState {
    /// The session as the server described it. Shared, not copied: readers
    /// that need the whole config take the `Arc`, so the module carries no
    /// deep clone of it (other methods, appearance, Klarna settings).
    pub config: RwSignal<Option<Arc<HostedConfigView>>>,
    /// The locale the page renders in.
    pub locale: RwSignal<String>,
    /// Where the checkout is.
    pub phase: RwSignal<Phase>,
    /// Klarna's latest instruction.
    pub instruction: RwSignal<Option<Instruction>>,
    /// The choices inside the Klarna entry, one per row (the saved option
    /// first; Klarna presents at most its option and one saved option).
    pub choices: [RwSignal<Option<OptionDescriptor>>; 2],
    /// The chosen choice, by its `paymentOptionId` (empty for r6's, which
    /// has none and is alone).
    pub chosen: RwSignal<Option<String>>,
    /// The selected method id (`klarna` or an acquirer method).
    pub selected: RwSignal<Option<String>>,
    /// Klarna declined in this session: Klarna is no longer offered.
    pub declined: RwSignal<bool>,
    /// A message for the shopper above the list, after an attempt ended
    /// without a payment.
    pub notice: RwSignal<Option<Notice>>,
    /// Text for the polite live region.
    pub announcement: RwSignal<String>,
}

impl CheckoutState {
    /// Fresh state for `locale`.
    pub fn new(locale: &str) -> Self {
        CheckoutState {
            config: RwSignal::new(None),
            locale: RwSignal::new(locale.to_string()),
            phase: RwSignal::new(Phase::Loading),
            instruction: RwSignal::new(None),
            choices: [RwSignal::new(None), RwSignal::new(None)],
            chosen: RwSignal::new(None),
            selected: RwSignal::new(None),
            declined: RwSignal::new(false),
            notice: RwSignal::new(None),
            announcement: RwSignal::new(String::new()),
        }
    }

    /// Light or dark, from the merchant's `appearance` as the config answered
    /// it (light until the config is in). Read from the config rather than
    /// kept in a signal of its own: every signal type adds its own copy of
    /// the reactive code to the module.
    pub fn theme(&self) -> Theme {
        self.config
            .with(|c| c.as_ref().map(|c| c.appearance.theme))
            .unwrap_or_default()
    }

    /// Translates `key` in the current locale.
    pub fn t(&self, key: &str) -> String {
        crate::i18n::t(&self.locale.get_untracked(), key)
    }

    /// `key`'s text in the current locale, as a reactive closure for views.
    ///
    /// Every text of the page goes through this one closure type, so the
    /// view layer's reactive text code exists once in the module instead of
    /// once per text (a measurable share of the wasm size).
    pub fn text(self, key: &'static str) -> impl Fn() -> String + Copy + Send + Sync + 'static {
        move || crate::i18n::t(&self.locale.get(), key)
    }

    /// Moves to `phase`. Views hear of it only when the phase changes, so the
    /// methods aren't built again when a payment attempt ends where it began.
    pub fn set_phase(&self, phase: Phase) {
        set_if_changed(self.phase, phase);
    }

    /// Sets the page's language, and the document's `lang` and `<title>`
    /// with it (for assistive technology, the browser's own texts and its
    /// tab; the static shell says `en`, "Payment"). Its table is loaded.
    pub fn set_locale(&self, locale: String) {
        let doc = document();
        if let Some(html) = doc.document_element() {
            let _ = html.set_attribute("lang", &locale);
        }
        // Through `Reflect` (already in the module): no binding of its own.
        let title = crate::i18n::t(&locale, "page_title");
        let _ = js_sys::Reflect::set(&doc, &"title".into(), &title.into());
        self.locale.set(locale);
    }

    /// Selects a method (`None`: none). Views hear of it only when the
    /// selection changes, so Klarna's entry doesn't mount Klarna's button
    /// again when Klarna is selected once more (a presentation refresh).
    pub fn select(&self, id: Option<String>) {
        set_if_changed(self.selected, id);
    }

    /// Takes Klarna's choices of a new presentation; a choice that is gone
    /// is no longer chosen.
    pub fn set_choices(&self, choices: &[OptionDescriptor]) {
        for (i, slot) in self.choices.iter().enumerate() {
            slot.set(choices.get(i).cloned());
        }
        let chosen = self.chosen.get_untracked();
        if !choices
            .iter()
            .any(|c| Some(&c.payment_option_id) == chosen.as_ref())
        {
            self.choose(None);
        }
    }

    /// Chooses the Klarna choice with `payment_option_id` (`None`: none).
    /// Views hear of it only when it changes.
    pub fn choose(&self, payment_option_id: Option<String>) {
        set_if_changed(self.chosen, payment_option_id);
    }

    /// The row of the chosen Klarna choice (the first when none is chosen).
    pub fn chosen_row(&self) -> usize {
        let chosen = self.chosen.get_untracked();
        self.choices
            .iter()
            .position(|c| {
                c.with_untracked(|d| d.as_ref().map(|d| &d.payment_option_id) == chosen.as_ref())
            })
            .unwrap_or(0)
    }

    /// The chosen Klarna choice's `paymentOptionId`, when it has one.
    pub fn chosen_option_id(&self) -> Option<String> {
        self.chosen.get_untracked().filter(|id| !id.is_empty())
    }

    /// Shows `notice` above the methods and moves the keyboard focus to it
    /// (when the shopper has interacted with the page), so keyboard and
    /// screen-reader users land on it.
    pub fn show_notice(&self, notice: Notice) {
        self.notice.set(Some(notice));
        crate::bindings::focus::focus_soon(".khc-notice");
    }

    /// Shows the methods once loading is over and says so through the live
    /// region (or says the message above them, when there is one).
    pub fn loaded(&self) {
        self.set_phase(Phase::Ready);
        let key = self
            .notice
            .get_untracked()
            .map_or("methods_ready", Notice::key);
        self.announce(key);
    }

    /// Says `key`'s text through the live region.
    pub fn announce(&self, key: &str) {
        self.announcement.set(self.t(key));
    }
}

/// Sets `signal` to `value`, notifying its readers only when the value differs.
fn set_if_changed<T: PartialEq + Send + Sync + 'static>(signal: RwSignal<T>, value: T) {
    signal.maybe_update(|v| {
        let changed = *v != value;
        if changed {
            *v = value;
        }
        changed
    });
}
