//! Browser tests of `src/bindings/` against the Klarna Web SDK emulator
//! (`www/sandbox/klarna.js`), run by wasm-bindgen-test in headless Chromium.
#![cfg(target_arch = "wasm32")]

use checkout_core::presentation::Instruction;
use futures::future::LocalBoxFuture;
use klarna_hosted_checkout::bindings::button::{
    ButtonOptions, InitiateAnswer, InitiateParams, PaymentButton,
};
use klarna_hosted_checkout::bindings::error::SdkErrorCode;
use klarna_hosted_checkout::bindings::js;
use klarna_hosted_checkout::bindings::loader::{load_sdk, LoadPolicy};
use klarna_hosted_checkout::bindings::sdk::{
    on_payment_event, Klarna, PresentationRequest, SdkInit,
};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

// Referencing the emulator as a local module makes wasm-bindgen ship it
// beside the test, so the runner's server can serve it to `import()`.
#[wasm_bindgen(module = "/www/sandbox/klarna.js")]
extern "C" {
    #[wasm_bindgen(js_name = KlarnaSDK)]
    fn emulator_factory(config: JsValue) -> js_sys::Promise;
}

#[wasm_bindgen(inline_js = "
export function emulator_url(query) { return new URL('./www/sandbox/klarna.js' + query, import.meta.url).href; }
export function sandbox_calls(method) {
  const r = globalThis.__klarnaSandbox; if (!r) return [];
  return r.calls.filter((c) => c.method === method);
}
export function hanging_module_url() {
  return URL.createObjectURL(new Blob(['await new Promise(() => {});'], { type: 'text/javascript' }));
}")]
extern "C" {
    fn emulator_url(query: &str) -> String;
    fn sandbox_calls(method: &str) -> js_sys::Array;
    fn hanging_module_url() -> String;
}

const QUICK: LoadPolicy = LoadPolicy {
    timeout_ms: 3000,
    retries: 0,
    backoff_ms: 10,
};

fn init_cfg(token: Option<&str>) -> SdkInit {
    SdkInit {
        client_id: "klarna_test_client_sandbox".into(),
        partner_account_id: Some("pa_1".into()),
        sdk_token: None,
        network_session_token: token.map(str::to_string),
        locale: "de-DE".into(),
        products: vec!["PAYMENT".into()],
    }
}

fn presentation_req(token: Option<&str>) -> PresentationRequest {
    PresentationRequest {
        amount: 11800,
        currency: "EUR".into(),
        locale: "de-DE".into(),
        intents: vec!["PAY".into()],
        network_session_token: token.map(str::to_string),
    }
}

async fn klarna(query: &str, token: Option<&str>) -> Klarna {
    let module = load_sdk(&emulator_url(query), QUICK)
        .await
        .expect("emulator loads");
    Klarna::init(&module, &init_cfg(token)).await.expect("init")
}

#[wasm_bindgen_test]
async fn the_emulator_is_importable_directly() {
    let cfg = js::object(&[("clientId", JsValue::from_str("klarna_test_client_x"))]);
    let instance = wasm_bindgen_futures::JsFuture::from(emulator_factory(cfg))
        .await
        .unwrap();
    assert!(js::get(&instance, "Payment").is_some());
}

#[wasm_bindgen_test]
async fn init_passes_the_token_and_client_id() {
    let token = "krn:sandbox:eu1:session-token:shopper:abc123";
    let k = klarna("", Some(token)).await;
    assert!(k.has_presentation());
    assert!(!k.has_resolve(), "v2 surface has no resolve");
    let last = sandbox_calls("KlarnaSDK").pop();
    let args = js::get(&last, "args").unwrap();
    let cfg = js_sys::Array::from(&args).get(0);
    assert_eq!(
        js::get_str(&cfg, "clientId").as_deref(),
        Some("klarna_test_client_sandbox")
    );
    assert_eq!(
        js::get_str(&cfg, "klarnaNetworkSessionToken").as_deref(),
        Some(token)
    );
}

#[wasm_bindgen_test]
async fn init_failure_is_a_typed_error() {
    let module = load_sdk(&emulator_url(""), QUICK).await.unwrap();
    let mut cfg = init_cfg(None);
    cfg.client_id = String::new();
    let err = Klarna::init(&module, &cfg).await.unwrap_err();
    assert_eq!(err.code, SdkErrorCode::InitFailed);
    assert!(err.message.contains("clientId"), "{}", err.message);
    let module = load_sdk(&emulator_url("?fail=init"), QUICK).await.unwrap();
    let err = Klarna::init(&module, &init_cfg(None)).await.unwrap_err();
    assert_eq!(err.code, SdkErrorCode::InitFailed);
}

#[wasm_bindgen_test]
async fn presentation_follows_the_triggers_and_reads_descriptors() {
    let cases = [
        (None, Instruction::ShowKlarna),
        (
            Some("krn:sandbox:eu1:session-token:shopper:1"),
            Instruction::PreselectKlarna,
        ),
        (
            Some("krn:sandbox:eu1:session-token:HIDE_KLARNA:1"),
            Instruction::HideKlarna,
        ),
        (
            Some("krn:sandbox:eu1:session-token:SHOW_ONLY_KLARNA:1"),
            Instruction::ShowOnlyKlarna,
        ),
    ];
    for (token, want) in cases {
        let k = klarna("", token).await;
        let p = k.presentation(&presentation_req(token)).await.unwrap();
        assert_eq!(p.instruction, Some(want), "{token:?}");
        let first = &p.options[0].descriptor;
        assert!(
            first.header.as_deref().is_some_and(|h| !h.is_empty()),
            "{token:?} header"
        );
        assert!(first.icon_url.is_some(), "{token:?} icon");
        assert!(!first.payment_option_id.is_empty());
    }
    let k = klarna("", Some("krn:sandbox:eu1:session-token:shopper:2")).await;
    let p = k
        .presentation(&presentation_req(Some(
            "krn:sandbox:eu1:session-token:shopper:2",
        )))
        .await
        .unwrap();
    assert!(
        p.options[0].descriptor.saved,
        "a known shopper's saved option comes first"
    );
}

