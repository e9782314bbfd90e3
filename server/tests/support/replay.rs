//! Replays one recording (`conformance/README.md`) against the client's
//! parsers (`klarna::wire`, `transactions`, `management_wire`,
//! `notifications_wire`, the webhook intake) and the emulator's shapes
//! (`sandbox::shapes`, the sandbox's presentation and envelopes): `Ok` with
//! notes (unconfirmed fields Klarna's answer lacked), or `Err` naming what
//! broke.
#![allow(dead_code)]

use checkout_server::klarna::management_wire;
use checkout_server::klarna::notifications_wire as nwire;
use checkout_server::klarna::recording::FORMAT;
use checkout_server::klarna::transactions::{self, TransactionOp};
use checkout_server::klarna::{wire, AuthorizeCall, AuthorizeStep, KlarnaApi, PresentationQuery};
use checkout_server::sandbox::simulated_envelope;
use checkout_server::sandbox::{shapes, SandboxKlarna};
use checkout_server::store::SqliteStore;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Every recording under `dir` (recursively), but the kit's `summary.json`.
pub fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(files(&p));
        } else if p.extension().is_some_and(|x| x == "json")
            && p.file_name().is_some_and(|n| n != "summary.json")
        {
            out.push(p);
        }
    }
    out.sort();
    out
}

fn answer(rec: &Value) -> Result<(u16, &Value), String> {
    let r = &rec["response"];
    let status = r["status"]
        .as_u64()
        .ok_or("the recording has no response status")? as u16;
    Ok((status, &r["body"]))
}

fn compare(op: &str, ours: &Value, theirs: &Value) -> Result<Vec<String>, String> {
    shapes::compare(op, ours, theirs)
        .map(|missing| {
            missing
                .into_iter()
                .map(|p| format!("unconfirmed {p}: not in this answer"))
                .collect()
        })
        .map_err(|problems| format!("the emulator's shape differs: {}", problems.join("; ")))
}

fn call_of(request: &Value) -> AuthorizeCall {
    let b = &request["body"];
    let amount = b["request_payment_transaction"]["amount"]
        .as_i64()
        .or(b["payment_amount"].as_i64())
        .unwrap_or(0);
    AuthorizeCall {
        session_id: String::new(),
        transaction_reference: b["request_payment_transaction"]["payment_transaction_reference"]
            .as_str()
            .unwrap_or("ref")
            .into(),
        merchant_reference: String::new(),
        amount,
        currency: b["currency"].as_str().unwrap_or("EUR").into(),
        order_lines: vec![],
        customer: Default::default(),
        shipping: None,
        payment_option_id: None,
        network_session_token: None,
        network_data: None,
        step: AuthorizeStep::Final {
            payment_request_id: String::new(),
        },
        idempotency_key: String::new(),
        correlation_id: None,
        capture_now: false,
        acquiring_config: None,
    }
}

async fn sandbox_presentation(instruction: &str) -> Value {
    let dir = tempfile::tempdir().expect("a temp dir");
    let store = Arc::new(SqliteStore::open(&dir.path().join("s.sqlite")).expect("a store"));
    let sandbox = SandboxKlarna::new(store, "http://127.0.0.1:9");
    // The sandbox's test trigger: a token naming the instruction forces it.
    let q = PresentationQuery {
        locale: "de-DE".into(),
        amount: 11800,
        currency: "EUR".into(),
        intents: vec!["PAY".into()],
        network_session_token: Some(format!("krn:replay:{instruction}")),
        acquiring_config: None,
    };
    sandbox
        .presentation(&q)
        .await
        .expect("the sandbox presents")
        .body
}

fn onboard_call() -> checkout_server::klarna::management::OnboardCall {
    let body = json!({"reference": "M1", "name": "Shop", "contact": {"email": "ops@shop.example"},
        "business_entity": {"registered_name": "Shop GmbH", "registration_number": "HRB 1", "country": "DE",
            "address": {"street_address": "Main 1", "postal_code": "10115", "city": "Berlin", "country": "DE"}},
        "merchant_category_code": "5661", "stores": [{"name": "Web", "url": "https://shop.example"}]});
    checkout_server::klarna::management::OnboardCall {
        profile: checkout_core::merchant::validate_merchant(&body, false)
            .expect("a valid merchant")
            .profile,
        payment_profile_id: "p".into(),
        payment_acquiring_account_id: "a".into(),
        idempotency_key: "k".into(),
    }
}

fn upstream(e: checkout_server::klarna::KlarnaError) -> String {
    format!("the client's parser refuses Klarna's answer: {e}")
}

