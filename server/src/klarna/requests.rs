//! Every request the payment client sends Klarna, built in one place: the
//! real client ([`super::RealKlarna`]) sends them over HTTPS, and the
//! sandbox's recordings ([`super::recording`]) show them as the real client
//! would have sent them, so the two can't drift apart.

use super::idempotency::{CORRELATION_HEADER, IDEMPOTENCY_HEADER};
use super::{transactions, wire, AuthorizeCall, ConfirmCall, PresentationQuery, TransactionCall};
use serde_json::{json, Value};

/// Header carrying the network session token.
pub const NETWORK_TOKEN_HEADER: &str = "Klarna-Network-Session-Token";
/// Header of the SDK-token exchange (older name of the same token).
pub const INTEROP_TOKEN_HEADER: &str = "Klarna-Interoperability-Token";

/// One request to Klarna's API, before authentication.
#[derive(Debug, Clone, PartialEq)]
pub struct Outgoing {
    /// The operation's name in recordings (`authorize`, `capture`, …).
    pub operation: &'static str,
    /// `GET` or `POST`.
    pub method: &'static str,
    /// Path under the API base, segments percent-encoded.
    pub path: String,
    /// Query pairs.
    pub query: Vec<(String, String)>,
    /// Headers besides `Authorization`.
    pub headers: Vec<(&'static str, String)>,
    /// JSON body.
    pub body: Option<Value>,
}

/// `/v2/accounts/{partner}/` followed by `segments`, each one encoded as
/// one path segment (`/` and `?` in a token stay inside it).
pub fn account_path(partner_account_id: &str, segments: &[&str]) -> String {
    let mut url = reqwest::Url::parse("https://klarna.invalid/v2/accounts")
        .unwrap_or_else(|_| unreachable!("a constant URL parses"));
    if let Ok(mut p) = url.path_segments_mut() {
        p.push(partner_account_id);
        p.extend(segments);
    }
    url.path().to_string()
}

fn keyed(headers: &mut Vec<(&'static str, String)>, key: &str, correlation: Option<&str>) {
    headers.push((IDEMPOTENCY_HEADER, key.to_string()));
    if let Some(c) = correlation {
        headers.push((CORRELATION_HEADER, c.to_string()));
    }
}

/// `POST …/payment/authorize` (initial or final).
pub fn authorize(partner: &str, call: &AuthorizeCall) -> Outgoing {
    let mut headers = Vec::new();
    if let Some(t) = &call.network_session_token {
        headers.push((NETWORK_TOKEN_HEADER, t.clone()));
    }
    keyed(
        &mut headers,
        &call.idempotency_key,
        call.correlation_id.as_deref(),
    );
    Outgoing {
        operation: "authorize",
        method: "POST",
        path: account_path(partner, &["payment", "authorize"]),
        query: vec![],
        headers,
        body: Some(wire::authorize_body(call)),
    }
}

/// `GET …/payment/presentation?locale&amount&currency&intents…`.
pub fn presentation(partner: &str, q: &PresentationQuery) -> Outgoing {
    let mut query = vec![
        ("locale".to_string(), q.locale.clone()),
        ("amount".to_string(), q.amount.to_string()),
        ("currency".to_string(), q.currency.clone()),
    ];
    query.extend(q.intents.iter().map(|i| ("intents".to_string(), i.clone())));
    query.extend(
        super::wire::acquiring_query(q.acquiring_config.as_ref())
            .into_iter()
            .map(|(k, v)| (k.to_string(), v)),
    );
    let headers = q
        .network_session_token
        .iter()
        .map(|t| (NETWORK_TOKEN_HEADER, t.clone()))
        .collect();
    Outgoing {
        operation: "presentation",
        method: "GET",
        path: account_path(partner, &["payment", "presentation"]),
        query,
        headers,
        body: None,
    }
}

/// `POST …/payment/confirmation-tokens/{token}/confirm` `{currency, payment_amount}`.
pub fn confirm(partner: &str, call: &ConfirmCall) -> Outgoing {
    let mut headers = Vec::new();
    if let Some(t) = &call.network_session_token {
        headers.push((NETWORK_TOKEN_HEADER, t.clone()));
    }
    keyed(
        &mut headers,
        &call.idempotency_key,
        call.correlation_id.as_deref(),
    );
    Outgoing {
        operation: "confirm",
        method: "POST",
        path: account_path(
            partner,
            &[
                "payment",
                "confirmation-tokens",
                &call.payment_confirmation_token,
                "confirm",
            ],
        ),
        query: vec![],
        headers,
        body: Some(json!({"currency": call.currency, "payment_amount": call.amount})),
    }
}

/// `POST …/interoperability/sdk-tokens` with the token in `Klarna-Interoperability-Token`.
pub fn sdk_token(partner: &str, network_session_token: &str) -> Outgoing {
    Outgoing {
        operation: "sdk_token",
        method: "POST",
        path: account_path(partner, &["interoperability", "sdk-tokens"]),
        query: vec![],
        headers: vec![(INTEROP_TOKEN_HEADER, network_session_token.to_string())],
        body: Some(json!({})),
    }
}

/// A capture, refund or void (paths and bodies: [`transactions::request`]).
pub fn transaction(partner: &str, call: &TransactionCall) -> Outgoing {
    let (tail, body) = transactions::request(call);
    let operation = match call.op {
        super::TransactionOp::Capture { .. } => "capture",
        super::TransactionOp::Refund { .. } => "refund",
        super::TransactionOp::Void => "void",
    };
    let segments: Vec<&str> = tail.split('/').collect();
    let mut headers = Vec::new();
    keyed(
        &mut headers,
        &call.idempotency_key,
        Some(&call.correlation_id),
    );
    Outgoing {
        operation,
        method: "POST",
        path: account_path(partner, &segments),
        query: vec![],
        headers,
        body: Some(body),
    }
}

/// `GET …/payment/transactions/{id}`.
pub fn read_transaction(partner: &str, id: &str) -> Outgoing {
    let tail = transactions::read_path(id);
    let segments: Vec<&str> = tail.split('/').collect();
    Outgoing {
        operation: "read_transaction",
        method: "GET",
        path: account_path(partner, &segments),
        query: vec![],
        headers: vec![],
        body: None,
    }
}

/// `GET …/payment/requests/{id}` (INFERRED path: [`super::payment_request`]).
pub fn read_payment_request(partner: &str, id: &str) -> Outgoing {
    Outgoing {
        operation: "read_payment_request",
        method: "GET",
        path: account_path(partner, &["payment", "requests", id]),
        query: vec![],
        headers: vec![],
        body: None,
    }
}

/// `POST …/payment/requests/{id}/cancel` (the key doubles as correlation id).
pub fn cancel_payment_request(partner: &str, id: &str, key: &str) -> Outgoing {
    let tail = transactions::cancel_path(id);
    let segments: Vec<&str> = tail.split('/').collect();
    let mut headers = Vec::new();
    keyed(&mut headers, key, Some(key));
    Outgoing {
        operation: "cancel_payment_request",
        method: "POST",
        path: account_path(partner, &segments),
        query: vec![],
        headers,
        body: Some(json!({})),
    }
}

/// The `step` of an authorization by its body: `initial` (with
/// `step_up_config`) or `final` (with `payment_request_id`).
pub fn authorize_step(body: Option<&Value>) -> Option<&'static str> {
    let b = body?;
    if b.get("payment_request_id").is_some() {
        Some("final")
    } else if b.get("step_up_config").is_some() {
        Some("initial")
    } else {
        None
    }
}

impl Outgoing {
    /// The query string (`a=b&c=d`, form-encoded), when any.
    pub fn query_string(&self) -> Option<String> {
        if self.query.is_empty() {
            return None;
        }
        let mut url = reqwest::Url::parse("https://klarna.invalid/")
            .unwrap_or_else(|_| unreachable!("a constant URL parses"));
        url.query_pairs_mut().extend_pairs(self.query.iter());
        url.query().map(str::to_string)
    }

