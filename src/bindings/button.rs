//! Klarna's payment button: created from the chosen option's
//! `paymentButton.component()` (r6, r8), else with `Payment.button()` for
//! the option the page `select()`ed (v2, whose list has no button), with the
//! `initiate` callback bridged to Rust, mounted into an element and
//! unmounted on drop. `initiate` gets `{klarnaNetworkSessionToken,
//! paymentOptionId}` from newer SDKs and nothing from r6: both are read as
//! optional.

use super::codec::to_js;
use super::error::{SdkError, SdkErrorCode};
use super::js;
use super::options::ButtonConfig;
use super::sdk::Klarna;
use futures::future::LocalBoxFuture;
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// What the SDK passes to `initiate` (nothing in r6), as it names it
/// (`{klarnaNetworkSessionToken, paymentOptionId}`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct InitiateParams {
    /// Token the SDK holds for this shopper.
    pub network_session_token: Option<String>,
    /// The option the shopper chose.
    pub payment_option_id: Option<String>,
}

impl InitiateParams {
    /// Reads the SDK's object as the bindings read Klarna's answers
    /// (`super::js`): each field on its own, one that is absent or not a
    /// string as `None`; r6's call without an argument reads as no fields.
    pub fn read(params: &JsValue) -> InitiateParams {
        InitiateParams {
            network_session_token: js::get_str(params, "klarnaNetworkSessionToken"),
            payment_option_id: js::get_str(params, "paymentOptionId"),
        }
    }
}

/// What `initiate` resolves with; never `{}` (the SDK rejects that).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged, rename_all_fields = "camelCase")]
pub enum InitiateAnswer {
    /// Approved: `{returnUrl}`.
    Approved {
        /// Where the SDK may send the shopper.
        return_url: String,
    },
    /// Step-up: `{paymentRequestId}` and `{paymentRequestUrl}` when known.
    StepUp {
        /// Klarna's payment request id.
        payment_request_id: String,
        /// Journey URL.
        #[serde(skip_serializing_if = "Option::is_none")]
        payment_request_url: Option<String>,
    },
}

/// The page's `initiate` implementation; `Err` rejects the SDK's promise.
pub type InitiateFn =
    dyn Fn(InitiateParams) -> LocalBoxFuture<'static, Result<InitiateAnswer, String>>;

/// Button options.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ButtonOptions {
    /// Klarna locale.
    pub locale: String,
    /// `default`, `light`, `dark` or `outlined`.
    pub theme: &'static str,
    /// `default`, `pill` or `rect`.
    pub shape: &'static str,
    /// `DEVICE_BEST`, `ON_PAGE`, `POPUP` or `REDIRECT`.
    pub initiation_mode: &'static str,
}

/// A created (and possibly mounted) Klarna payment button.
pub struct PaymentButton {
    element: JsValue,
    _initiate: Closure<dyn FnMut(JsValue) -> js_sys::Promise>,
}

impl PaymentButton {
    /// Creates the button for `option` (its `paymentButton.component()`), or
    /// through `Payment.button()` when the option has none.
    pub fn create(
        klarna: &Klarna,
        option: Option<&JsValue>,
        opts: &ButtonOptions,
        initiate: std::rc::Rc<InitiateFn>,
    ) -> Result<PaymentButton, SdkError> {
        let (closure, cfg) = config(opts, initiate);
        let fail = |e: JsValue| SdkError::from_js(SdkErrorCode::MountFailed, &e);
        let element = match option.and_then(|o| js::get(o, "paymentButton")) {
            Some(pb) if js::get_fn(&pb, "component").is_some() => {
                js::call(&pb, "component", &[cfg]).map_err(fail)?
            }
            _ => {
                let payment = klarna.payment().ok_or_else(|| {
                    SdkError::new(
                        SdkErrorCode::Unsupported,
                        "no Payment.button and no paymentButton",
                    )
                })?;
                js::call(&payment, "button", &[cfg]).map_err(fail)?
            }
        };
        Ok(PaymentButton {
            element,
            _initiate: closure,
        })
    }

    /// Clicks on the boot script's button go to `initiate` from now on, before
    /// the page has rendered the row to move it into, when it is the button
    /// [`PaymentButton::adopt`] would take for `option` with `opts` (see
    /// `super::handoff::serve_clicks`); `false`: it is not (clicks stay held).
    pub fn serve(
        option: &JsValue,
        opts: &ButtonOptions,
        initiate: std::rc::Rc<InitiateFn>,
    ) -> bool {
        let (closure, cfg) = config(opts, initiate);
        let served = super::handoff::serve_clicks(option, &cfg);
        if served {
            // Left to the boot script, which calls it until the button is
            // adopted: at most one per page, and no state here to drop it
            // from (each costs code in the module).
            closure.forget();
        }
        served
    }

    /// The button the boot script mounted before this module ran, moved into
    /// `target`, when it is the one [`PaymentButton::create`] would make for
    /// `option` with `opts` (see `super::handoff::adopt_button`); its clicks
    /// go to `initiate` from now on. `None`: create one.
    pub fn adopt(
        option: &JsValue,
        opts: &ButtonOptions,
        initiate: std::rc::Rc<InitiateFn>,
        target: &web_sys::Element,
    ) -> Option<PaymentButton> {
        let (closure, cfg) = config(opts, initiate);
        let element = super::handoff::adopt_button(option, &cfg, target)?;
        Some(PaymentButton {
            element,
            _initiate: closure,
        })
    }

    /// Mounts the button into `target`.
    pub fn mount(&self, target: &web_sys::Element) -> Result<(), SdkError> {
        js::call(&self.element, "mount", &[target.clone().into()])
            .map(|_| ())
            .map_err(|e| SdkError::from_js(SdkErrorCode::MountFailed, &e))
    }

    /// Sets the button's `loading` or `disabled` state, where the SDK supports it.
    pub fn toggle_state(&self, state: &str, on: bool) {
        let _ = js::call(
            &self.element,
            "toggleState",
            &[JsValue::from_str(state), JsValue::from_bool(on)],
        );
    }
}

/// Klarna's button config for `opts`, with `initiate` bridged to Rust (the
/// closure must live as long as the button).
fn config(
    opts: &ButtonOptions,
    initiate: std::rc::Rc<InitiateFn>,
) -> (Closure<dyn FnMut(JsValue) -> js_sys::Promise>, JsValue) {
    let closure = Closure::<dyn FnMut(JsValue) -> js_sys::Promise>::new(move |params: JsValue| {
        let fut = initiate(InitiateParams::read(&params));
        wasm_bindgen_futures::future_to_promise(async move {
            match fut.await {
                Ok(answer) => Ok(to_js(&answer)),
                Err(msg) => Err(js_sys::Error::new(&msg).into()),
            }
        })
    });
    let f: &JsValue = closure.as_ref();
    let cfg = to_js(&ButtonConfig {
        initiate: f.clone(),
        locale: &opts.locale,
        theme: opts.theme,
        shape: opts.shape,
        initiation_mode: opts.initiation_mode,
    });
    (closure, cfg)
}

impl Drop for PaymentButton {
    fn drop(&mut self) {
        let _ = js::call(&self.element, "unmount", &[]);
    }
}
