//! Codecs of the hosted-page API bodies (`checkout_core::api`).

use super::Obj;
use crate::bindings::js::{object, opt_str};
use checkout_core::api::{
    Authorization, AuthorizeOutcome, AuthorizeRequest, HostedConfig, KlarnaSdkConfig, OtherMethod,
    ResultOutcome, ResultRequest, ResultResponse,
};
use checkout_core::appearance::{Applied, CustomProperty, Theme};
use checkout_core::errors::FieldError;
use checkout_core::session::{Customer, OrderLine};
use checkout_core::state::SessionState;
use wasm_bindgen::JsValue;

fn state(o: &Obj, key: &str) -> SessionState {
    let s = o.str(key);
    SessionState::parse(&s).unwrap_or_else(|| {
        o.fail(format!("{key}: unknown state {s}"));
        SessionState::Open
    })
}

fn authorization(o: Obj) -> Authorization {
    Authorization {
        payment_transaction_id: o.str("payment_transaction_id"),
        amount: o.int("amount"),
        currency: o.str("currency"),
        authorized_at: o.str("authorized_at"),
    }
}

fn order_line(o: Obj) -> OrderLine {
    OrderLine {
        name: o.str("name"),
        quantity: o.int("quantity"),
        unit_price: o.int("unit_price"),
        total_amount: o.int("total_amount"),
        image_url: o.opt_str("image_url"),
        product_url: o.opt_str("product_url"),
        // The page shows none of Klarna's other line fields.
        ..OrderLine::default()
    }
}

/// Reads the config's checked `appearance`.
fn applied(o: Obj) -> Applied {
    let theme = o.str("theme");
    Applied {
        theme: Theme::parse(&theme).unwrap_or_else(|| {
            o.fail(format!("appearance.theme: unknown theme {theme}"));
            Theme::Light
        }),
        properties: o.objs("properties", |p| CustomProperty {
            name: p.str("name"),
            value: p.str("value"),
        }),
        problems: o.objs("problems", |p| FieldError {
            path: p.str("path"),
            reason: p.str("reason"),
        }),
        warnings: o.strs("warnings"),
    }
}

/// Reads `GET /v1/sessions/{id}/config`.
pub fn hosted_config(v: JsValue) -> Result<HostedConfig, String> {
    let o = Obj::new(v, "config")?;
    let k = o.obj("klarna");
    let cfg = HostedConfig {
        session_id: o.str("session_id"),
        state: state(&o, "state"),
        amount: o.int("amount"),
        currency: o.str("currency"),
        country: o.str("country"),
        locale: o.str("locale"),
        intents: o.strs("intents"),
        merchant_reference: o.str("merchant_reference"),
        order_lines: o.objs("order_lines", order_line),
        customer: Customer {
            email: o.opt_obj("customer").and_then(|c| c.opt_str("email")),
            ..Customer::default()
        },
        klarna_network_session_token: o.opt_str("klarna_network_session_token"),
        klarna: KlarnaSdkConfig {
            sdk_url: k.str("sdk_url"),
            client_id: k.str("client_id"),
            partner_account_id: k.opt_str("partner_account_id"),
            sdk_token: k.opt_str("sdk_token"),
            products: k.strs("products"),
            mode: k.str("mode"),
            load_timeout_ms: k
                .opt_int("load_timeout_ms")
                .and_then(|n| u32::try_from(n).ok()),
        },
        allowed_origins: o.strs("allowed_origins"),
        other_methods: o.objs("other_methods", |m| OtherMethod {
            id: m.str("id"),
            label: m.str("label"),
        }),
        authorization: o.opt_obj("authorization").map(authorization),
        client_timeout_ms: o
            .opt_int("client_timeout_ms")
            .and_then(|n| u32::try_from(n).ok()),
        appearance: o.opt_obj("appearance").map(applied).unwrap_or_default(),
    };
    o.done(cfg)
}

/// Reads `POST …/klarna/authorize` (and `…/klarna/confirm`).
pub fn authorize_outcome(v: JsValue) -> Result<AuthorizeOutcome, String> {
    let o = Obj::new(v, "authorize")?;
    let outcome = match o.str("result").as_str() {
        "APPROVED" => AuthorizeOutcome::Approved {
            payment_transaction_id: o.str("payment_transaction_id"),
            return_url: o.str("return_url"),
        },
        "STEP_UP_REQUIRED" => AuthorizeOutcome::StepUpRequired {
            payment_request_id: o.str("payment_request_id"),
            payment_request_url: o.opt_str("payment_request_url"),
        },
        "DECLINED" => AuthorizeOutcome::Declined {
            reason: o.opt_str("reason"),
        },
        other => return Err(format!("authorize.result: unknown result {other}")),
    };
    o.done(outcome)
}

/// Reads `POST …/result`.
pub fn result_response(v: JsValue) -> Result<ResultResponse, String> {
    let o = Obj::new(v, "result")?;
    let r = ResultResponse {
        state: state(&o, "state"),
        authorization: o.opt_obj("authorization").map(authorization),
    };
    o.done(r)
}

/// Reads an error body's `{error: {code, message}}`.
pub fn error_body(v: JsValue) -> Result<(String, String), String> {
    let o = Obj::new(v, "body")?;
    let e = o.obj("error");
    let pair = (e.str("code"), e.str("message"));
    o.done(pair)
}

/// Writes an authorize body.
pub fn authorize_request(r: &AuthorizeRequest) -> JsValue {
    object(&[
        (
            "klarna_network_session_token",
            opt_str(r.klarna_network_session_token.as_deref()),
        ),
        ("payment_option_id", opt_str(r.payment_option_id.as_deref())),
    ])
}

/// Writes a result body.
pub fn result_request(r: &ResultRequest) -> JsValue {
    object(&[
        ("outcome", JsValue::from_str(r.outcome.as_str())),
        (
            "payment_request_id",
            opt_str(r.payment_request_id.as_deref()),
        ),
        (
            "payment_transaction_id",
            opt_str(r.payment_transaction_id.as_deref()),
        ),
        (
            "klarna_network_session_token",
            opt_str(r.klarna_network_session_token.as_deref()),
        ),
        ("error_code", opt_str(r.error_code.as_deref())),
    ])
}

/// Reads a result body back (the outbox stores them as JSON).
pub fn read_result_request(v: JsValue) -> Result<ResultRequest, String> {
    let o = Obj::new(v, "entry.body")?;
    let outcome = o.str("outcome");
    let Some(outcome) = ResultOutcome::parse(&outcome) else {
        return Err(format!("outcome: unknown {outcome}"));
    };
    let r = ResultRequest {
        outcome,
        payment_request_id: o.opt_str("payment_request_id"),
        payment_transaction_id: o.opt_str("payment_transaction_id"),
        klarna_network_session_token: o.opt_str("klarna_network_session_token"),
        error_code: o.opt_str("error_code"),
    };
    o.done(r)
}