    /// As a recording's request (before redaction).
    pub fn recorded(&self) -> super::recording::Request {
        super::recording::Request {
            method: self.method.to_string(),
            path: self.path.clone(),
            query: self.query_string(),
            headers: self
                .headers
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
            body: self.body.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_keep_a_token_in_one_segment() {
        assert_eq!(
            account_path(
                "PA1",
                &["payment", "confirmation-tokens", "a/b?c", "confirm"]
            ),
            "/v2/accounts/PA1/payment/confirmation-tokens/a%2Fb%3Fc/confirm"
        );
        assert_eq!(
            account_path(
                "PA1",
                &["payment", "transactions", "krn:payment:eu1:transaction:1"]
            ),
            "/v2/accounts/PA1/payment/transactions/krn:payment:eu1:transaction:1"
        );
    }

    #[test]
    fn the_presentation_names_the_merchants_payment_account() {
        let mut q = PresentationQuery {
            locale: "de-DE".into(),
            amount: 11800,
            currency: "EUR".into(),
            intents: vec!["PAY".into()],
            network_session_token: None,
            acquiring_config: Some(checkout_core::api::AcquiringConfig {
                payment_account_id: "krn:payment-account:1".into(),
            }),
        };
        let out = presentation("PA1", &q);
        assert!(out.query.contains(&(
            "acquiring_config[payment_account_id]".to_string(),
            "krn:payment-account:1".to_string()
        )));
        q.acquiring_config = None;
        let out = presentation("PA1", &q);
        assert!(!out.query.iter().any(|(k, _)| k.starts_with("acquiring")));
    }
}
