//! Payments and their operations on PostgreSQL: one row per payment with a
//! version that every write compares and bumps (under the row's lock), the
//! operation rows beside it, and the notifications and jobs of each change
//! in the same transaction.

use crate::store::{
    Effects, OperationRecord, PaymentRecord, PaymentRequestRecord, PaymentWrite, SessionRecord,
    StoreError, StoreResult,
};
use checkout_core::api::Authorization;
use checkout_core::operations::OperationStatus;
use checkout_core::payment::{state, CaptureMethod, OperationKind};
use checkout_core::state::SessionState;
use sqlx::postgres::{PgConnection, PgPool, PgRow};
use sqlx::Row;
use time::OffsetDateTime;

fn json_err(e: serde_json::Error) -> StoreError {
    StoreError(e.to_string())
}

/// Writes `effects` on `c` (inside the caller's transaction).
pub(super) async fn write_effects(c: &mut PgConnection, effects: &Effects) -> StoreResult<()> {
    if let Some(p) = &effects.payment {
        insert_payment(c, p).await?;
    }
    super::notifications::insert_events(c, &effects.events).await?;
    for e in &effects.log {
        super::sessions::insert_event_in(c, e).await?;
    }
    super::jobs::insert_jobs(c, &effects.jobs).await
}

async fn insert_payment(c: &mut PgConnection, p: &PaymentRecord) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO payments (session_id, merchant_id, payment_transaction_id, currency, capture_method, state, ledger,
                               network_response_data, version, created_at, updated_at, partner_account_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, $9, $10, $11)",
    )
    .bind(&p.session_id)
    .bind(&p.merchant_id)
    .bind(&p.payment_transaction_id)
    .bind(&p.currency)
    .bind(p.capture_method.as_str())
    .bind(state(&p.ledger).as_str())
    .bind(serde_json::to_string(&p.ledger).map_err(json_err)?)
    .bind(&p.network_response_data)
    .bind(p.created_at)
    .bind(p.updated_at)
    .bind(&p.partner_account_id)
    .execute(&mut *c)
    .await?;
    for op in &p.operations {
        upsert_operation(c, op).await?;
    }
    Ok(())
}

/// The operation's `seq` is the next of its session: the payment row's lock
/// (taken by the caller's insert or versioned update) serializes them.
async fn upsert_operation(c: &mut PgConnection, op: &OperationRecord) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO payment_operations (id, session_id, seq, kind, amount, status, capture_id, reference, request,
                                         klarna_id, failure_reason, klarna_key, created_at, updated_at)
         VALUES ($1, $2, (SELECT COALESCE(MAX(seq), 0) + 1 FROM payment_operations WHERE session_id = $2),
                 $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
         ON CONFLICT (id) DO UPDATE SET status = excluded.status, klarna_id = excluded.klarna_id,
             failure_reason = excluded.failure_reason, updated_at = excluded.updated_at",
    )
    .bind(&op.id)
    .bind(&op.session_id)
    .bind(op.kind.as_str())
    .bind(op.amount)
    .bind(op.status.as_str())
    .bind(&op.capture_id)
    .bind(&op.reference)
    .bind(op.request.to_string())
    .bind(&op.klarna_id)
    .bind(&op.failure_reason)
    .bind(&op.klarna_key)
    .bind(op.created_at)
    .bind(op.updated_at)
    .execute(&mut *c)
    .await?;
    Ok(())
}

pub(super) async fn transition_with(
    pool: &PgPool,
    id: &str,
    (from, to): (SessionState, SessionState),
    auth: Option<&Authorization>,
    at: OffsetDateTime,
    effects: &Effects,
) -> StoreResult<bool> {
    let mut tx = pool.begin().await?;
    if !super::sessions::transition_in(&mut tx, id, from, to, auth, at).await? {
        return Ok(false);
    }
    write_effects(&mut tx, effects).await?;
    tx.commit().await?;
    Ok(true)
}

fn operation(r: &PgRow) -> StoreResult<OperationRecord> {
    let id: String = r.try_get(0)?;
    let bad = |what: &str| StoreError(format!("payment operation {id}: bad {what}"));
    let kind: String = r.try_get(2)?;
    let status: String = r.try_get(4)?;
    let request: String = r.try_get(7)?;
    Ok(OperationRecord {
        session_id: r.try_get(1)?,
        kind: OperationKind::parse(&kind).ok_or_else(|| bad("kind"))?,
        amount: r.try_get(3)?,
        status: OperationStatus::parse(&status).ok_or_else(|| bad("status"))?,
        capture_id: r.try_get(5)?,
        reference: r.try_get(6)?,
        request: serde_json::from_str(&request).unwrap_or_default(),
        klarna_id: r.try_get(8)?,
        failure_reason: r.try_get(9)?,
        klarna_key: r.try_get(10)?,
        created_at: r.try_get(11)?,
        updated_at: r.try_get(12)?,
        id,
    })
}

