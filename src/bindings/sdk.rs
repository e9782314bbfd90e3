//! Typed wrappers over the Klarna Web SDK instance (`KlarnaSDK(config)`).
//!
//! The SDK's shape differs between revisions, so every capability is
//! feature-detected: v2 `Payment.presentation()`, v1 `Interoperability.resolve()`,
//! `Network.Session` vs `Interoperability` for the token, the payment button on
//! the option (`paymentButton.component()`) or on `Payment.button()`.

use super::error::{js_message, SdkError, SdkErrorCode};
use super::js;
use super::presentation::Presentation;
use checkout_core::presentation::{from_interop_status, InteropDecision};
use wasm_bindgen::prelude::*;

/// What the page passes to `KlarnaSDK(config)`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SdkInit {
    /// The acquirer's Klarna client id.
    pub client_id: String,
    /// The merchant's partner account id, when acting on its behalf.
    pub partner_account_id: Option<String>,
    /// Server-issued SDK token.
    pub sdk_token: Option<String>,
    /// Network session token, verbatim.
    pub network_session_token: Option<String>,
    /// Klarna locale.
    pub locale: String,
    /// Products to load, e.g. `PAYMENT`.
    pub products: Vec<String>,
}

/// Input of `Payment.presentation()`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PresentationRequest {
    /// Minor units.
    pub amount: i64,
    /// ISO 4217 code.
    pub currency: String,
    /// Klarna locale.
    pub locale: String,
    /// Klarna intents.
    pub intents: Vec<String>,
    /// Network session token, verbatim.
    pub network_session_token: Option<String>,
}

/// An initialized SDK instance.
#[derive(Clone, Debug)]
pub struct Klarna {
    inner: JsValue,
}

impl Klarna {
    /// Calls the module's `KlarnaSDK(config)` and awaits the instance.
    pub async fn init(module: &JsValue, cfg: &SdkInit) -> Result<Klarna, SdkError> {
        let factory = js::get_fn(module, "KlarnaSDK").ok_or_else(|| {
            SdkError::new(
                SdkErrorCode::Unsupported,
                "the module has no KlarnaSDK export",
            )
        })?;
        let config = js::object(&[
            ("clientId", JsValue::from_str(&cfg.client_id)),
            (
                "partnerAccountId",
                js::opt_str(cfg.partner_account_id.as_deref()),
            ),
            ("sdkToken", js::opt_str(cfg.sdk_token.as_deref())),
            (
                "klarnaNetworkSessionToken",
                js::opt_str(cfg.network_session_token.as_deref()),
            ),
            ("locale", JsValue::from_str(&cfg.locale)),
            ("products", js::str_array(&cfg.products)),
        ]);
        let returned = factory
            .call1(&JsValue::NULL, &config)
            .map_err(|e| SdkError::from_js(SdkErrorCode::InitFailed, &e))?;
        let inner = js::settle(returned)
            .await
            .map_err(|e| SdkError::from_js(SdkErrorCode::InitFailed, &e))?;
        if !inner.is_object() {
            return Err(SdkError::new(
                SdkErrorCode::InitFailed,
                "KlarnaSDK resolved to no object",
            ));
        }
        Ok(Klarna { inner })
    }

    /// The raw instance, for the other wrappers of this module.
    pub(crate) fn raw(&self) -> &JsValue {
        &self.inner
    }

    /// `klarna.Payment`, when present.
    pub(crate) fn payment(&self) -> Option<JsValue> {
        js::get(&self.inner, "Payment")
    }

    /// Whether this SDK has the v2 `Payment.presentation()`.
    pub fn has_presentation(&self) -> bool {
        self.payment()
            .is_some_and(|p| js::get_fn(&p, "presentation").is_some())
    }

    /// Whether this SDK has the v1 `Interoperability.resolve()`.
    pub fn has_resolve(&self) -> bool {
        js::get_fn(&self.inner, "Interoperability.resolve").is_some()
    }

    /// Calls `Payment.presentation(data)` and reads the answer tolerantly.
    pub async fn presentation(&self, req: &PresentationRequest) -> Result<Presentation, SdkError> {
        let payment = self.payment().ok_or_else(|| {
            SdkError::new(
                SdkErrorCode::Unsupported,
                "the SDK has no Payment namespace",
            )
        })?;
        let data = js::object(&[
            ("amount", JsValue::from_f64(req.amount as f64)),
            ("currency", JsValue::from_str(&req.currency)),
            ("locale", JsValue::from_str(&req.locale)),
            ("intents", js::str_array(&req.intents)),
            (
                "klarnaNetworkSessionToken",
                js::opt_str(req.network_session_token.as_deref()),
            ),
        ]);
        let fail = |e: JsValue| SdkError::from_js(SdkErrorCode::PresentationFailed, &e);
        let p = js::call(&payment, "presentation", &[data]).map_err(fail)?;
        let raw = js::settle(p).await.map_err(fail)?;
        Ok(Presentation::read(raw))
    }

