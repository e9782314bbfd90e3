//! Typed wrappers over the Klarna Web SDK instance (`KlarnaSDK(config)`).
//!
//! The page sends Klarna only what its types name: `KlarnaSDK({clientId,
//! partnerAccountId?, sdkToken?, locale, products, acquiringConfig?})` (the
//! network session token reaches the SDK inside `sdkToken`, from the
//! server's exchange, never as a field of its own), and `presentation()` the
//! data of the SDK's revision ([`Revision`]). Every capability is
//! feature-detected: `Payment.presentation()`, the legacy
//! `Interoperability.resolve()` of older builds, `Network.Session` or
//! `Interoperability` for the token.

use super::codec::to_js;
use super::error::{js_message, SdkError, SdkErrorCode};
use super::js;
pub use super::options::PresentationRequest;
use super::options::{PresentationData, ResolveContext, ResolveOptions};
use super::presentation::Presentation;
use checkout_core::api::AcquiringConfig;
use checkout_core::presentation::{from_interop_status, InteropDecision};
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// What the page passes to `KlarnaSDK(config)`, serialized as the SDK names
/// it (`clientId`, `partnerAccountId`, …; absent options are left out).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SdkInit {
    /// The acquirer's Klarna client id.
    pub client_id: String,
    /// The merchant's partner account id, when acting on its behalf.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub partner_account_id: Option<String>,
    /// Server-issued SDK token (carries the network session token).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sdk_token: Option<String>,
    /// Klarna locale.
    pub locale: String,
    /// Products to load, e.g. `PAYMENT`.
    pub products: Vec<String>,
    /// The payment account, when the acquirer names one (newest SDKs;
    /// older builds ignore it).
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "super::options::acquiring_js"
    )]
    pub acquiring_config: Option<AcquiringConfig>,
}

