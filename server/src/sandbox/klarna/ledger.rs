//! The sandbox's payment transactions: created at approval, then captured,
//! refunded and voided as Klarna would, with Klarna's limits (200 captures,
//! 200 refunds, 500 actions) and its replay of a repeated
//! `Klarna-Idempotency-Key`. Every call is recorded in the store's
//! `sandbox_calls`, which the tests read to count what reached "Klarna".

use super::rules::{apply, int};
use super::{FaultDraw, SandboxFaults, SandboxKlarna};
use crate::klarna::{KlarnaError, TransactionCall, TransactionOp, TransactionSnapshot};
use crate::store::{IdempotencyBegin, SandboxCall};
use crate::{clock, ids};
use serde_json::{json, Value};

fn upstream(e: impl std::fmt::Display) -> KlarnaError {
    KlarnaError::Upstream(e.to_string())
}

fn refused(message: impl Into<String>) -> KlarnaError {
    KlarnaError::Rejected {
        status: 400,
        message: message.into(),
    }
}

/// What an approval tells about the transaction it opened.
pub(super) struct Opened {
    /// Captures made at authorization (Klarna's id, amount).
    pub captures: Vec<(String, i64)>,
    /// When the authorization lapses (RFC 3339).
    pub expires_at: Option<String>,
}

impl Opened {
    fn of(t: &Value) -> Opened {
        let caps = t["captures"].as_array().cloned().unwrap_or_default();
        Opened {
            captures: caps
                .iter()
                .map(|c| (c["id"].as_str().unwrap_or("").to_string(), int(c, "amount")))
                .collect(),
            expires_at: t["expires_at"].as_str().map(str::to_string),
        }
    }
}

impl SandboxKlarna {
    /// Records one call in the store (failures to record are logged only).
    pub(super) async fn log_call(
        &self,
        op: &str,
        session: Option<&str>,
        txn: Option<&str>,
        key: Option<&str>,
        outcome: &str,
        detail: Value,
    ) {
        let mut detail = detail;
        if let (Some(obj), Some(p)) = (detail.as_object_mut(), &self.partner_account_id) {
            obj.insert("partner_account_id".into(), Value::String(p.clone()));
        }
        let call = SandboxCall {
            operation: op.into(),
            session_id: session.map(str::to_string),
            transaction_id: txn.map(str::to_string),
            idempotency_key: key.map(str::to_string),
            outcome: outcome.into(),
            detail,
            at: clock::now(),
        };
        crate::sandbox::record_call(self.store.as_ref(), call).await;
    }

    /// Whether the emulated transaction `id` exists.
    pub(super) async fn transaction_exists(&self, id: &str) -> Result<bool, KlarnaError> {
        Ok(self
            .store
            .sandbox_transaction(id)
            .await
            .map_err(upstream)?
            .is_some())
    }

    /// Opens the emulated transaction of an approval (idempotent per id);
    /// with `capture_now` it is captured at once. Answers its captures and
    /// when its authorization lapses ([`super::expiry`]).
    pub(super) async fn open_transaction(
        &self,
        id: &str,
        session: &str,
        amount: i64,
        currency: &str,
        capture_now: bool,
    ) -> Result<Opened, KlarnaError> {
        if let Some((t, _)) = self.store.sandbox_transaction(id).await.map_err(upstream)? {
            return Ok(Opened::of(&t));
        }
        let expires_at = clock::format(super::expiry::expires_at(clock::now()));
        let mut t = json!({"id": id, "session_id": session, "currency": currency, "amount": amount,
            "captured": 0, "refunded": 0, "released": 0, "captures": [], "refunds": 0, "actions": 0,
            "state": "AUTHORIZED", "expires_at": expires_at,
            "partner_account_id": self.partner_account_id});
        if capture_now {
            let cap = format!("krn:payment:eu1:capture:sandbox-{}", ids::random_hex(12));
            t["captured"] = json!(amount);
            t["captures"] = json!([{"id": cap, "amount": amount, "refunded": 0}]);
            t["state"] = json!("COMPLETED");
        }
        self.store
            .write_sandbox_transaction(id, &t, 0)
            .await
            .map_err(upstream)?;
        Ok(Opened::of(&t))
    }