    /// Calls v1 `Interoperability.resolve(context, options)` and maps its status.
    pub async fn resolve(
        &self,
        token: Option<&str>,
        currency: &str,
        country: &str,
        amount: i64,
    ) -> Result<InteropDecision, SdkError> {
        let interop = js::get(&self.inner, "Interoperability")
            .ok_or_else(|| SdkError::new(SdkErrorCode::Unsupported, "no Interoperability"))?;
        let context = js::object(&[("interoperabilityToken", js::opt_str(token))]);
        let options = js::object(&[
            ("currency", JsValue::from_str(currency)),
            ("country", JsValue::from_str(country)),
            ("paymentAmount", JsValue::from_f64(amount as f64)),
        ]);
        let fail = |e: JsValue| SdkError::from_js(SdkErrorCode::PresentationFailed, &e);
        let p = js::call(&interop, "resolve", &[context, options]).map_err(fail)?;
        let result = js::settle(p).await.map_err(fail)?;
        // r6/r8/latest differ in extra fields; only `status` matters and a
        // missing one is treated like an unknown status (preselect).
        let status = js::get_str(&result, "status").unwrap_or_default();
        let pct = js::get_str(&result, "paymentConfirmationToken");
        Ok(from_interop_status(&status, pct.as_deref()))
    }

    /// The SDK's current network session token (`Network.Session.token()` or
    /// the older `Interoperability.token()`), when it has one.
    pub fn network_token(&self) -> Option<String> {
        ["Network.Session", "Interoperability"]
            .iter()
            .find_map(|ns| {
                let obj = js::get_path(&self.inner, ns)?;
                js::call(&obj, "token", &[])
                    .ok()?
                    .as_string()
                    .filter(|t| !t.is_empty())
            })
    }
}

/// A registered SDK event handler; unregisters itself on drop.
pub struct Subscription {
    target: JsValue,
    event: &'static str,
    handler: Closure<dyn FnMut(JsValue, JsValue) -> JsValue>,
}

impl Drop for Subscription {
    fn drop(&mut self) {
        let f: &JsValue = self.handler.as_ref();
        let _ = js::call(
            &self.target,
            "off",
            &[JsValue::from_str(self.event), f.clone()],
        );
    }
}

/// Registers `handler` for `event` on `Payment` (complete, abort, error,
/// presentationupdate). The handler's return value goes back to the SDK.
pub fn on_payment_event(
    klarna: &Klarna,
    event: &'static str,
    handler: impl FnMut(JsValue, JsValue) -> JsValue + 'static,
) -> Result<Subscription, SdkError> {
    let target = klarna
        .payment()
        .ok_or_else(|| SdkError::new(SdkErrorCode::Unsupported, "no Payment namespace"))?;
    subscribe(target, event, handler)
}

/// Registers `handler` for the SDK's `tokenupdate` on whichever namespace
/// carries the token (`Network.Session`, else `Interoperability`).
pub fn on_token_update(
    klarna: &Klarna,
    mut handler: impl FnMut(String) + 'static,
) -> Option<Subscription> {
    let target = ["Network.Session", "Interoperability"]
        .iter()
        .find_map(|ns| js::get_path(klarna.raw(), ns).filter(|o| js::get_fn(o, "on").is_some()))?;
    subscribe(target, "tokenupdate", move |t, _| {
        if let Some(t) = t.as_string().filter(|t| !t.is_empty()) {
            handler(t);
        }
        JsValue::UNDEFINED
    })
    .ok()
}

fn subscribe(
    target: JsValue,
    event: &'static str,
    handler: impl FnMut(JsValue, JsValue) -> JsValue + 'static,
) -> Result<Subscription, SdkError> {
    let handler = Closure::<dyn FnMut(JsValue, JsValue) -> JsValue>::new(handler);
    let f: &JsValue = handler.as_ref();
    js::call(&target, "on", &[JsValue::from_str(event), f.clone()]).map_err(|e| {
        SdkError::new(
            SdkErrorCode::Unsupported,
            format!("on({event}): {}", js_message(&e)),
        )
    })?;
    Ok(Subscription {
        target,
        event,
        handler,
    })
}