/// Which revision of Klarna's SDK answers, by what it has: `Network.Session`
/// is the newest (v2), `Messaging` came with r8, else r6. It decides the
/// presentation data: r6 and r8 name `intents`, v2 `intent`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Revision {
    /// `WSDK/v2-r6`.
    R6,
    /// `WSDK/v2-r8`.
    R8,
    /// `WSDK/v2`, the newest.
    V2,
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
        let config = to_js(cfg);
        let fail = |e: JsValue| SdkError::from_js(SdkErrorCode::InitFailed, &e);
        // The boot script's `KlarnaSDK(config)` from this module, when it is this config.
        let returned = match super::handoff::adopt("instance", module, &config) {
            Some(p) => p,
            None => factory.call1(&JsValue::NULL, &config).map_err(fail)?,
        };
        let inner = js::settle(returned).await.map_err(fail)?;
        if !inner.is_object() {
            return Err(SdkError::new(
                SdkErrorCode::InitFailed,
                "KlarnaSDK resolved to no object",
            ));
        }
        Ok(Klarna { inner })
    }

    /// `klarna.Payment`, when present.
    pub(crate) fn payment(&self) -> Option<JsValue> {
        js::get(&self.inner, "Payment")
    }

    /// The SDK's revision, by its namespaces (only the newest matters to
    /// the page: it names `intent`, not `intents`).
    pub fn revision(&self) -> Revision {
        if js::get_path(&self.inner, "Network.Session").is_some() {
            Revision::V2
        } else if js::get(&self.inner, "Messaging").is_some() {
            Revision::R8
        } else {
            Revision::R6
        }
    }

    /// Whether this SDK has `Payment.presentation()`.
    pub fn has_presentation(&self) -> bool {
        self.payment()
            .is_some_and(|p| js::get_fn(&p, "presentation").is_some())
    }

    /// Whether this SDK has the legacy `Interoperability.resolve()` (Web SDK
    /// v1 and the first typedocs; in neither the v1-r8 nor the v2 typings).
    pub fn has_resolve(&self) -> bool {
        js::get_fn(&self.inner, "Interoperability.resolve").is_some()
    }

    /// Calls `Payment.presentation(data)` with the data the revision's type
    /// names, and reads the answer tolerantly.
    pub async fn presentation(&self, req: &PresentationRequest) -> Result<Presentation, SdkError> {
        let payment = self.payment().ok_or_else(|| {
            SdkError::new(
                SdkErrorCode::Unsupported,
                "the SDK has no Payment namespace",
            )
        })?;
        let newest = self.revision() == Revision::V2;
        let data = to_js(&PresentationData {
            amount: req.amount,
            currency: &req.currency,
            locale: &req.locale,
            intents: (!newest).then_some(req.intents.as_slice()),
            intent: req.intents.first().map(String::as_str).filter(|_| newest),
            acquiring_config: req.acquiring_config.clone().filter(|_| newest),
        });
        let fail = |e: JsValue| SdkError::from_js(SdkErrorCode::PresentationFailed, &e);
        // The boot script's first presentation of this instance, when it asked for this data.
        let p = match super::handoff::adopt("presentation", &self.inner, &data) {
            Some(p) => p,
            None => js::call(&payment, "presentation", &[data]).map_err(fail)?,
        };
        let raw = js::settle(p).await.map_err(fail)?;
        Ok(Presentation::read(raw))
    }

    /// Calls the legacy `Interoperability.resolve(context, options)` and maps
    /// its status (kept for the older SDK builds that offer it).
    pub async fn resolve(
        &self,
        token: Option<&str>,
        currency: &str,
        country: &str,
        amount: i64,
    ) -> Result<InteropDecision, SdkError> {
        let interop = js::get(&self.inner, "Interoperability")
            .ok_or_else(|| SdkError::new(SdkErrorCode::Unsupported, "no Interoperability"))?;
        let context = to_js(&ResolveContext {
            interoperability_token: token,
        });
        let options = to_js(&ResolveOptions {
            currency,
            country,
            payment_amount: amount,
        });
        let fail = |e: JsValue| SdkError::from_js(SdkErrorCode::PresentationFailed, &e);
        let p = js::call(&interop, "resolve", &[context, options]).map_err(fail)?;
        let result = js::settle(p).await.map_err(fail)?;
        // Klarna's answer, of which the page reads two fields (`super::js`).
        // A missing or unreadable status is treated like an unknown one
        // (preselect).
        Ok(from_interop_status(
            &js::get_str(&result, "status").unwrap_or_default(),
            js::get_str(&result, "paymentConfirmationToken").as_deref(),
        ))
    }

    /// Hands the SDK a new SDK token (`Config.setSdkToken`), after the server
    /// exchanged a new network session token for it.
    pub async fn set_sdk_token(&self, sdk_token: &str) -> Result<(), SdkError> {
        let config = js::get(&self.inner, "Config")
            .ok_or_else(|| SdkError::new(SdkErrorCode::Unsupported, "no Config"))?;
        let fail = |e: JsValue| SdkError::from_js(SdkErrorCode::InitFailed, &e);
        let p = js::call(&config, "setSdkToken", &[JsValue::from_str(sdk_token)]).map_err(fail)?;
        js::settle(p).await.map(|_| ()).map_err(fail)
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

/// Registers `handler` for the SDK's `tokenupdate` on whichever namespace
/// carries the token (`Network.Session`, else `Interoperability`).
pub fn on_token_update(
    klarna: &Klarna,
    mut handler: impl FnMut(String) + 'static,
) -> Option<Subscription> {
    let target = ["Network.Session", "Interoperability"]
        .iter()
        .find_map(|ns| js::get_path(&klarna.inner, ns).filter(|o| js::get_fn(o, "on").is_some()))?;
    subscribe(target, "tokenupdate", move |t, _| {
        if let Some(t) = t.as_string().filter(|t| !t.is_empty()) {
            handler(t);
        }
        JsValue::UNDEFINED
    })
    .ok()
}

/// Registers `handler` for `event` on `target` (`on(event, handler)`).
pub(crate) fn subscribe(
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
