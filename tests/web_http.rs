//! Browser tests of the page's HTTP client (`src/client/`, over gloo-net):
//! a time-out aborts the request through its `AbortSignal`, and the API
//! calls send and read the wire shapes of `checkout_core`. `window.fetch` is
//! replaced by a recording stand-in for the length of a test (gloo-net calls
//! `window.fetch(request)`), except where a real request is made.
#![cfg(target_arch = "wasm32")]

use checkout_core::api::{AuthorizeOutcome, AuthorizeRequest};
use gloo_net::http::Method;
use klarna_hosted_checkout::client::api::{set_call_timeout, ApiContext, CALL_TIMEOUT_MS};
use klarna_hosted_checkout::client::http::{fetch, FetchError};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Replaces `window.fetch` with `body` (a function of the `Request`, its
/// recordings kept on `globalThis.__seen`), keeping the real one on
/// `globalThis.__realFetch`.
fn stub_fetch(body: &str) {
    let install = js_sys::Function::new_with_args(
        "body",
        "globalThis.__realFetch = globalThis.__realFetch || window.fetch;
         globalThis.__seen = [];
         window.fetch = new Function('request', body);",
    );
    install.call1(&JsValue::NULL, &body.into()).unwrap();
}

/// Puts the real `window.fetch` back.
fn restore_fetch() {
    js_sys::Function::new_no_args(
        "if (globalThis.__realFetch) { window.fetch = globalThis.__realFetch; }",
    )
    .call0(&JsValue::NULL)
    .unwrap();
}

/// `globalThis.__seen` as JSON text.
fn seen() -> String {
    js_sys::Function::new_no_args("return JSON.stringify(globalThis.__seen)")
        .call0(&JsValue::NULL)
        .unwrap()
        .as_string()
        .unwrap()
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

#[wasm_bindgen_test]
async fn a_time_out_aborts_the_request_and_answers_timeout_in_bounded_time() {
    // A server that never answers: the promise settles only when the
    // request's signal aborts, and records that it did.
    stub_fetch(
        "const entry = { url: request.url, aborted: request.signal.aborted };
         globalThis.__seen.push(entry);
         return new Promise((_, reject) => {
           request.signal.addEventListener('abort', () => {
             entry.aborted = true;
             reject(new DOMException('aborted', 'AbortError'));
           });
         });",
    );
    let start = now_ms();
    let got = fetch(Method::GET, "/never-answers", &[], None, 300).await;
    let took = now_ms() - start;
    // Let the abort's rejection run before reading what the stand-in saw.
    gloo_timers::future::TimeoutFuture::new(20).await;
    let log = seen();
    restore_fetch();
    assert_eq!(got, Err(FetchError::Timeout));
    assert!(
        (250.0..3000.0).contains(&took),
        "answered after {took} ms (limit 300 ms)"
    );
    assert!(log.contains("/never-answers"), "{log}");
    assert!(
        log.contains(r#""aborted":true"#),
        "the request's signal was aborted: {log}"
    );
}

#[wasm_bindgen_test]
async fn an_api_call_past_its_time_limit_fails_as_timeout() {
    stub_fetch("globalThis.__seen.push(request.url); return new Promise(() => {});");
    set_call_timeout(500);
    let ctx = ApiContext {
        base: String::new(),
        session_id: "hcs_stalled".into(),
        client_secret: "hcs_secret_x".into(),
        appearance: None,
        locale: None,
    };
    let start = now_ms();
    let err = ctx.config().await.unwrap_err();
    let took = now_ms() - start;
    set_call_timeout(CALL_TIMEOUT_MS);
    restore_fetch();
    assert_eq!((err.status, err.code.as_str()), (None, "timeout"));
    assert!(err.is_transient(), "a time-out is retried");
    assert!(took < 3000.0, "answered after {took} ms");
}

#[wasm_bindgen_test]
async fn authorize_sends_the_wire_body_and_reads_the_answer() {
    stub_fetch(
        "return request.text().then((text) => {
           globalThis.__seen.push({
             method: request.method,
             url: new URL(request.url).pathname,
             authorization: request.headers.get('authorization'),
             key: request.headers.get('idempotency-key'),
             type: request.headers.get('content-type'),
             body: JSON.parse(text),
           });
           return new Response(JSON.stringify({
             result: 'STEP_UP_REQUIRED', payment_request_id: 'pr_1', extra: 'ignored',
           }), { status: 200, headers: { 'content-type': 'application/json' } });
         });",
    );
    let ctx = ApiContext {
        base: String::new(),
        session_id: "hcs_1".into(),
        client_secret: "hcs_secret_1".into(),
        appearance: None,
        locale: None,
    };
    let body = AuthorizeRequest {
        klarna_network_session_token: Some("krn:t".into()),
        payment_option_id: None,
    };
    let got = ctx.authorize(&body, None, "key-1").await;
    let log = seen();
    restore_fetch();
    assert_eq!(
        got.unwrap(),
        AuthorizeOutcome::StepUpRequired {
            payment_request_id: "pr_1".into(),
            payment_request_url: None,
        }
    );
    assert_eq!(
        log,
        r#"[{"method":"POST","url":"/v1/sessions/hcs_1/klarna/authorize","authorization":"Bearer hcs_secret_1","key":"key-1","type":"application/json","body":{"klarna_network_session_token":"krn:t"}}]"#
    );
}

#[wasm_bindgen_test]
async fn a_malformed_answer_names_the_field_and_an_error_keeps_the_servers_code() {
    stub_fetch(
        "const path = new URL(request.url).pathname;
         if (path.endsWith('/result')) {
           return Promise.resolve(new Response('{\"state\":\"authorized\",\"authorization\":{\"amount\":1}}'));
         }
         return Promise.resolve(new Response(
           '{\"error\":{\"code\":\"session_expired\",\"message\":\"the session expired\"}}',
           { status: 410 }));",
    );
    let ctx = ApiContext {
        base: String::new(),
        session_id: "hcs_2".into(),
        client_secret: "hcs_secret_2".into(),
        appearance: None,
        locale: None,
    };
    let body = checkout_core::api::ResultRequest {
        outcome: checkout_core::api::ResultOutcome::Authorized,
        payment_request_id: None,
        payment_transaction_id: Some("krn:t".into()),
        klarna_network_session_token: None,
        error_code: None,
    };
    let bad = ctx.result(&body, "k").await.unwrap_err();
    let gone = ctx
        .authorize(&AuthorizeRequest::default(), None, "k2")
        .await
        .unwrap_err();
    restore_fetch();
    assert_eq!(bad.code, "invalid_response");
    assert_eq!(
        bad.message,
        "HTTP 200: result.authorization: missing field `payment_transaction_id`"
    );
    assert_eq!(
        (gone.status, gone.code.as_str(), gone.message.as_str()),
        (Some(410), "session_expired", "the session expired")
    );
}

#[wasm_bindgen_test]
async fn a_real_request_goes_out_and_a_404_is_an_answer() {
    // The test runner's own server: no stand-in.
    let got = fetch(Method::GET, "/no-such-file-here.json", &[], None, 5000)
        .await
        .unwrap();
    assert!(!got.ok);
    assert_eq!(got.status, 404);
}
