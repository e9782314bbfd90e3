//! Asking Klarna how to present itself, on load and on every change (amount,
//! currency, locale, token, Klarna's `presentationupdate`): the instruction,
//! the choices inside the one Klarna entry, the payment status; then the
//! method list's selection, Klarna's elements in the page and, when Klarna
//! says so, the fast-track.

use super::runtime::emit;
use super::state::{CheckoutState, KLARNA};
use super::Rt;
use super::{mounting, pay};
use crate::bindings::console::log;
use crate::bindings::presentation::Presentation;
use crate::bindings::sdk::PresentationRequest;
use checkout_core::api::HostedConfigView;
use checkout_core::presentation::{
    merge, plan, preferred_option, InteropDecision, OptionDescriptor,
};
use checkout_core::protocol::CheckoutEvent;
use leptos::prelude::*;

/// Asks Klarna (its presentation and, where an older SDK has it, the legacy
/// `resolve()`) how to present itself for the current amount, currency and
/// locale, and applies it.
pub async fn refresh(st: CheckoutState, rt: Rt) -> Result<(), String> {
    let Some(cfg) = st.config.get_untracked() else {
        return Err("no_config".into());
    };
    let Some(klarna) = rt.with_value(|r| r.klarna.clone()) else {
        return Err("sdk_not_ready".into());
    };
    let failed = |e: crate::bindings::error::SdkError| {
        log(&e.to_string());
        e.code.as_str().to_string()
    };
    let presented = match klarna.has_presentation() {
        true => {
            let req = PresentationRequest {
                amount: cfg.amount,
                currency: cfg.currency.clone(),
                locale: st.locale.get_untracked(),
                intents: cfg.intents.clone(),
                acquiring_config: cfg.klarna.acquiring_config.clone(),
            };
            Some(klarna.presentation(&req).await.map_err(failed)?)
        }
        false => None,
    };
    crate::bindings::console::mark("presented");
    let mut resolved = None;
    if klarna.has_resolve() {
        // Legacy: what older SDK builds offer beside the presentation.
        let token = rt.with_value(|r| r.network_token.clone());
        match klarna
            .resolve(token.as_deref(), &cfg.currency, &cfg.country, cfg.amount)
            .await
        {
            Ok(d) => resolved = Some(d),
            Err(e) if presented.is_some() => log(&e.to_string()),
            Err(e) => return Err(failed(e)),
        }
    }
    if presented.is_none() && resolved.is_none() {
        return Err("sdk_unsupported".into());
    }
    apply(st, rt, &cfg, presented, resolved);
    Ok(())
}

/// Takes Klarna's answers: the choices and the payment status, the
/// instruction (told to the merchant page), the selection; then Klarna's
/// elements are mounted and, when Klarna says so, the fast-track starts.
fn apply(
    st: CheckoutState,
    rt: Rt,
    cfg: &HostedConfigView,
    presented: Option<Presentation>,
    resolved: Option<InteropDecision>,
) {
    let mut from_presentation = None;
    let mut preferred = None;
    let shown = presented.is_some();
    if let Some(p) = presented {
        from_presentation = p.instruction;
        if p.choices.iter().any(|c| c.descriptor.is_fallback()) {
            log("Klarna's fallback descriptors (its presentation call failed)");
        }
        let (descriptors, raws): (Vec<OptionDescriptor>, Vec<_>) =
            p.choices.into_iter().map(|c| (c.descriptor, c.raw)).unzip();
        rt.update_value(|r| {
            r.choices_raw = raws;
            r.payment_status = p.payment_status;
        });
        st.set_choices(&descriptors);
        if st.chosen.get_untracked().is_none() {
            preferred =
                preferred_option(&descriptors).map(|i| descriptors[i].payment_option_id.clone());
        }
    }
    let from_resolve = resolved.map(|d| {
        if let Some(pct) = d.confirm_with {
            // Klarna says the shopper already confirmed: pay now.
            pay::fast_track(st, rt, Some(pct));
        }
        d.instruction
    });
    let instruction = merge(from_presentation, from_resolve);
    st.instruction.set(Some(instruction));
    emit(
        rt,
        CheckoutEvent::Availability {
            instruction: instruction.as_str().to_string(),
        },
    );
    let others = !cfg.other_methods.is_empty();
    let p = plan(instruction, others, st.declined.get_untracked());
    let still_valid = match st.selected.get_untracked().as_deref() {
        Some(KLARNA) => p.show_klarna,
        Some(_) => p.show_others,
        None => false,
    };
    if p.klarna_selected || !still_valid {
        st.select(p.klarna_selected.then(|| KLARNA.to_string()));
    }
    if klarna_selected(st) && st.chosen.get_untracked().is_none() {
        st.choose(preferred);
    }
    if shown {
        crate::bindings::console::mark("applied");
        mounting::mount_presentation(st, rt);
    }
    pay::fast_track(st, rt, None);
}

/// Whether Klarna is the selected method.
pub fn klarna_selected(st: CheckoutState) -> bool {
    st.selected.get_untracked().as_deref() == Some(KLARNA)
}