/// Replays one recording.
pub async fn replay(rec: &Value) -> Result<Vec<String>, String> {
    if rec["format"] != FORMAT {
        return Err(format!("format is {}, expected {FORMAT}", rec["format"]));
    }
    let op = rec["operation"].as_str().ok_or("no operation")?;
    if op == "webhook_received" {
        return replay_webhook(rec);
    }
    if op == "web_sdk_page" {
        return Ok(vec![
            "the browser's record: read by people, not replayed".into()
        ]);
    }
    if rec["response"].is_null() {
        return match rec["error"].as_str() {
            Some(e) => Ok(vec![format!("no answer from Klarna: {e}")]),
            None => Err("neither a response nor an error".into()),
        };
    }
    let (status, body) = answer(rec)?;
    if !(200..300).contains(&status) {
        let text = body.to_string();
        let message = wire::error_message(&text);
        return if message.is_empty() {
            Err(format!("{status} without a readable error"))
        } else {
            Ok(vec![format!("{status}: {message}")])
        };
    }
    let request = &rec["request"];
    match op {
        "authorize" | "confirm" => {
            let result = wire::parse_authorize(body).map_err(upstream)?;
            compare(
                "authorize",
                &shapes::authorize(&call_of(request), &result),
                body,
            )
        }
        "presentation" => {
            let p = wire::parse_presentation(body.clone()).map_err(upstream)?;
            compare(
                op,
                &sandbox_presentation(p.instruction.as_str()).await,
                body,
            )
        }
        "sdk_token" => {
            let t = wire::parse_sdk_token(body).map_err(upstream)?;
            compare(op, &shapes::sdk_token(&t), body)
        }
        "capture" | "refund" => {
            let kind = if op == "capture" {
                TransactionOp::Capture {
                    amount: 1,
                    reference: String::new(),
                    order_lines: vec![],
                    shipping_info: vec![],
                }
            } else {
                TransactionOp::Refund {
                    amount: 1,
                    reference: String::new(),
                    payment_capture_id: None,
                    order_lines: vec![],
                    reason: None,
                }
            };
            let id = transactions::parse_created(&kind, body)
                .map_err(upstream)?
                .unwrap_or_default();
            let ours = if op == "capture" {
                shapes::capture(&id)
            } else {
                shapes::refund(&id)
            };
            compare(op, &ours, body)
        }
        "read_transaction" => {
            let snap = transactions::parse_snapshot(body.clone()).map_err(upstream)?;
            let internal = json!({"id": body["payment_transaction_id"], "state": snap.state, "amount": 1,
                "currency": "EUR", "captured": 0, "refunded": 0, "expires_at": "2026-01-01T00:00:00Z"});
            compare(op, &shapes::transaction(&internal), body)
        }
        "void"
        | "cancel_payment_request"
        | "account_update"
        | "webhook_simulate"
        | "signing_key_delete" => Ok(vec![]),
        "onboard" => management_wire::parse_onboarded(body, &onboard_call())
            .map(|_| vec![])
            .map_err(upstream),
        "account_state" => management_wire::parse_state(body)
            .map(|_| vec![])
            .map_err(upstream),
        "signing_key_create" => {
            let k = nwire::parse_signing_key(body).map_err(upstream)?;
            compare(op, &shapes::signing_key(&k), body)
        }
        "webhook_create" | "webhook_update" => {
            if body.is_null() {
                return Ok(vec!["an empty answer".into()]);
            }
            let w = nwire::parse_webhook(body).map_err(upstream)?;
            compare(op, &shapes::webhook(&w), body)
        }
        "webhook_list" => {
            let ws = nwire::parse_webhooks(body).map_err(upstream)?;
            let items: Vec<Value> = ws.iter().map(shapes::webhook).collect();
            compare(op, &json!({ "webhooks": items }), body)
        }
        other => Err(format!("unknown operation {other:?}")),
    }
}

/// An event Klarna sent: our intake reads it; the sandbox's envelope of the
/// same event type has Klarna's shape.
fn replay_webhook(rec: &Value) -> Result<Vec<String>, String> {
    let body = &rec["request"]["body"];
    let bytes = serde_json::to_vec(body).map_err(|e| e.to_string())?;
    let env = checkout_core::webhook::parse_envelope(&bytes)
        .map_err(|e| format!("our intake refuses Klarna's envelope: {e}"))?;
    let kind = checkout_core::webhook::event_kind(&env.metadata.event_type);
    let ours = if env.metadata.event_type == checkout_core::webhook::COMPLETED {
        if checkout_core::webhook::payload_token(&env.payload).is_none() {
            return Err(
                "a completed event without the network session token where we read it".into(),
            );
        }
        checkout_server::webhook::completed_envelope("krn:pr", "hcs_x", "krn:token")
    } else {
        simulated_envelope("krn:webhook", &env.metadata.event_type)
    };
    let mut notes = compare("webhook_received", &ours, body)?;
    notes.push(format!("event {kind}"));
    Ok(notes)
}
