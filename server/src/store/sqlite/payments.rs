//! Payments and their operations: one row per payment with a version that
//! every write compares and bumps, operation rows beside it, and the
//! notifications and jobs of each change in the same transaction.

use super::sessions::time_col;
use crate::clock;
use crate::store::{
    Effects, OperationRecord, PaymentRecord, PaymentRequestRecord, PaymentWrite, SessionRecord,
    StoreError, StoreResult,
};
use checkout_core::api::Authorization;
use checkout_core::operations::OperationStatus;
use checkout_core::payment::{state, CaptureMethod, OperationKind};
use checkout_core::state::SessionState;
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction, TransactionBehavior};
use time::OffsetDateTime;

fn json_err(e: serde_json::Error) -> StoreError {
    StoreError(e.to_string())
}

/// Writes `effects` inside `tx` (the payment an approval creates, events, jobs).
pub(super) fn write_effects(tx: &Transaction<'_>, effects: &Effects) -> StoreResult<()> {
    if let Some(p) = &effects.payment {
        insert_payment(tx, p)?;
    }
    super::notifications::insert_events(tx, &effects.events)?;
    for e in &effects.log {
        super::sessions::add_event(tx, &e.session_id, &e.kind, &e.detail.to_string(), e.at)?;
    }
    super::jobs::insert_jobs(tx, &effects.jobs)
}

fn insert_payment(tx: &Transaction<'_>, p: &PaymentRecord) -> StoreResult<()> {
    tx.execute(
        "INSERT INTO payments (session_id, merchant_id, payment_transaction_id, currency, capture_method, state, ledger,
                               network_response_data, version, created_at, updated_at, partner_account_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 1, ?9, ?10, ?11)",
        params![
            p.session_id, p.merchant_id, p.payment_transaction_id, p.currency, p.capture_method.as_str(),
            state(&p.ledger).as_str(), serde_json::to_string(&p.ledger).map_err(json_err)?,
            p.network_response_data, clock::format(p.created_at), clock::format(p.updated_at),
            p.partner_account_id
        ],
    )?;
    for op in &p.operations {
        upsert_operation(tx, op)?;
    }
    Ok(())
}

fn upsert_operation(tx: &Transaction<'_>, op: &OperationRecord) -> StoreResult<()> {
    tx.execute(
        "INSERT INTO payment_operations (id, session_id, seq, kind, amount, status, capture_id, reference, request,
                                         klarna_id, failure_reason, klarna_key, created_at, updated_at)
         VALUES (?1, ?2, (SELECT COALESCE(MAX(seq), 0) + 1 FROM payment_operations WHERE session_id = ?2),
                 ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
         ON CONFLICT (id) DO UPDATE SET status = excluded.status, klarna_id = excluded.klarna_id,
             failure_reason = excluded.failure_reason, updated_at = excluded.updated_at",
        params![
            op.id, op.session_id, op.kind.as_str(), op.amount, op.status.as_str(), op.capture_id, op.reference,
            op.request.to_string(), op.klarna_id, op.failure_reason, op.klarna_key,
            clock::format(op.created_at), clock::format(op.updated_at)
        ],
    )?;
    Ok(())
}

pub(super) fn transition_with(
    c: &mut Connection,
    id: &str,
    (from, to): (SessionState, SessionState),
    auth: Option<&Authorization>,
    at: OffsetDateTime,
    effects: &Effects,
) -> StoreResult<bool> {
    let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
    if let Some(a) = auth {
        // As in `transition`: Klarna's amount must be the session's as stored now.
        let stored = super::sessions::get(&tx, id)?;
        if stored.is_none_or(|s| s.data.amount != a.amount || s.data.currency != a.currency) {
            return Ok(false);
        }
    }
    let n = tx.execute(
        "UPDATE sessions SET state = ?1, updated_at = ?2 WHERE id = ?3 AND state = ?4",
        params![to.as_str(), clock::format(at), id, from.as_str()],
    )?;
    if n != 1 {
        return Ok(false);
    }
    if let Some(a) = auth {
        tx.execute(
            "INSERT INTO authorizations (session_id, payment_transaction_id, amount, currency, authorized_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id, a.payment_transaction_id, a.amount, a.currency, a.authorized_at],
        )?;
    }
    write_effects(&tx, effects)?;
    tx.commit()?;
    Ok(true)
}

fn operation(r: &Row<'_>) -> rusqlite::Result<Result<OperationRecord, StoreError>> {
    let (kind, status): (String, String) = (r.get(2)?, r.get(4)?);
    let (request, created, updated): (String, String, String) = (r.get(7)?, r.get(11)?, r.get(12)?);
    let mut op = OperationRecord {
        id: r.get(0)?,
        session_id: r.get(1)?,
        kind: OperationKind::Capture,
        amount: r.get(3)?,
        status: OperationStatus::Pending,
        capture_id: r.get(5)?,
        reference: r.get(6)?,
        request: serde_json::from_str(&request).unwrap_or_default(),
        klarna_id: r.get(8)?,
        failure_reason: r.get(9)?,
        klarna_key: r.get(10)?,
        created_at: OffsetDateTime::UNIX_EPOCH,
        updated_at: OffsetDateTime::UNIX_EPOCH,
    };
    Ok((|| {
        let bad = |what: &str| StoreError(format!("payment operation {}: bad {what}", op.id));
        op.kind = OperationKind::parse(&kind).ok_or_else(|| bad("kind"))?;
        op.status = OperationStatus::parse(&status).ok_or_else(|| bad("status"))?;
        op.created_at = time_col(&created)?;
        op.updated_at = time_col(&updated)?;
        Ok(op)
    })())
}

