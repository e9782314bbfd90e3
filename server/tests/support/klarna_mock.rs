//! A local mock of Klarna's API on 127.0.0.1:0 that records every request
//! and answers with a configurable status and body.
#![allow(dead_code)]

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::IntoResponse;
use axum::Router;
use checkout_core::session::{Customer, OrderLine};
use checkout_server::klarna::{AuthorizeCall, AuthorizeStep, RealKlarna};
use checkout_server::settings::Secret;
use serde_json::{json, Value};
use std::sync::{Arc, Mutex};

/// One request the mock saw.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: Method,
    pub path: String,
    pub query: String,
    pub headers: HeaderMap,
    pub body: Value,
}

#[derive(Clone)]
pub struct Mock {
    pub seen: Arc<Mutex<Vec<Seen>>>,
    pub answer: Arc<Mutex<(StatusCode, Value)>>,
    /// Extra headers of every answer (e.g. `Retry-After`).
    pub headers: Arc<Mutex<Vec<(String, String)>>>,
    /// How long every answer waits, milliseconds.
    pub delay_ms: Arc<Mutex<u64>>,
}

async fn record(
    State(m): State<Mock>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> impl IntoResponse {
    m.seen.lock().unwrap().push(Seen {
        method,
        path: uri.path().to_string(),
        query: uri.query().unwrap_or("").to_string(),
        headers,
        body: serde_json::from_slice(&body).unwrap_or(Value::Null),
    });
    let wait = *m.delay_ms.lock().unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(wait)).await;
    let (status, v) = m.answer.lock().unwrap().clone();
    let mut extra = HeaderMap::new();
    for (k, val) in m.headers.lock().unwrap().iter() {
        extra.insert(
            axum::http::HeaderName::from_bytes(k.as_bytes()).unwrap(),
            val.parse().unwrap(),
        );
    }
    (status, extra, axum::Json(v))
}

pub async fn mock() -> (Mock, String) {
    let m = Mock {
        seen: Arc::default(),
        answer: Arc::new(Mutex::new((StatusCode::OK, json!({})))),
        headers: Arc::default(),
        delay_ms: Arc::default(),
    };
    let router = Router::new().fallback(record).with_state(m.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await });
    (m, base)
}

impl Mock {
    pub fn answer(&self, status: u16, v: Value) {
        *self.answer.lock().unwrap() = (StatusCode::from_u16(status).unwrap(), v);
    }
    /// Answers with `status`, `v` and these extra headers from now on.
    pub fn answer_with(&self, status: u16, v: Value, headers: &[(&str, &str)]) {
        self.answer(status, v);
        *self.headers.lock().unwrap() = headers
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
    }
    pub fn last(&self) -> Seen {
        self.seen
            .lock()
            .unwrap()
            .last()
            .cloned()
            .expect("a request reached the mock")
    }
}

pub fn klarna_call(step: AuthorizeStep, token: Option<&str>) -> AuthorizeCall {
    AuthorizeCall {
        session_id: "hcs_1".into(),
        transaction_reference: "hcs_1".into(),
        merchant_reference: "order-123".into(),
        amount: 11800,
        currency: "EUR".into(),
        order_lines: vec![OrderLine {
            name: "Sneakers".into(),
            quantity: 1,
            unit_price: 11800,
            total_amount: 11800,
            image_url: None,
            product_url: Some("https://shop.example/p/1".into()),
            ..OrderLine::default()
        }],
        customer: Customer {
            email: Some("customer+de@klarna.com".into()),
            ..Customer::default()
        },
        shipping: None,
        payment_option_id: Some("KLARNA".into()),
        network_session_token: token.map(str::to_string),
        capture_now: false,
        network_data: Some("{\"k\":\"v\"}".into()),
        acquiring_config: Some(checkout_core::api::AcquiringConfig {
            payment_account_id: "pacc_1".into(),
        }),
        step,
        idempotency_key: "8a1d3f5e-0c2b-8d4e-9f60-112233445566".into(),
        correlation_id: Some("req-1".into()),
    }
}

pub fn approved() -> Value {
    json!({"payment_transaction_response": {"result": "APPROVED", "payment_transaction": {
        "payment_transaction_id": "krn:payment:eu1:transaction:1", "payment_transaction_reference": "hcs_1",
        "amount": 11800, "currency": "EUR", "expires_at": "2026-12-01T00:00:00Z"}}})
}

pub fn client(base: &str) -> RealKlarna {
    RealKlarna::new(base, "PA123", &Secret::new("user:pass")).unwrap()
}