pub(super) async fn payment(pool: &PgPool, session_id: &str) -> StoreResult<Option<PaymentRecord>> {
    // One snapshot for the payment and its operations.
    let mut tx = pool.begin().await?;
    sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        .execute(&mut *tx)
        .await?;
    let row = sqlx::query(
        "SELECT session_id, merchant_id, payment_transaction_id, currency, capture_method, ledger,
                network_response_data, version, created_at, updated_at, partner_account_id
         FROM payments WHERE session_id = $1",
    )
    .bind(session_id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(r) = row else {
        return Ok(None);
    };
    let ops = sqlx::query(
        "SELECT id, session_id, kind, amount, status, capture_id, reference, request, klarna_id, failure_reason,
                klarna_key, created_at, updated_at FROM payment_operations WHERE session_id = $1 ORDER BY seq",
    )
    .bind(session_id)
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    let method: String = r.try_get(4)?;
    let ledger: String = r.try_get(5)?;
    Ok(Some(PaymentRecord {
        session_id: r.try_get(0)?,
        merchant_id: r.try_get(1)?,
        payment_transaction_id: r.try_get(2)?,
        currency: r.try_get(3)?,
        capture_method: CaptureMethod::parse(&method).unwrap_or_default(),
        ledger: serde_json::from_str(&ledger).map_err(json_err)?,
        network_response_data: r.try_get(6)?,
        partner_account_id: r.try_get(10)?,
        version: r.try_get(7)?,
        created_at: r.try_get(8)?,
        updated_at: r.try_get(9)?,
        operations: ops.iter().map(operation).collect::<StoreResult<_>>()?,
    }))
}

pub(super) async fn session_of_transaction(pool: &PgPool, id: &str) -> StoreResult<Option<String>> {
    Ok(
        sqlx::query_scalar("SELECT session_id FROM payments WHERE payment_transaction_id = $1")
            .bind(id)
            .fetch_optional(pool)
            .await?,
    )
}

pub(super) async fn write_payment(pool: &PgPool, w: &PaymentWrite) -> StoreResult<bool> {
    let p = &w.payment;
    let mut tx = pool.begin().await?;
    let n = sqlx::query(
        "UPDATE payments SET ledger = $1, state = $2, network_response_data = $3, version = version + 1, updated_at = $4
         WHERE session_id = $5 AND version = $6",
    )
    .bind(serde_json::to_string(&p.ledger).map_err(json_err)?)
    .bind(state(&p.ledger).as_str())
    .bind(&p.network_response_data)
    .bind(p.updated_at)
    .bind(&p.session_id)
    .bind(w.expected_version)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if n != 1 {
        return Ok(false);
    }
    for op in &w.operations {
        upsert_operation(&mut tx, op).await?;
    }
    write_effects(&mut tx, &w.effects).await?;
    tx.commit().await?;
    Ok(true)
}

pub(super) async fn payment_requests_of(
    pool: &PgPool,
    sid: &str,
) -> StoreResult<Vec<PaymentRequestRecord>> {
    let rows = sqlx::query(
        "SELECT id, session_id, state, created_at, updated_at FROM payment_requests WHERE session_id = $1
         ORDER BY created_at, id",
    )
    .bind(sid)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(PaymentRequestRecord {
                id: r.try_get(0)?,
                session_id: r.try_get(1)?,
                state: r.try_get(2)?,
                created_at: r.try_get(3)?,
                updated_at: r.try_get(4)?,
            })
        })
        .collect()
}

pub(super) async fn expired_open_sessions(
    pool: &PgPool,
    now: OffsetDateTime,
    limit: u32,
) -> StoreResult<Vec<String>> {
    Ok(sqlx::query_scalar(
        "SELECT id FROM sessions WHERE state = 'open' AND expires_at <= $1 ORDER BY expires_at LIMIT $2",
    )
    .bind(now)
    .bind(i64::from(limit))
    .fetch_all(pool)
    .await?)
}

pub(super) async fn sessions_of(
    pool: &PgPool,
    merchant: &str,
    limit: u32,
) -> StoreResult<Vec<SessionRecord>> {
    let ids: Vec<String> = sqlx::query_scalar(
        "SELECT id FROM sessions WHERE merchant_id = $1 ORDER BY created_at DESC, seq DESC LIMIT $2",
    )
    .bind(merchant)
    .bind(i64::from(limit))
    .fetch_all(pool)
    .await?;
    let mut c = pool.acquire().await?;
    let mut out = Vec::new();
    for id in ids {
        if let Some(s) = super::sessions::get(&mut c, &id, false).await? {
            out.push(s);
        }
    }
    Ok(out)
}

pub(super) async fn prune_idempotency(pool: &PgPool, before: OffsetDateTime) -> StoreResult<u64> {
    Ok(sqlx::query(
        "DELETE FROM idempotency_keys WHERE created_at < $1 AND scope <> 'session-payment-lock'",
    )
    .bind(before)
    .execute(pool)
    .await?
    .rows_affected())
}