    /// Runs one operation with Klarna's idempotency: the first call with a
    /// key performs it and stores the answer; a repeat replays it; the key
    /// with another request is refused.
    pub(super) async fn transaction_call(
        &self,
        call: &TransactionCall,
    ) -> Result<Option<String>, KlarnaError> {
        let (name, detail) = match &call.op {
            TransactionOp::Capture { amount, .. } => ("capture", json!({"amount": amount})),
            TransactionOp::Refund {
                amount,
                payment_capture_id,
                ..
            } => (
                "refund",
                json!({"amount": amount, "payment_capture_id": payment_capture_id}),
            ),
            TransactionOp::Void => ("void", json!({})),
        };
        let (sid, txn, key) = (
            Some(call.session_id.as_str()),
            Some(call.payment_transaction_id.as_str()),
            Some(call.idempotency_key.as_str()),
        );
        let draw = self.faults.map(|f| f.draw()).unwrap_or(FaultDraw::Pass);
        if draw == FaultDraw::Before {
            self.log_call(name, sid, txn, key, "failed", detail).await;
            return Err(upstream("Klarna answered 503 (KLARNA_SANDBOX_FAULTS)"));
        }
        let scope = format!("sandbox-klarna:{name}");
        let hash = ids::sha256_hex(format!("{}:{detail}", call.payment_transaction_id).as_bytes());
        let begin = self
            .store
            .idempotency_begin(
                &scope,
                &call.idempotency_key,
                &hash,
                clock::now(),
                time::Duration::seconds(30),
            )
            .await
            .map_err(upstream)?;
        let answer: Result<Option<String>, KlarnaError> = match begin {
            IdempotencyBegin::Replay { status, body } => {
                self.log_call(name, sid, txn, key, "replayed", detail.clone())
                    .await;
                let v: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
                if status == 200 {
                    Ok(v["id"].as_str().map(str::to_string))
                } else {
                    Err(refused(v["message"].as_str().unwrap_or("refused")))
                }
            }
            IdempotencyBegin::Mismatch => Err(KlarnaError::Rejected {
                status: 409,
                message: "Klarna-Idempotency-Key reused with another request".into(),
            }),
            IdempotencyBegin::InProgress => Err(upstream(
                "a request with this Klarna-Idempotency-Key is in progress",
            )),
            IdempotencyBegin::Proceed => {
                SandboxFaults::work(self.faults.as_ref()).await;
                let (r, again) = match self.perform(call).await {
                    Ok((id, again)) => (Ok(id), again),
                    Err(e) => (Err(e), false),
                };
                let (status, body) = match &r {
                    Ok(id) => (200, json!({"id": id})),
                    Err(KlarnaError::Rejected { message, .. }) => {
                        (400, json!({"message": message}))
                    }
                    Err(_) => (0, Value::Null),
                };
                let stored = if status == 0 {
                    self.store
                        .idempotency_abandon(&scope, &call.idempotency_key)
                        .await
                } else {
                    self.store
                        .idempotency_complete(
                            &scope,
                            &call.idempotency_key,
                            status,
                            body.to_string().as_bytes(),
                            None,
                        )
                        .await
                };
                stored.map_err(upstream)?;
                let outcome = match &r {
                    Ok(_) if again => "replayed",
                    Ok(_) => "performed",
                    Err(_) => "refused",
                };
                self.log_call(name, sid, txn, key, outcome, detail).await;
                r
            }
        };
        if draw == FaultDraw::After && answer.is_ok() {
            return Err(upstream("Klarna's answer was lost (KLARNA_SANDBOX_FAULTS)"));
        }
        answer
    }

    /// Applies one operation to the stored transaction (compare-and-set on
    /// its version), with its `Klarna-Idempotency-Key` in the same write: as
    /// at Klarna, an operation and its key are kept together, so a process
    /// that died between this write and the replay record does not perform
    /// it twice when the key comes again (`true`: it was applied before).
    async fn perform(&self, call: &TransactionCall) -> Result<(Option<String>, bool), KlarnaError> {
        for _ in 0..20 {
            let (mut t, version) = self.transaction(&call.payment_transaction_id).await?;
            if let Some(before) = t.get("applied").and_then(|a| a.get(&call.idempotency_key)) {
                return Ok((before.as_str().map(str::to_string), true));
            }
            super::expiry::age(&mut t, clock::now());
            let created = apply(&mut t, &call.op)?;
            t["applied"][call.idempotency_key.as_str()] = json!(created);
            if self
                .store
                .write_sandbox_transaction(&call.payment_transaction_id, &t, version)
                .await
                .map_err(upstream)?
            {
                return Ok((created, false));
            }
        }
        Err(upstream("the sandbox transaction is busy"))
    }

    /// An emulated transaction with its version, or Klarna's `404` for an
    /// unknown id. As at Klarna, whose paths name the partner account, a
    /// transaction is found only on the account that authorized it
    /// (transactions stored before the account was recorded: on any).
    async fn transaction(&self, id: &str) -> Result<(Value, i64), KlarnaError> {
        let not_found = |message: String| KlarnaError::Rejected {
            status: 404,
            message,
        };
        let (t, version) = self
            .store
            .sandbox_transaction(id)
            .await
            .map_err(upstream)?
            .ok_or_else(|| not_found("unknown payment_transaction_id".into()))?;
        match t.get("partner_account_id") {
            Some(owner) if *owner != json!(self.partner_account_id) => Err(not_found(format!(
                "payment_transaction_id {id} is not a transaction of partner account {}",
                self.partner_account_id
                    .as_deref()
                    .unwrap_or("(the global one)")
            ))),
            _ => Ok((t, version)),
        }
    }

    /// Reads an emulated transaction.
    pub(super) async fn snapshot(&self, id: &str) -> Result<TransactionSnapshot, KlarnaError> {
        let (mut t, _) = self.transaction(id).await?;
        super::expiry::age(&mut t, clock::now());
        self.log_call(
            "read",
            t["session_id"].as_str(),
            Some(id),
            None,
            "performed",
            json!({}),
        )
        .await;
        Ok(TransactionSnapshot {
            state: t["state"].as_str().unwrap_or("AUTHORIZED").to_string(),
            body: t,
        })
    }
}
