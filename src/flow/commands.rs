//! Commands from the merchant page: `update` (amount, currency, locale) and
//! `set_network_session_token`. Each is answered with a reply.

use super::presentation::refresh;
use super::state::{CheckoutState, Phase};
use super::Rt;
use crate::bindings::console::log;
use checkout_core::markets::market;
use checkout_core::protocol::{Command, EventError};
use checkout_core::session::check_token_value;
use leptos::prelude::*;

fn fail(code: &str, message: impl Into<String>) -> EventError {
    EventError {
        code: code.into(),
        message: message.into(),
    }
}

/// Runs one command and replies to it. Once the payment is over (the
/// confirmation, or the session closed) none runs: re-reading the session and
/// asking Klarna again would change nothing the shopper can act on, and a new
/// locale would turn the final view's language.
pub async fn run(st: CheckoutState, rt: Rt, id: u32, command: Command) {
    let ended = st.phase.with_untracked(|p| match p {
        Phase::Confirmed(_) => "the session is paid: the page takes no more commands",
        Phase::Closed(_) => "the session is closed: the page takes no more commands",
        _ => "",
    });
    let result = match command {
        _ if !ended.is_empty() => Err(fail("session_ended", ended)),
        Command::Update {
            amount,
            currency,
            locale,
        } => update(st, rt, locale, amount, currency).await,
        // A token is stored on the server, which exchanges it for the new
        // SDK token `update` hands Klarna's SDK.
        Command::SetNetworkSessionToken { token } => match store_token(rt, token).await {
            Ok(()) => update(st, rt, None, None, None).await,
            Err(e) => Err(e),
        },
    };
    if let Err(e) = &result {
        log(&format!("command {id}: {}: {}", e.code, e.message));
    }
    rt.with_value(|r| {
        if let Some(b) = &r.bridge {
            b.reply(id, result);
        }
    });
}

/// Re-reads the session (the merchant server changed it, or a token came),
/// hands Klarna's SDK a new SDK token when the server exchanged one (the
/// network session token itself is in no SDK type), and asks Klarna again.
///
/// An `amount` or `currency` the merchant page gave is checked against the
/// session re-read: the page shows the server's values either way, and a
/// mismatch (an `update` sent before the merchant server's `PATCH` was done,
/// or without one) is answered as an error naming the field, so the merchant
/// page doesn't believe the shopper sees its own.
async fn update(
    st: CheckoutState,
    rt: Rt,
    locale: Option<String>,
    amount: Option<i64>,
    currency: Option<String>,
) -> Result<(), EventError> {
    let api = rt.with_value(|r| r.api.clone());
    let cfg = api.config().await.map_err(|e| {
        fail(
            &e.code,
            format!("re-reading the session failed: {}", e.message),
        )
    })?;
    if let Some(l) = &locale {
        let ok = market(&cfg.country).is_some_and(|m| m.locales.contains(&l.as_str()));
        if !ok {
            return Err(fail(
                "invalid_locale",
                format!("locale: {l} is not a Klarna locale for {}", cfg.country),
            ));
        }
    }
    if let (Some(sdk_token), Some(klarna)) =
        (&cfg.klarna.sdk_token, rt.with_value(|r| r.klarna.clone()))
    {
        if let Err(e) = klarna.set_sdk_token(sdk_token).await {
            log(&e.to_string());
        }
    }
    let field = if amount.is_some_and(|a| a != cfg.amount) {
        "amount"
    } else if currency.is_some_and(|c| c != cfg.currency) {
        "currency"
    } else {
        ""
    };
    let mismatch = format!("{field}: the session is at {} {} (minor units); PATCH it on your server first, then call update()", cfg.amount, cfg.currency);
    let locale = locale.unwrap_or_else(|| cfg.locale.clone());
    crate::i18n::ensure(&locale).await;
    st.set_locale(locale);
    st.config.set(Some(std::sync::Arc::new(cfg)));
    refresh(st, rt)
        .await
        .map_err(|code| fail(&code, "Klarna's presentation failed"))?;
    match field {
        "" => Ok(()),
        _ => Err(fail("session_mismatch", mismatch)),
    }
}

/// Stores a token from the merchant page on the server.
async fn store_token(rt: Rt, token: String) -> Result<(), EventError> {
    check_token_value(&token).map_err(|e| fail("invalid_request", format!("token: {e}")))?;
    let api = rt.with_value(|r| r.api.clone());
    api.network_token(&token)
        .await
        .map_err(|e| fail(&e.code, e.message))?;
    rt.update_value(|r| r.network_token = Some(token));
    Ok(())
}
