//! Klarna payment requests on PostgreSQL: ours (step-up journeys) and the
//! sandbox's emulated ones.

use crate::store::{PaymentRequestRecord, SandboxRequest, StoreResult};
use sqlx::postgres::PgPool;
use sqlx::Row;
use time::OffsetDateTime;

pub(super) async fn insert_payment_request(
    pool: &PgPool,
    pr: &PaymentRequestRecord,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO payment_requests (id, session_id, state, created_at, updated_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (id) DO NOTHING",
    )
    .bind(&pr.id)
    .bind(&pr.session_id)
    .bind(&pr.state)
    .bind(pr.created_at)
    .bind(pr.updated_at)
    .execute(pool)
    .await?;
    Ok(())
}

pub(super) async fn payment_request(
    pool: &PgPool,
    id: &str,
) -> StoreResult<Option<PaymentRequestRecord>> {
    let row = sqlx::query(
        "SELECT id, session_id, state, created_at, updated_at FROM payment_requests WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await?;
    row.map(|r| {
        Ok(PaymentRequestRecord {
            id: r.try_get(0)?,
            session_id: r.try_get(1)?,
            state: r.try_get(2)?,
            created_at: r.try_get(3)?,
            updated_at: r.try_get(4)?,
        })
    })
    .transpose()
}

pub(super) async fn set_payment_request_state(
    pool: &PgPool,
    id: &str,
    state: &str,
    at: OffsetDateTime,
) -> StoreResult<()> {
    sqlx::query("UPDATE payment_requests SET state = $1, updated_at = $2 WHERE id = $3")
        .bind(state)
        .bind(at)
        .bind(id)
        .execute(pool)
        .await?;
    Ok(())
}

pub(super) async fn insert_sandbox_request(pool: &PgPool, r: &SandboxRequest) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO sandbox_payment_requests (id, reference, state, journey, amount, currency, token, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(&r.id)
    .bind(&r.reference)
    .bind(&r.state)
    .bind(&r.journey)
    .bind(r.amount)
    .bind(&r.currency)
    .bind(&r.token)
    .bind(r.created_at)
    .bind(r.updated_at)
    .execute(pool)
    .await?;
    Ok(())
}

pub(super) async fn sandbox_request(
    pool: &PgPool,
    id: &str,
) -> StoreResult<Option<SandboxRequest>> {
    let row = sqlx::query(
        "SELECT id, reference, state, journey, amount, currency, token, created_at, updated_at
         FROM sandbox_payment_requests WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await?;
    row.map(|r| {
        Ok(SandboxRequest {
            id: r.try_get(0)?,
            reference: r.try_get(1)?,
            state: r.try_get(2)?,
            journey: r.try_get(3)?,
            amount: r.try_get(4)?,
            currency: r.try_get(5)?,
            token: r.try_get(6)?,
            created_at: r.try_get(7)?,
            updated_at: r.try_get(8)?,
        })
    })
    .transpose()
}

pub(super) async fn sandbox_transition(
    pool: &PgPool,
    id: &str,
    from: &str,
    to: &str,
    token: Option<&str>,
    at: OffsetDateTime,
) -> StoreResult<bool> {
    let n = sqlx::query(
        "UPDATE sandbox_payment_requests SET state = $1, token = COALESCE($2, token), updated_at = $3
         WHERE id = $4 AND state = $5",
    )
    .bind(to)
    .bind(token)
    .bind(at)
    .bind(id)
    .bind(from)
    .execute(pool)
    .await?
    .rows_affected();
    Ok(n == 1)
}
