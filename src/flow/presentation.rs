//! Asking Klarna how to present itself, on load and on every change (amount,
//! currency, locale, token, Klarna's `presentationupdate`): the instruction,
//! the choices inside the one Klarna entry, the payment status; then the
//! method list's selection and, when Klarna says so, the fast-track.

use super::pay;
use super::runtime::emit;
use super::state::{CheckoutState, KLARNA};
use super::Rt;
use crate::bindings::console::log;
use crate::bindings::sdk::PresentationRequest;
use checkout_core::presentation::{merge, plan, preferred_option, OptionDescriptor};
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
    let mut from_presentation = None;
    if klarna.has_presentation() {
        let req = PresentationRequest {
            amount: cfg.amount,
            currency: cfg.currency.clone(),
            locale: st.locale.get_untracked(),
            intents: cfg.intents.clone(),
            acquiring_config: cfg.klarna.acquiring_config.clone(),
        };
        let p = klarna.presentation(&req).await.map_err(|e| {
            log(&e.to_string());
            e.code.as_str().to_string()
        })?;
        from_presentation = p.instruction;
        if p.choices.iter().any(|c| c.descriptor.is_fallback()) {
            log("Klarna returned fallback descriptors (its own presentation call failed)");
        }
        let (descriptors, raws): (Vec<OptionDescriptor>, Vec<_>) =
            p.choices.into_iter().map(|c| (c.descriptor, c.raw)).unzip();
        rt.update_value(|r| {
            r.choices_raw = raws;
            r.payment_status = p.payment_status;
        });
        let same = st.choices.with_untracked(|c| *c == descriptors);
        if !same {
            st.choose(None);
            st.choices.set(descriptors);
        }
        st.presented.update(|n| *n = n.wrapping_add(1));
    }
    let mut from_resolve = None;
    if klarna.has_resolve() {
        // Legacy: what older SDK builds offer beside the presentation.
        let token = rt.with_value(|r| r.network_token.clone());
        match klarna
            .resolve(token.as_deref(), &cfg.currency, &cfg.country, cfg.amount)
            .await
        {
            Ok(d) => {
                from_resolve = Some(d.instruction);
                if let Some(pct) = d.confirm_with {
                    // Klarna says the shopper already confirmed: pay now.
                    pay::fast_track(st, rt, Some(pct)).await;
                    if rt.with_value(|r| r.attempt.stage.clone())
                        == checkout_core::attempt::Stage::Confirmed
                    {
                        return Ok(());
                    }
                }
            }
            Err(e) if from_presentation.is_some() => log(&e.to_string()),
            Err(e) => return Err(e.code.as_str().to_string()),
        }
    }
    if !klarna.has_presentation() && !klarna.has_resolve() {
        return Err("sdk_unsupported".into());
    }
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
    if st.selected.get_untracked().as_deref() == Some(KLARNA) && st.chosen.get_untracked().is_none()
    {
        st.choose(st.choices.with_untracked(|c| preferred_option(c)));
    }
    pay::maybe_fast_track(st, rt);
    Ok(())
}
