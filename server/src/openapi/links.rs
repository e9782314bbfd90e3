//! The document's links: how one operation's answer feeds the next
//! (create → authorize → capture → refund, create → cancel, …), which
//! clients and stateful testers (Schemathesis) follow. One table; each row
//! names operations by `operationId`, so a renamed operation fails the
//! document's test instead of leaving a dangling link.

use serde_json::{json, Value};
use utoipa::openapi::link::LinkBuilder;
use utoipa::openapi::path::Operation;
use utoipa::openapi::{OpenApi, RefOr};

/// `(from operation, status, link name, to operation, parameters, request body)`.
type Row = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
    Option<fn() -> Value>,
);

const NEW_ID: &[(&str, &str)] = &[("id", "$response.body#/id")];
const SAME_ID: &[(&str, &str)] = &[("id", "$request.path.id")];

/// Every link of the document.
pub const LINKS: &[Row] = &[
    (
        "createSession",
        "201",
        "GetSession",
        "getSession",
        NEW_ID,
        None,
    ),
    (
        "createSession",
        "201",
        "UpdateSession",
        "updateSession",
        NEW_ID,
        None,
    ),
    (
        "createSession",
        "201",
        "CancelSession",
        "cancelSession",
        NEW_ID,
        None,
    ),
    (
        "createSession",
        "201",
        "GetHostedConfig",
        "getHostedConfig",
        NEW_ID,
        None,
    ),
    (
        "createSession",
        "201",
        "SubmitNetworkToken",
        "submitNetworkToken",
        NEW_ID,
        None,
    ),
    (
        "createSession",
        "201",
        "AuthorizeWithKlarna",
        "authorizeWithKlarna",
        NEW_ID,
        None,
    ),
    (
        "createSession",
        "201",
        "GetKlarnaPresentation",
        "getKlarnaPresentation",
        NEW_ID,
        None,
    ),
    (
        "createSession",
        "201",
        "ReportResult",
        "reportResult",
        NEW_ID,
        None,
    ),
    (
        "createSession",
        "201",
        "ConfirmWithKlarna",
        "confirmWithKlarna",
        NEW_ID,
        None,
    ),
    (
        "authorizeWithKlarna",
        "200",
        "GetSession",
        "getSession",
        SAME_ID,
        None,
    ),
    (
        "authorizeWithKlarna",
        "200",
        "CapturePayment",
        "capturePayment",
        SAME_ID,
        None,
    ),
    (
        "authorizeWithKlarna",
        "200",
        "VoidPayment",
        "voidPayment",
        SAME_ID,
        None,
    ),
    (
        "getSession",
        "200",
        "CaptureAll",
        "capturePayment",
        NEW_ID,
        Some(capture_all),
    ),
    (
        "getSession",
        "200",
        "CapturePart",
        "capturePayment",
        NEW_ID,
        None,
    ),
    (
        "getSession",
        "200",
        "VoidPayment",
        "voidPayment",
        NEW_ID,
        None,
    ),
    (
        "capturePayment",
        "201",
        "RefundCapture",
        "refundPayment",
        SAME_ID,
        Some(refund_capture),
    ),
    (
        "capturePayment",
        "201",
        "RefundPart",
        "refundPayment",
        SAME_ID,
        None,
    ),
    (
        "capturePayment",
        "201",
        "GetSession",
        "getSession",
        SAME_ID,
        None,
    ),
    (
        "refundPayment",
        "201",
        "GetSession",
        "getSession",
        SAME_ID,
        None,
    ),
    (
        "createWebhookEndpoint",
        "201",
        "DeleteWebhookEndpoint",
        "deleteWebhookEndpoint",
        NEW_ID,
        None,
    ),
    (
        "listEvents",
        "200",
        "GetEvent",
        "getEvent",
        &[("id", "$response.body#/data/0/id")],
        None,
    ),
    (
        "listEvents",
        "200",
        "RedeliverEvent",
        "redeliverEvent",
        &[("id", "$response.body#/data/0/id")],
        None,
    ),
];

fn capture_all() -> Value {
    json!({"amount": "$response.body#/payment/authorized_amount"})
}

fn refund_capture() -> Value {
    json!({"amount": "$response.body#/amount", "capture_id": "$response.body#/id"})
}

/// Every operation of the document with its id.
pub fn operations(doc: &mut OpenApi) -> Vec<&mut Operation> {
    let mut out = Vec::new();
    for item in doc.paths.paths.values_mut() {
        for op in [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.options,
            &mut item.head,
            &mut item.patch,
            &mut item.trace,
        ]
        .into_iter()
        .flatten()
        {
            out.push(op);
        }
    }
    out
}

/// Adds [`LINKS`] to the answers they start from.
pub fn add(doc: &mut OpenApi) {
    for (from, status, name, to, params, body) in LINKS {
        let mut link = LinkBuilder::new().operation_id(*to);
        for (p, expr) in *params {
            link = link.parameter(*p, *expr);
        }
        link = link.request_body(body.map(|b| b()));
        let link = link.build();
        for op in operations(doc) {
            if op.operation_id.as_deref() != Some(from) {
                continue;
            }
            if let Some(RefOr::T(res)) = op.responses.responses.get_mut(*status) {
                res.links.insert(name.to_string(), RefOr::T(link.clone()));
            }
        }
    }
}
