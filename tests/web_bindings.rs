//! Browser tests of `src/bindings/` against the Klarna Web SDK emulator
//! (`www/sandbox/klarna.js`), run by wasm-bindgen-test in headless Chromium.
#![cfg(target_arch = "wasm32")]

use checkout_core::api::AcquiringConfig;
use checkout_core::presentation::{Instruction, PaymentStatus};
use futures::future::LocalBoxFuture;
use klarna_hosted_checkout::bindings::button::{
    ButtonOptions, InitiateAnswer, InitiateParams, PaymentButton,
};
use klarna_hosted_checkout::bindings::error::SdkErrorCode;
use klarna_hosted_checkout::bindings::events::{klarna_error, on_payment_events, KlarnaEvent};
use klarna_hosted_checkout::bindings::loader::{load_sdk, LoadPolicy};
use klarna_hosted_checkout::bindings::parts::MountedParts;
use klarna_hosted_checkout::bindings::sdk::{Klarna, PresentationRequest, Revision, SdkInit};
use klarna_hosted_checkout::bindings::{codec, js};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

// Referencing the emulator as a local module makes wasm-bindgen ship it
// beside the test, so the runner's server can serve it to `import()`; its
// modules under `sdk/` are referenced too, so they are shipped with it.
#[wasm_bindgen(module = "/www/sandbox/klarna.js")]
extern "C" {
    #[wasm_bindgen(js_name = KlarnaSDK)]
    fn emulator_factory(config: JsValue) -> js_sys::Promise;
}

// The emulator's modules, declared so wasm-bindgen ships each beside
// `klarna.js` (the test runner serves only what it shipped); `facts.js` is
// reached through its default export.
macro_rules! ship {
    ($($f:ident = $path:literal : $export:literal),* $(,)?) => {$(
        #[wasm_bindgen(module = $path)]
        extern "C" {
            #[wasm_bindgen(js_name = $export)]
            fn $f() -> JsValue;
        }
    )*};
}

ship!(
    ship_options = "/www/sandbox/sdk/options.js": "parseModuleOptions",
    ship_record = "/www/sandbox/sdk/record.js": "snapshot",
    ship_validate = "/www/sandbox/sdk/validate.js": "describe",
    ship_texts = "/www/sandbox/sdk/texts.js": "languageOf",
    ship_decide = "/www/sandbox/sdk/decide.js": "randomUuid",
    ship_dom = "/www/sandbox/sdk/dom.js": "ensureStylesheet",
    ship_errors = "/www/sandbox/sdk/errors.js": "messageOf",
    ship_presentation = "/www/sandbox/sdk/presentation.js": "buildPresentation",
    ship_button = "/www/sandbox/sdk/button.js": "createPaymentButton",
    ship_journey = "/www/sandbox/sdk/journey.js": "tokenContext",
    ship_messaging = "/www/sandbox/sdk/messaging.js": "createPlacement",
    ship_instance = "/www/sandbox/sdk/instance.js": "makeKlarnaSDK",
    ship_kit = "/www/sandbox/sdk/kit.js": "kitFor",
    ship_identity = "/www/sandbox/sdk/identity.js": "identityNamespace",
    ship_express_form = "/www/sandbox/sdk/express-form.js": "journeyForm",
    ship_express_journey = "/www/sandbox/sdk/express-journey.js": "isPaymentRequestData",
    ship_prompt_dialog = "/www/sandbox/sdk/prompt-dialog.js": "promptDialog",
);

#[wasm_bindgen(module = "/www/sandbox/sdk/facts.js")]
extern "C" {
    #[wasm_bindgen(js_name = default, thread_local_v2)]
    static FACTS: JsValue;
}

