//! Klarna payment requests: ours (step-up journeys) and the sandbox's
//! emulated ones.

use super::sessions::time_col;
use crate::clock;
use crate::store::{PaymentRequestRecord, SandboxRequest, StoreResult};
use rusqlite::{params, Connection, OptionalExtension};
use time::OffsetDateTime;

pub(super) fn insert_payment_request(
    c: &mut Connection,
    pr: &PaymentRequestRecord,
) -> StoreResult<()> {
    c.execute(
        "INSERT INTO payment_requests (id, session_id, state, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (id) DO NOTHING",
        params![pr.id, pr.session_id, pr.state, clock::format(pr.created_at), clock::format(pr.updated_at)],
    )?;
    Ok(())
}

pub(super) fn payment_request(
    c: &mut Connection,
    id: &str,
) -> StoreResult<Option<PaymentRequestRecord>> {
    let row: Option<(String, String, String, String, String)> = c
        .query_row(
            "SELECT id, session_id, state, created_at, updated_at FROM payment_requests WHERE id = ?1",
            params![id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .optional()?;
    row.map(|(id, session_id, state, created, updated)| {
        Ok(PaymentRequestRecord {
            id,
            session_id,
            state,
            created_at: time_col(&created)?,
            updated_at: time_col(&updated)?,
        })
    })
    .transpose()
}

pub(super) fn set_payment_request_state(
    c: &mut Connection,
    id: &str,
    state: &str,
    at: OffsetDateTime,
) -> StoreResult<()> {
    c.execute(
        "UPDATE payment_requests SET state = ?1, updated_at = ?2 WHERE id = ?3",
        params![state, clock::format(at), id],
    )?;
    Ok(())
}

pub(super) fn insert_sandbox_request(c: &mut Connection, r: &SandboxRequest) -> StoreResult<()> {
    c.execute(
        "INSERT INTO sandbox_payment_requests (id, reference, state, journey, amount, currency, token, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            r.id,
            r.reference,
            r.state,
            r.journey,
            r.amount,
            r.currency,
            r.token,
            clock::format(r.created_at),
            clock::format(r.updated_at)
        ],
    )?;
    Ok(())
}

type SandboxRow = (
    String,
    String,
    String,
    String,
    i64,
    String,
    Option<String>,
    String,
    String,
);

pub(super) fn sandbox_request(c: &mut Connection, id: &str) -> StoreResult<Option<SandboxRequest>> {
    let row: Option<SandboxRow> = c
        .query_row(
            "SELECT id, reference, state, journey, amount, currency, token, created_at, updated_at
             FROM sandbox_payment_requests WHERE id = ?1",
            params![id],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                    r.get(8)?,
                ))
            },
        )
        .optional()?;
    row.map(
        |(id, reference, state, journey, amount, currency, token, created, updated)| {
            Ok(SandboxRequest {
                id,
                reference,
                state,
                journey,
                amount,
                currency,
                token,
                created_at: time_col(&created)?,
                updated_at: time_col(&updated)?,
            })
        },
    )
    .transpose()
}

pub(super) fn sandbox_transition(
    c: &mut Connection,
    id: &str,
    from: &str,
    to: &str,
    token: Option<&str>,
    at: OffsetDateTime,
) -> StoreResult<bool> {
    let n = c.execute(
        "UPDATE sandbox_payment_requests SET state = ?1, token = COALESCE(?2, token), updated_at = ?3 WHERE id = ?4 AND state = ?5",
        params![to, token, clock::format(at), id, from],
    )?;
    Ok(n == 1)
}