fn operations(c: &Connection, session_id: &str) -> StoreResult<Vec<OperationRecord>> {
    let mut stmt = c.prepare(
        "SELECT id, session_id, kind, amount, status, capture_id, reference, request, klarna_id, failure_reason,
                klarna_key, created_at, updated_at FROM payment_operations WHERE session_id = ?1 ORDER BY seq",
    )?;
    let rows = stmt.query_map(params![session_id], operation)?;
    let mut out = Vec::new();
    for row in rows {
        out.push(row??);
    }
    Ok(out)
}

type PaymentRow = (
    String,
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    i64,
    String,
    String,
    Option<String>,
);

pub(super) fn payment(c: &mut Connection, session_id: &str) -> StoreResult<Option<PaymentRecord>> {
    let tx = c.transaction()?;
    let row: Option<PaymentRow> = tx
        .query_row(
            "SELECT session_id, merchant_id, payment_transaction_id, currency, capture_method, ledger,
                    network_response_data, version, created_at, updated_at, partner_account_id
             FROM payments WHERE session_id = ?1",
            params![session_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?, r.get(9)?, r.get(10)?)),
        )
        .optional()?;
    let Some((
        sid,
        merchant,
        txn,
        currency,
        method,
        ledger,
        nrd,
        version,
        created,
        updated,
        account,
    )) = row
    else {
        return Ok(None);
    };
    let ops = operations(&tx, &sid)?;
    Ok(Some(PaymentRecord {
        session_id: sid,
        merchant_id: merchant,
        payment_transaction_id: txn,
        currency,
        capture_method: CaptureMethod::parse(&method).unwrap_or_default(),
        ledger: serde_json::from_str(&ledger).map_err(json_err)?,
        network_response_data: nrd,
        partner_account_id: account,
        version,
        created_at: time_col(&created)?,
        updated_at: time_col(&updated)?,
        operations: ops,
    }))
}

pub(super) fn session_of_transaction(c: &mut Connection, id: &str) -> StoreResult<Option<String>> {
    Ok(c.query_row(
        "SELECT session_id FROM payments WHERE payment_transaction_id = ?1",
        params![id],
        |r| r.get(0),
    )
    .optional()?)
}

pub(super) fn write_payment(c: &mut Connection, w: &PaymentWrite) -> StoreResult<bool> {
    let p = &w.payment;
    let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let n = tx.execute(
        "UPDATE payments SET ledger = ?1, state = ?2, network_response_data = ?3, version = version + 1, updated_at = ?4
         WHERE session_id = ?5 AND version = ?6",
        params![
            serde_json::to_string(&p.ledger).map_err(json_err)?, state(&p.ledger).as_str(),
            p.network_response_data, clock::format(p.updated_at), p.session_id, w.expected_version
        ],
    )?;
    if n != 1 {
        return Ok(false);
    }
    for op in &w.operations {
        upsert_operation(&tx, op)?;
    }
    write_effects(&tx, &w.effects)?;
    tx.commit()?;
    Ok(true)
}

pub(super) fn payment_requests_of(
    c: &mut Connection,
    sid: &str,
) -> StoreResult<Vec<PaymentRequestRecord>> {
    let mut stmt = c.prepare(
        "SELECT id, session_id, state, created_at, updated_at FROM payment_requests WHERE session_id = ?1 ORDER BY created_at, id",
    )?;
    let rows = stmt.query_map(params![sid], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, session_id, state, created, updated) = row?;
        out.push(PaymentRequestRecord {
            id,
            session_id,
            state,
            created_at: time_col(&created)?,
            updated_at: time_col(&updated)?,
        });
    }
    Ok(out)
}

pub(super) fn expired_open_sessions(
    c: &mut Connection,
    now: OffsetDateTime,
    limit: u32,
) -> StoreResult<Vec<String>> {
    let mut stmt = c.prepare("SELECT id FROM sessions WHERE state = 'open' AND expires_at <= ?1 ORDER BY expires_at LIMIT ?2")?;
    let rows = stmt.query_map(params![clock::format(now), limit], |r| {
        r.get::<_, String>(0)
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub(super) fn sessions_of(
    c: &mut Connection,
    merchant: &str,
    limit: u32,
) -> StoreResult<Vec<SessionRecord>> {
    let ids: Vec<String> = {
        let mut stmt = c.prepare("SELECT id FROM sessions WHERE merchant_id = ?1 ORDER BY created_at DESC, rowid DESC LIMIT ?2")?;
        let rows = stmt.query_map(params![merchant, limit], |r| r.get::<_, String>(0))?;
        rows.collect::<Result<_, _>>()?
    };
    let mut out = Vec::new();
    for id in ids {
        if let Some(s) = super::sessions::get(c, &id)? {
            out.push(s);
        }
    }
    Ok(out)
}

pub(super) fn prune_idempotency(c: &mut Connection, before: OffsetDateTime) -> StoreResult<u64> {
    let n = c.execute(
        "DELETE FROM idempotency_keys WHERE created_at < ?1 AND scope <> 'session-payment-lock'",
        params![clock::format(before)],
    )?;
    Ok(n as u64)
}