#[wasm_bindgen_test]
fn the_emulators_modules_are_shipped() {
    // Touching each import keeps it (and so its file) in the test's glue.
    let _ = ship_decide();
    let _ = ship_texts();
    assert!(FACTS.with(|f| js::get(f, "markets").is_some()));
    let shipped: [fn() -> JsValue; 15] = [
        ship_options,
        ship_record,
        ship_validate,
        ship_dom,
        ship_errors,
        ship_presentation,
        ship_button,
        ship_journey,
        ship_messaging,
        ship_instance,
        ship_kit,
        ship_identity,
        ship_express_form,
        ship_express_journey,
        ship_prompt_dialog,
    ];
    assert_eq!(shipped.len(), 15);
}

#[wasm_bindgen(inline_js = "
export function emulator_url(query) { return new URL('./www/sandbox/klarna.js' + query, import.meta.url).href; }
export function sandbox_calls(method) {
  const r = globalThis.__klarnaSandbox; if (!r) return [];
  return r.calls.filter((c) => c.method === method);
}
export function sandbox_mounted() { return globalThis.__klarnaSandbox.mounted(); }
export function sdk_token(token) {
  const b = btoa(String.fromCharCode(...new TextEncoder().encode(token)));
  return 'sandbox_sdk_token.' + b.replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, '');
}
export function hanging_module_url() {
  return URL.createObjectURL(new Blob(['await new Promise(() => {});'], { type: 'text/javascript' }));
}")]
extern "C" {
    fn emulator_url(query: &str) -> String;
    fn sandbox_calls(method: &str) -> js_sys::Array;
    fn sandbox_mounted() -> u32;
    fn sdk_token(token: &str) -> String;
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
        // The server's exchange puts the token in the SDK token.
        sdk_token: token.map(sdk_token),
        locale: "de-DE".into(),
        products: vec!["PAYMENT".into()],
        acquiring_config: None,
    }
}

fn presentation_req() -> PresentationRequest {
    PresentationRequest {
        amount: 11800,
        currency: "EUR".into(),
        locale: "de-DE".into(),
        intents: vec!["PAY".into()],
        acquiring_config: Some(AcquiringConfig {
            payment_account_id: "pacc_1".into(),
        }),
    }
}

async fn klarna(query: &str, token: Option<&str>) -> Klarna {
    let module = load_sdk(&emulator_url(query), QUICK)
        .await
        .expect("emulator loads");
    Klarna::init(&module, &init_cfg(token)).await.expect("init")
}

fn last_args(method: &str) -> JsValue {
    let last = sandbox_calls(method).pop();
    let args = js::get(&last, "args").unwrap();
    js_sys::Array::from(&args).get(0)
}

