//! Klarna's JSON: the `payment/authorize` request body and the parsing of
//! its answers (documented shape plus the unconfirmed step-up variants).

use super::{AuthorizeCall, AuthorizeResult, AuthorizeStep, KlarnaError, Presentation};
use checkout_core::api::AcquiringConfig;
use checkout_core::presentation::Instruction;
use serde_json::{json, Map, Value};

/// Placeholder Klarna replaces with the payment request id in `return_url`.
pub const PR_ID_PLACEHOLDER: &str = "{klarna.payment_request.id}";
/// Placeholder Klarna replaces with the payment request state in `return_url`.
pub const PR_STATE_PLACEHOLDER: &str = "{klarna.payment_request.state}";

/// Adds the payment-request placeholders to `base` as query parameters
/// (before any fragment), unencoded so Klarna can substitute them.
pub fn return_url_with_placeholders(base: &str) -> String {
    let (head, fragment) = match base.split_once('#') {
        Some((h, f)) => (h, Some(f)),
        None => (base, None),
    };
    let sep = if head.contains('?') { '&' } else { '?' };
    let mut url = format!(
        "{head}{sep}klarna_payment_request_id={PR_ID_PLACEHOLDER}&klarna_payment_request_state={PR_STATE_PLACEHOLDER}"
    );
    if let Some(f) = fragment {
        url.push('#');
        url.push_str(f);
    }
    url
}

/// The JSON body of `payment/authorize` for `call`.
pub fn authorize_body(call: &AuthorizeCall) -> Value {
    let mut transaction = json!({
        "amount": call.amount,
        "payment_transaction_reference": call.transaction_reference,
    });
    if let Some(opt) = &call.payment_option_id {
        transaction["payment_option_id"] = json!(opt);
    }
    if call.capture_now {
        transaction["capture"] = json!("NOW");
    }
    let purchase = super::purchase::supplementary_purchase_data(
        &call.merchant_reference,
        &call.order_lines,
        &call.customer,
        call.shipping.as_ref(),
    );
    let mut body = json!({
        "currency": call.currency,
        "request_payment_transaction": transaction,
        "supplementary_purchase_data": purchase,
    });
    match &call.step {
        AuthorizeStep::Initial { return_url } => {
            body["step_up_config"] = json!({
                "payment_request_reference": call.session_id,
                "customer_interaction_config": {"method": "SDK", "return_url": return_url},
            });
        }
        AuthorizeStep::Final { payment_request_id } => {
            body["payment_request_id"] = json!(payment_request_id);
        }
    }
    if let Some(data) = &call.network_data {
        body["klarna_network_data"] = json!(data);
    }
    if let Some(acquiring) = &call.acquiring_config {
        body["acquiring_config"] = json!(acquiring);
    }
    body
}

/// The presentation query's `acquiring_config[…]` parameters.
pub fn acquiring_query(c: Option<&AcquiringConfig>) -> Vec<(&'static str, String)> {
    c.map(|c| {
        (
            "acquiring_config[payment_account_id]",
            c.payment_account_id.clone(),
        )
    })
    .into_iter()
    .collect()
}

fn str_at<'a>(v: &'a Value, path: &[&str]) -> Option<&'a str> {
    path.iter().try_fold(v, |v, k| v.get(k))?.as_str()
}

/// Finds the payment request of a step-up answer: `payment_request.{payment_request_id,
/// payment_request_url}` at the top or inside `payment_transaction_response`,
/// or under `state_context.customer_interaction`.
fn step_up(v: &Value) -> Option<(String, Option<String>)> {
    let candidates = [
        v.get("payment_request"),
        v.pointer("/payment_transaction_response/payment_request"),
        Some(v),
    ];
    for pr in candidates.into_iter().flatten() {
        let ci = pr.pointer("/state_context/customer_interaction");
        let id = str_at(pr, &["payment_request_id"])
            .or_else(|| ci.and_then(|c| str_at(c, &["payment_request_id"])));
        let url = str_at(pr, &["payment_request_url"])
            .or_else(|| ci.and_then(|c| str_at(c, &["payment_request_url"])));
        if let Some(id) = id {
            return Some((id.to_string(), url.map(str::to_string)));
        }
    }
    None
}

/// Parses a 2xx answer of `payment/authorize`.
pub fn parse_authorize(v: &Value) -> Result<AuthorizeResult, KlarnaError> {
    let ptr = v.get("payment_transaction_response").unwrap_or(v);
    let result = str_at(ptr, &["result"]).ok_or_else(|| {
        KlarnaError::Upstream("authorize answer without payment_transaction_response.result".into())
    })?;
    match result {
        "APPROVED" => {
            let id = str_at(ptr, &["payment_transaction", "payment_transaction_id"]).ok_or_else(
                || {
                    KlarnaError::Upstream(
                        "APPROVED without payment_transaction.payment_transaction_id".into(),
                    )
                },
            )?;
            Ok(AuthorizeResult::Approved {
                payment_transaction_id: id.to_string(),
                extras: super::transactions::parse_approval_extras(v),
            })
        }
        "STEP_UP_REQUIRED" => {
            let (payment_request_id, payment_request_url) = step_up(v).ok_or_else(|| {
                KlarnaError::Upstream("STEP_UP_REQUIRED without a payment_request_id".into())
            })?;
            Ok(AuthorizeResult::StepUpRequired {
                payment_request_id,
                payment_request_url,
            })
        }
        "DECLINED" => {
            let reason = ["result_reason", "decline_reason", "reason"]
                .iter()
                .find_map(|k| str_at(ptr, &[k]))
                .map(str::to_string);
            Ok(AuthorizeResult::Declined { reason })
        }
        other => Err(KlarnaError::Upstream(format!(
            "unknown authorize result {other:?}"
        ))),
    }
}

/// Parses the presentation answer (`instruction` required).
pub fn parse_presentation(v: Value) -> Result<Presentation, KlarnaError> {
    let instruction = v
        .get("instruction")
        .and_then(Value::as_str)
        .and_then(Instruction::parse)
        .ok_or_else(|| {
            KlarnaError::Upstream("presentation answer without a known instruction".into())
        })?;
    Ok(Presentation {
        instruction,
        body: v,
    })
}

/// Reads the SDK-token exchange's answer `{"sdk_token": "…"}`.
pub fn parse_sdk_token(v: &Value) -> Result<String, KlarnaError> {
    v.get("sdk_token")
        .and_then(Value::as_str)
        .map(str::to_string)
        .ok_or_else(|| KlarnaError::Upstream("sdk-tokens answer without sdk_token".into()))
}

/// Pulls a readable message out of a Klarna error body.
pub fn error_message(body: &str) -> String {
    let v: Value = serde_json::from_str(body).unwrap_or(Value::Object(Map::new()));
    let parts: Vec<&str> = ["error_code", "error_message", "error_id"]
        .iter()
        .filter_map(|k| v.get(k).and_then(Value::as_str))
        .collect();
    if parts.is_empty() {
        body.chars().take(200).collect()
    } else {
        parts.join(": ")
    }
}
