//! Contract tests (issue 19): every recording under `conformance/recordings/`
//! (Klarna's documented examples, marked `klarna-docs`, and whatever an
//! acquirer's `npm run conformance` against Klarna's test environment added)
//! and under the folders of `CONFORMANCE_REPLAY_DIRS` (`:`-separated; the
//! README's test command passes the sandbox run's) is replayed against the
//! client's parsers and the emulator's shapes. One run by an acquirer turns
//! our reading of Klarna's pages into checked facts.

#[path = "support/replay.rs"]
mod replay;

use serde_json::{json, Value};
use std::path::PathBuf;

fn dirs() -> Vec<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../conformance/recordings");
    let mut dirs = vec![root];
    if let Ok(extra) = std::env::var("CONFORMANCE_REPLAY_DIRS") {
        dirs.extend(
            extra
                .split(':')
                .filter(|d| !d.is_empty())
                .map(PathBuf::from),
        );
    }
    dirs
}

#[tokio::test]
async fn every_recording_replays_against_the_parsers_and_the_emulators_shapes() {
    let mut failures = Vec::new();
    let mut by_source: std::collections::BTreeMap<String, usize> = Default::default();
    let mut docs_operations = std::collections::BTreeSet::new();
    for dir in dirs() {
        for file in replay::files(&dir) {
            let text = std::fs::read_to_string(&file).unwrap();
            let rec: Value = match serde_json::from_str(&text) {
                Ok(v) => v,
                Err(e) => {
                    failures.push(format!("{}: not JSON: {e}", file.display()));
                    continue;
                }
            };
            let source = rec["source"].as_str().unwrap_or("?").to_string();
            if source == "klarna-docs" {
                docs_operations.insert(rec["operation"].as_str().unwrap_or("").to_string());
            }
            *by_source.entry(source).or_default() += 1;
            match replay::replay(&rec).await {
                Ok(notes) => println!("ok   {} {}", file.display(), notes.join("; ")),
                Err(e) => failures.push(format!("{}: {e}", file.display())),
            }
        }
    }
    println!("replayed: {by_source:?}");
    assert!(
        failures.is_empty(),
        "recordings that don't replay:\n{}",
        failures.join("\n")
    );
    // The seeds from Klarna's documented examples are always there, so this test is never vacuous.
    for op in [
        "authorize",
        "webhook_received",
        "webhook_create",
        "webhook_list",
        "sdk_token",
    ] {
        assert!(
            docs_operations.contains(op),
            "no klarna-docs recording of {op}"
        );
    }
}

fn approved(body: Value) -> Value {
    json!({"format": checkout_server::klarna::recording::FORMAT, "source": "klarna-test",
        "operation": "authorize", "step": "initial",
        "request": {"method": "POST", "path": "/v2/accounts/{partner_account_id}/payment/authorize",
            "body": {"currency": "EUR", "request_payment_transaction": {"amount": 100, "payment_transaction_reference": "r"}}},
        "response": {"status": 200, "body": body}})
}

#[tokio::test]
async fn a_recording_the_parser_or_the_emulator_gets_wrong_fails_the_replay() {
    // 1. Klarna's answer as the client reads it: fine.
    let good = json!({"payment_transaction_response": {"result": "APPROVED", "payment_transaction": {
        "payment_transaction_id": "krn:t", "payment_transaction_reference": "r", "amount": 100, "currency": "EUR"}}});
    assert!(replay::replay(&approved(good)).await.is_ok());
    // 2. An answer the parser can't read (the id elsewhere): fails.
    let moved = json!({"payment_transaction_response": {"result": "APPROVED"}, "payment_transaction_id": "krn:t"});
    let e = replay::replay(&approved(moved)).await.unwrap_err();
    assert!(e.contains("parser"), "{e}");
    // 3. Klarna types a field otherwise than the emulator answers it: fails.
    let retyped = json!({"payment_transaction_response": {"result": "APPROVED", "payment_transaction": {
        "payment_transaction_id": "krn:t", "payment_transaction_reference": "r", "amount": "100", "currency": "EUR"}}});
    let e = replay::replay(&approved(retyped)).await.unwrap_err();
    assert!(
        e.contains("/payment_transaction_response/payment_transaction/amount"),
        "{e}"
    );
    // 4. A completed event without the token where the intake reads it: fails.
    let event = json!({"format": checkout_server::klarna::recording::FORMAT, "source": "klarna-test",
        "operation": "webhook_received", "request": {"body": {"metadata": {"event_type": "payment.request.state-change.completed",
        "event_id": "e1", "event_version": "v2", "occurred_at": "2026-01-01T00:00:00Z"},
        "payload": {"payment_request_id": "krn:pr", "customer_token": "[redacted: token]"}}}});
    assert!(replay::replay(&event).await.is_err());
    // 5. An unknown operation or format is an error, not a silent pass.
    let mut odd = approved(json!({}));
    odd["operation"] = json!("authorise");
    assert!(replay::replay(&odd)
        .await
        .unwrap_err()
        .contains("unknown operation"));
    odd["format"] = json!("something/else");
    assert!(replay::replay(&odd).await.is_err());
}