#[wasm_bindgen_test]
async fn the_emulator_is_importable_directly() {
    let cfg = codec::parse(r#"{"clientId":"klarna_test_client_x"}"#).unwrap();
    let instance = wasm_bindgen_futures::JsFuture::from(emulator_factory(cfg))
        .await
        .unwrap();
    assert!(js::get(&instance, "Payment").is_some());
}

#[wasm_bindgen_test]
async fn init_sends_only_what_sdkconfig_names() {
    let token = "krn:sandbox:eu1:session-token:shopper:abc123";
    let k = klarna("", Some(token)).await;
    assert!(k.has_presentation());
    assert!(!k.has_resolve(), "no revision's typings have resolve");
    assert_eq!(k.revision(), Revision::V2);
    let cfg = last_args("KlarnaSDK");
    assert_eq!(
        js::get_str(&cfg, "clientId").as_deref(),
        Some("klarna_test_client_sandbox")
    );
    assert!(js::get(&cfg, "klarnaNetworkSessionToken").is_none());
    assert_eq!(js::get_str(&cfg, "sdkToken"), Some(sdk_token(token)));
    assert_eq!(k.network_token().as_deref(), Some(token));
}

#[wasm_bindgen_test]
async fn each_revision_is_detected_and_gets_its_presentation_data() {
    for (query, want) in [
        ("?surface=r6", Revision::R6),
        ("?surface=r8", Revision::R8),
        ("?surface=v2", Revision::V2),
    ] {
        let k = klarna(query, None).await;
        assert_eq!(k.revision(), want, "{query}");
        let p = k.presentation(&presentation_req()).await.unwrap();
        assert_eq!(p.instruction, Some(Instruction::ShowKlarna), "{query}");
        let data = last_args("presentation");
        assert!(js::get(&data, "klarnaNetworkSessionToken").is_none());
        if want == Revision::V2 {
            assert_eq!(js::get_str(&data, "intent").as_deref(), Some("PAY"));
            assert_eq!(
                js::get_str(&data, "acquiringConfig.paymentAccountId").as_deref(),
                Some("pacc_1")
            );
        } else {
            assert!(js::get(&data, "intents").is_some() && js::get(&data, "intent").is_none());
            assert!(js::get(&data, "acquiringConfig").is_none(), "{query}");
        }
    }
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
async fn presentation_follows_the_triggers_in_every_shape() {
    let cases = [
        (None, Instruction::ShowKlarna, 1),
        (
            Some("krn:sandbox:eu1:session-token:shopper:1"),
            Instruction::PreselectKlarna,
            2,
        ),
        (
            Some("krn:sandbox:eu1:session-token:HIDE_KLARNA:1"),
            Instruction::HideKlarna,
            1,
        ),
        (
            Some("krn:sandbox:eu1:session-token:SHOW_ONLY_KLARNA:1"),
            Instruction::ShowOnlyKlarna,
            2,
        ),
    ];
    for query in ["?surface=r6", "?surface=r8", "?surface=v2"] {
        for (token, want, choices) in cases {
            let k = klarna(query, token).await;
            let p = k.presentation(&presentation_req()).await.unwrap();
            assert_eq!(p.instruction, Some(want), "{query} {token:?}");
            // r6 has no saved option: one choice, whatever the shopper.
            let choices = if query == "?surface=r6" { 1 } else { choices };
            assert_eq!(p.choices.len(), choices, "{query} {token:?}");
            let first = &p.choices[0].descriptor;
            if query == "?surface=v2" {
                // Plain strings: the page draws these.
                assert!(first.header.as_deref().is_some_and(|h| !h.is_empty()));
                assert!(first.icon_url.is_some());
            } else {
                // Components: the page draws no text of its own.
                assert!(first.header.is_none() && first.icon_url.is_none());
            }
            if query == "?surface=r8" && choices == 2 {
                assert!(first.saved, "the saved option comes first");
            }
        }
    }
}

#[wasm_bindgen_test]
async fn the_payment_status_is_read() {
    let token = "krn:sandbox:eu1:session-token:PENDING_PARTNER_AUTHORIZATION:1";
    let k = klarna("?surface=r8", Some(token)).await;
    let p = k.presentation(&presentation_req()).await.unwrap();
    assert_eq!(
        p.payment_status,
        Some(PaymentStatus::PendingPartnerAuthorization)
    );
    let r6 = klarna("?surface=r6", Some(token)).await;
    assert_eq!(
        r6.presentation(&presentation_req())
            .await
            .unwrap()
            .payment_status,
        None
    );
}

#[wasm_bindgen_test]
async fn klarnas_components_mount_into_the_slots_and_unmount_on_drop() {
    let doc = web_sys::window().unwrap().document().unwrap();
    for query in ["?surface=r6", "?surface=r8"] {
        let k = klarna(query, Some("krn:sandbox:eu1:session-token:shopper:9")).await;
        let p = k.presentation(&presentation_req()).await.unwrap();
        let before = sandbox_mounted();
        let row = doc.create_element("div").unwrap();
        row.set_inner_html(
            "<span class=khc-part--header></span><span class=khc-part--subheader></span>\
             <span class=khc-part--icon></span><span class=khc-part--badge></span>\
             <span class=khc-part--message></span>",
        );
        doc.body().unwrap().append_child(&row).unwrap();
        let parts = MountedParts::mount(&p.choices[0].raw, &row);
        let header = row.query_selector(".khc-part--header").unwrap().unwrap();
        assert!(
            header
                .query_selector("[data-testid=klarna-sdk-header]")
                .unwrap()
                .is_some(),
            "{query}: Klarna's header component is mounted"
        );
        let message = row.query_selector(".khc-part--message").unwrap().unwrap();
        assert!(
            message.child_element_count() == 1,
            "{query}: the message too"
        );
        let mounted = if query == "?surface=r6" { 4 } else { 5 };
        assert_eq!(sandbox_mounted() - before, mounted, "{query}");
        drop(parts);
        assert_eq!(sandbox_mounted(), before, "{query}: all unmounted");
        assert!(header.first_element_child().is_none());
    }
}

#[wasm_bindgen_test]
async fn klarnas_payment_errors_are_read_with_code_as_the_fallback() {
    let e = klarna_error(
        &codec::parse(
            r#"{"errorCode":"TECHNICAL_ERROR","errorId":"e-1","errorMessage":"down","errorType":"TECHNICAL_ERROR"}"#,
        )
        .unwrap(),
    );
    assert_eq!(e.code.as_deref(), Some("TECHNICAL_ERROR"));
    assert_eq!(e.message, "down");
    let old = klarna_error(&codec::parse(r#"{"code":"OLD_CODE","message":"old"}"#).unwrap());
    assert_eq!(
        (old.code.as_deref(), old.message.as_str()),
        (Some("OLD_CODE"), "old")
    );
    let plain = klarna_error(&js_sys::Error::new("thrown").into());
    assert_eq!((plain.code, plain.message.as_str()), (None, "thrown"));
}

#[wasm_bindgen_test]
async fn presentation_failure_is_typed() {
    let k = klarna("?fail=presentation", None).await;
    let err = k.presentation(&presentation_req()).await.unwrap_err();
    assert_eq!(err.code, SdkErrorCode::PresentationFailed);
}

#[wasm_bindgen_test]
async fn legacy_resolve_is_detected_and_mapped() {
    let k = klarna("?legacy=resolve", None).await;
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
fn initiates_arguments_are_read_field_by_field() {
    // r6 calls `initiate` with nothing; newer SDKs name the token and the option.
    assert_eq!(
        InitiateParams::read(&JsValue::UNDEFINED),
        InitiateParams::default()
    );
    let both =
        codec::parse(r#"{"klarnaNetworkSessionToken":"krn:t","paymentOptionId":"po"}"#).unwrap();
    assert_eq!(
        InitiateParams::read(&both),
        InitiateParams {
            network_session_token: Some("krn:t".into()),
            payment_option_id: Some("po".into()),
        }
    );
    // A field that is not a string is left out on its own: the other one still reaches the payment.
    let odd = codec::parse(r#"{"klarnaNetworkSessionToken":5,"paymentOptionId":"po","extra":[]}"#)
        .unwrap();
    let read = InitiateParams::read(&odd);
    assert_eq!(read.network_session_token, None);
    assert_eq!(read.payment_option_id.as_deref(), Some("po"));
}

#[wasm_bindgen_test]
async fn button_bridges_initiate_and_a_double_click_initiates_once() {
    let token = "krn:sandbox:eu1:session-token:shopper:btn";
    let k = klarna("?surface=r8", Some(token)).await;
    let p = k.presentation(&presentation_req()).await.unwrap();
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
    let _subs = on_payment_events(
        &k,
        Rc::new(move |event| {
            if let KlarnaEvent::Complete(pr) = event {
                c2.borrow_mut().push(pr.token.unwrap_or_default());
            }
        }),
    );
    let opts = ButtonOptions {
        locale: "de-DE".into(),
        theme: "default",
        shape: "default",
        initiation_mode: "DEVICE_BEST",
    };
    let button = PaymentButton::create(&k, Some(&p.choices[0].raw), &opts, initiate).unwrap();
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
        Some(p.choices[0].descriptor.payment_option_id.as_str())
    );
    assert_eq!(*completed.borrow(), vec![token.to_string()]);
    drop(button);
    assert!(
        host.query_selector("button").unwrap().is_none(),
        "dropping the button unmounts it"
    );
}