#[wasm_bindgen_test]
async fn presentation_shapes_r6_and_list_are_read() {
    for query in ["?shape=r6", "?shape=list"] {
        let k = klarna(query, None).await;
        let p = k.presentation(&presentation_req(None)).await.unwrap();
        assert_eq!(p.instruction, Some(Instruction::ShowKlarna), "{query}");
        assert!(p.options[0].descriptor.header.is_some(), "{query}");
    }
}

#[wasm_bindgen_test]
async fn presentation_failure_is_typed() {
    let k = klarna("?fail=presentation", None).await;
    let err = k.presentation(&presentation_req(None)).await.unwrap_err();
    assert_eq!(err.code, SdkErrorCode::PresentationFailed);
}

#[wasm_bindgen_test]
async fn v1_resolve_is_detected_and_mapped() {
    let k = klarna("?surface=v1", None).await;
    assert!(k.has_resolve());
    let hide = k
        .resolve(Some("krn:x:HIDE_KLARNA"), "EUR", "DE", 11800)
        .await
        .unwrap();
    assert_eq!(hide.instruction, Instruction::HideKlarna);
    let pending = k
        .resolve(Some("krn:x:PENDING_CONFIRMATION"), "EUR", "DE", 11800)
        .await
        .unwrap();
    assert_eq!(pending.instruction, Instruction::PreselectKlarna);
    assert!(
        pending.confirm_with.is_some(),
        "a confirmation token comes with PENDING_CONFIRMATION"
    );
    let show = k.resolve(None, "EUR", "DE", 11800).await.unwrap();
    assert_eq!(show.instruction, Instruction::ShowKlarna);
}

#[wasm_bindgen_test]
async fn loader_gives_up_with_a_typed_error_and_retries_later() {
    let policy = LoadPolicy {
        timeout_ms: 2000,
        retries: 1,
        backoff_ms: 10,
    };
    let err = load_sdk("/no-such-sdk.mjs", policy).await.unwrap_err();
    assert_eq!(err.code, SdkErrorCode::LoadFailed);
    // The memo was cleared: a good URL still loads afterwards.
    assert!(load_sdk(&emulator_url(""), QUICK).await.is_ok());
}

#[wasm_bindgen_test]
async fn loader_times_out() {
    let policy = LoadPolicy {
        timeout_ms: 150,
        retries: 0,
        backoff_ms: 10,
    };
    let err = load_sdk(&hanging_module_url(), policy).await.unwrap_err();
    assert_eq!(err.code, SdkErrorCode::LoadTimeout);
}

#[wasm_bindgen_test]
async fn button_bridges_initiate_and_a_double_click_initiates_once() {
    let token = "krn:sandbox:eu1:session-token:shopper:btn";
    let k = klarna("", Some(token)).await;
    let p = k
        .presentation(&presentation_req(Some(token)))
        .await
        .unwrap();
    let seen: Rc<RefCell<Vec<InitiateParams>>> = Rc::default();
    let seen2 = seen.clone();
    let initiate = Rc::new(
        move |params: InitiateParams| -> LocalBoxFuture<'static, Result<InitiateAnswer, String>> {
            seen2.borrow_mut().push(params);
            Box::pin(async {
                gloo_timers::future::TimeoutFuture::new(50).await;
                Ok(InitiateAnswer::Approved {
                    return_url: "https://shop.example/return".into(),
                })
            })
        },
    );
    let completed: Rc<RefCell<Vec<String>>> = Rc::default();
    let c2 = completed.clone();
    let _sub = on_payment_event(&k, "complete", move |pr, _| {
        c2.borrow_mut()
            .push(js::get_str(&pr, "state").unwrap_or_default());
        JsValue::FALSE // stay on the page
    })
    .unwrap();
    let opts = ButtonOptions {
        locale: "de-DE".into(),
        theme: "default".into(),
        shape: "default".into(),
        initiation_mode: "DEVICE_BEST".into(),
        intents: vec!["PAY".into()],
    };
    let button = PaymentButton::create(&k, &p.options[0].raw, &opts, initiate).unwrap();
    let doc = web_sys::window().unwrap().document().unwrap();
    let host = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&host).unwrap();
    button.mount(&host).unwrap();
    let el = host
        .query_selector("button")
        .unwrap()
        .expect("Klarna's button is mounted");
    let el: web_sys::HtmlElement = el.dyn_into().unwrap();
    el.click();
    el.click();
    for _ in 0..100 {
        if !completed.borrow().is_empty() {
            break;
        }
        gloo_timers::future::TimeoutFuture::new(10).await;
    }
    assert_eq!(seen.borrow().len(), 1, "one initiate for two clicks");
    let params = seen.borrow()[0].clone();
    assert_eq!(params.network_session_token.as_deref(), Some(token));
    assert_eq!(
        params.payment_option_id.as_deref(),
        Some(p.options[0].descriptor.payment_option_id.as_str())
    );
    assert_eq!(*completed.borrow(), vec!["COMPLETED".to_string()]);
    drop(button);
    assert!(
        host.query_selector("button").unwrap().is_none(),
        "dropping the button unmounts it"
    );
}
